import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { DependencyStatus } from '../common/faults/dependency-status';
import { briefError } from '../common/faults/unavailable';

/** A probe answers within this, whatever the database does. */
export const PROBE_TIMEOUT_MS = 2000;

/**
 * `SELECT 1` on a connection of its own (not the app's pool): a pool filled by requests waiting on a
 * lock does not make the service look dead, and a dead database is reported within PROBE_TIMEOUT_MS.
 * Each answer updates the database's status (logged once per change, not once per probe).
 */
@Injectable()
export class DatabaseProbe implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly dependencies: DependencyStatus,
  ) {
    const url = (db.options as { url?: string }).url;
    this.pool = new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      statement_timeout: PROBE_TIMEOUT_MS,
      idleTimeoutMillis: 60_000,
      application_name: 'donghanh-health',
    });
    // An idle probe connection cut by the server: the next probe opens another.
    this.pool.on('error', () => undefined);
  }

  async check(): Promise<{ status: 'up' } | { status: 'down'; message: string }> {
    try {
      await this.pool.query('SELECT 1');
      this.dependencies.up('database');
      return { status: 'up' };
    } catch (err) {
      this.dependencies.down('database', err);
      return { status: 'down', message: briefError(err).message ?? 'unavailable' };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
