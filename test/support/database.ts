import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Test databases: global setup migrates one template database; each test file gets its own copy
 * (CREATE DATABASE … TEMPLATE), so files run in parallel and never see each other's rows.
 */
export const SERVER_URL_ENV = 'DH_TEST_SERVER_URL';
export const TEMPLATE_ENV = 'DH_TEST_TEMPLATE';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = process.env[SERVER_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!serverUrl || !template)
    throw new Error('test database not prepared: run the e2e tests through jest (global setup)');
  const name = `${template}_${randomBytes(5).toString('hex')}`;
  await withAdminClient(serverUrl, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        // Two copies of one template started at the same instant: PostgreSQL asks us to try again.
        if (attempt < 20 && /being accessed by other users/.test((err as Error).message)) {
          await new Promise((r) => setTimeout(r, 100 + attempt * 50));
          continue;
        }
        throw err;
      }
    }
  });
  return databaseUrl(serverUrl, name);
}
