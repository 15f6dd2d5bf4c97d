import { readFileSync } from 'node:fs';
import { withClient } from './postgres';

/** CPU time a process has used so far, ms, user and system apart (Linux /proc, clock ticks of 10 ms). */
export function processCpu(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** CPU time (user + system) a process has used so far, ms. */
export function cpuMs(pid: number): number {
  const { user, system } = processCpu(pid);
  return user + system;
}

/**
 * CPU (ms) the PostgreSQL backends connected to database `db` have used so far: the server's share of
 * the work. A backend that ended meanwhile takes its time with it, so read it around a steady load.
 */
export async function backendsCpuMs(dbUrl: string, db: string): Promise<number> {
  const pids = await withClient(dbUrl, (c) =>
    c.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [db],
    ),
  );
  let sum = 0;
  for (const { pid } of pids.rows) {
    try {
      sum += cpuMs(pid);
    } catch {
      // a backend that ended meanwhile
    }
  }
  return sum;
}
