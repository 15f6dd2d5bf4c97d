import { Client } from 'pg';
import { SERVER_URL_ENV, withAdminClient } from '../support/database';

/** The database name of a test database URL. */
export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * The database refuses connections: `ALLOW_CONNECTIONS false` and every backend on it terminated
 * (what a failover or an operator cutting it off looks like to the app). Only this test's database.
 */
export async function refuseConnections(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  await withAdminClient(process.env[SERVER_URL_ENV] ?? '', async (c) => {
    await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await c.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
  });
}

export async function allowConnections(databaseUrl: string): Promise<void> {
  await withAdminClient(process.env[SERVER_URL_ENV] ?? '', async (c) => {
    await c.query(`ALTER DATABASE "${databaseName(databaseUrl)}" ALLOW_CONNECTIONS true`);
  });
}

/** A session holding `LOCK TABLE … IN EXCLUSIVE MODE` (reads pass, every write waits) until released. */
export async function lockTable(databaseUrl: string, table: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

export async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}
