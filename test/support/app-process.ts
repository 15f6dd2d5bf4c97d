import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { createTestDatabase } from './database';

/**
 * Real app processes for the tests that need several (`node -r @swc-node/register src/main.ts`, as in
 * production), each on its own free port, sharing a database and a Socket.IO adapter.
 */
const ROOT = join(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

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

export interface Proc {
  child: ChildProcess;
  url: string;
  output: string[];
}

/** A real app process: `node -r @swc-node/register src/main.ts`, resolved once it says it is up. */
export async function startProcess(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start: ${output.join('')}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('is up on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}): ${output.join('')}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, output };
}

export function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
    setTimeout(() => {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }, 10_000).unref();
  });
}

export const PAIR_ADMIN = { email: 'admin@donghanh.local', password: 'admin-password-1' };

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
  const base = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'two-processes-secret-two-processes-0123',
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'off',
    ADMIN_EMAIL: PAIR_ADMIN.email,
    ADMIN_PASSWORD: PAIR_ADMIN.password,
    CONSULT_WINDOWS: '00-24',
    ...(await adapterEnv()),
    ...env,
  };
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
