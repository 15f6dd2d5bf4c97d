import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { DependencyStatus } from '../common/faults/dependency-status';
import { AppConfig } from '../config/app-config';
import { DatabaseProbe } from './database-probe';

type Indicator = { status: 'up' | 'down' };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly probe: DatabaseProbe,
    private readonly dependencies: DependencyStatus,
    private readonly config: AppConfig,
  ) {}

  /**
   * 200 when the database answers, 503 when it does not (Terminus's shape). Redis, when configured, is
   * reported but never makes it 503: it only carries pushes between processes (CONTRACT.md "Faults").
   */
  @Public()
  @Get()
  async check(): Promise<Record<string, unknown>> {
    // Public: up or down only, never the driver's error text (host names, users, versions).
    const details: Record<string, Indicator> = { database: { status: (await this.probe.check()).status } };
    if (this.config.socketAdapter === 'redis')
      details.redis = { status: this.dependencies.status('redis') === 'up' ? 'up' : 'down' };
    const pick = (s: Indicator['status']) =>
      Object.fromEntries(Object.entries(details).filter(([, v]) => v.status === s));
    const body = {
      status: details.database.status === 'up' ? 'ok' : 'error',
      info: pick('up'),
      error: pick('down'),
      details,
    };
    if (details.database.status !== 'up') throw new ServiceUnavailableException(body);
    return body;
  }
}
