import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { createTestDatabase } from './database';
import { Proc, PROCESS_ADMIN, processEnv, startProcess, stop } from './processes';

export type { Proc };

// Two real app processes sharing a database and a Socket.IO adapter; the single-process pieces are in processes.ts.

/** Redis when TEST_REDIS_URL is set and answers; otherwise the Postgres adapter over the test database. */
export async function adapterEnv(): Promise<Record<string, string>> {
  const url = process.env.TEST_REDIS_URL;
  if (url) {
    const client = createClient({ url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return { REDIS_URL: url };
    } catch {
      /* no Redis here: fall back */
    } finally {
      await client.quit().catch(() => undefined);
    }
  }
  return { SOCKET_ADAPTER: 'postgres' };
}

export const PAIR_ADMIN = PROCESS_ADMIN;

export interface ProcessPair {
  /** runs no background jobs: what happens there was caused by a request to it or reached it through the adapter */
  a: Proc;
  /** runs the background jobs (dispatcher passes, sweepers) */
  b: Proc;
  db: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * Two app processes on one fresh database (B first: two processes creating the first admin at the
 * same instant race on its unique email), and a database handle for the test's own checks.
 */
export async function startPair(env: Record<string, string>): Promise<ProcessPair> {
  const databaseUrl = await createTestDatabase();
  const base = processEnv(databaseUrl, { ...(await adapterEnv()), ...env });
  const b = await startProcess({ ...base, BACKGROUND_JOBS: '1' });
  const a = await startProcess({ ...base, BACKGROUND_JOBS: '0' }).catch(async (err: unknown) => {
    await stop(b);
    throw err;
  });
  const db = new DataSource({ type: 'postgres', url: databaseUrl });
  await db.initialize();
  return {
    a,
    b,
    db,
    config: AppConfig.fromEnv(base),
    close: async () => {
      await Promise.all([stop(a), stop(b)]);
      await db.destroy();
    },
  };
}
