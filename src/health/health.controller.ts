import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** 200 when the database answers, 503 when it does not. */
  @Public()
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database()]);
  }

  /** Public endpoint: up or down only, never the driver's error text (host names, users, versions). */
  private async database(): Promise<HealthIndicatorResult> {
    const up = await Promise.resolve(this.db.pingCheck('database', { timeout: 2000 })).then(
      (r) => r.database?.status === 'up',
      () => false,
    );
    return { database: { status: up ? 'up' : 'down' } };
  }
}
