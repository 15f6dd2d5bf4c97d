import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { databaseUrl, SERVER_URL_ENV, TEMPLATE_ENV, withAdminClient } from './database';

/**
 * Finds a PostgreSQL for the e2e tests (DATABASE_URL when set, else an embedded one under
 * .data/test-pg) and migrates a template database that every test file copies.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(join(__dirname, '../../.data/test-pg'), 'postgres');
    (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = embedded;
    serverUrl = embedded.url;
  }
  const template = `dh_test_${process.pid}`;
  await withAdminClient(serverUrl, async (c) => {
    // Leftovers of runs that were killed before their teardown (their jest process is gone).
    const stale = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'dh\\_test\\_%'`,
    );
    for (const { datname } of stale.rows) {
      if (!isAlive(Number(datname.split('_')[2])))
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await c.query(`CREATE DATABASE "${template}"`);
  });
  await runMigrations(databaseUrl(serverUrl, template));
  process.env[SERVER_URL_ENV] = serverUrl;
  process.env[TEMPLATE_ENV] = template;
}
