import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DependencyStatus } from '../common/faults/dependency-status';
import { isDatabaseUnavailable } from '../common/faults/unavailable';
import { COMPLETE_SQL, INSERT_CONSULT_SQL } from './consults.service';
import { ACCEPT_SQL } from './offers.service';

/**
 * Pooled connections opened at start-up (and kept: the pool's `min`, see app.module.ts) so the first
 * consults after a start or a deploy find them ready.
 */
export const WARM_CONNECTIONS = 4;

/**
 * The statements of a consult's path; planning them loads what a fresh server process must read first.
 * (They are named statements: each is then prepared on its first real use on each connection.)
 */
const CONSULT_PATH = [INSERT_CONSULT_SQL, ACCEPT_SQL, COMPLETE_SQL].map((sql) => sql.text);

const paramCount = (sql: string) => Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

/**
 * Before the app listens: open WARM_CONNECTIONS pooled connections at once and plan (EXPLAIN, which
 * runs nothing) the consult path's statements on each. A fresh PostgreSQL connection pays for its
 * start and for reading the catalog of every table and index it touches the first time; without
 * this, the first consults after a start pay it, one new connection per concurrent request.
 */
@Injectable()
export class ConsultPathWarmUp implements OnApplicationBootstrap {
  private readonly log = new Logger(ConsultPathWarmUp.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly dependencies: DependencyStatus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    const runners = Array.from({ length: Math.min(WARM_CONNECTIONS, this.config.dbPoolSize) }, () =>
      this.db.createQueryRunner(),
    );
    try {
      await Promise.all(
        runners.map(async (runner) => {
          await runner.connect();
          for (const sql of CONSULT_PATH)
            await runner.query(`EXPLAIN ${sql}`, new Array<null>(paramCount(sql)).fill(null));
        }),
      );
      this.log.log(`${runners.length} database connections warmed in ${Date.now() - started} ms`);
    } catch (err) {
      // a database away now is no reason not to start: the first requests then pay as before
      if (isDatabaseUnavailable(err)) this.dependencies.databaseFailed(err);
      else throw err;
    } finally {
      await Promise.all(runners.map((r) => r.release().catch(() => undefined)));
    }
  }
}
