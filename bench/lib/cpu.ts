import { readFileSync } from 'node:fs';
import { Client } from 'pg';
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

/** CPU (ms) each PostgreSQL backend connected to database `db` has used so far, by pid (asked on `c`). */
async function backendsCpu(c: Client, db: string): Promise<Map<number, number>> {
  const pids = await c.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [db],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of pids.rows) {
    try {
      cpu.set(pid, cpuMs(pid));
    } catch {
      // a backend that ended meanwhile
    }
  }
  return cpu;
}

/** CPU (ms) the PostgreSQL backends of `db` have used so far (those connected now). */
export async function backendsCpuMs(dbUrl: string, db: string): Promise<number> {
  return withClient(dbUrl, async (c) => {
    let sum = 0;
    for (const ms of (await backendsCpu(c, db)).values()) sum += ms;
    return sum;
  });
}

/**
 * CPU (ms) PostgreSQL's backends of `db` use from now until `stop()`: the server's share of the work
 * (autovacuum's workers on `db` included). Read every 200 ms on one connection, so a backend a pool
 * closes (or opens) meanwhile counts for what it used while watched, instead of taking its whole time
 * out of (or into) a sum read only at both ends.
 */
export function backendsCpuMeter(dbUrl: string, db: string): { stop(): Promise<number> } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const client = new Client({ connectionString: dbUrl });
  const read = async (initial: boolean) => {
    for (const [pid, ms] of await backendsCpu(client, db)) {
      if (!first.has(pid)) first.set(pid, initial ? ms : 0);
      last.set(pid, ms);
    }
  };
  let reading = client.connect().then(() => read(true));
  const timer = setInterval(() => {
    reading = reading.then(() => read(false)).catch(() => undefined);
  }, 200);
  return {
    async stop() {
      clearInterval(timer);
      try {
        await reading;
        await read(false);
      } finally {
        await client.end();
      }
      let sum = 0;
      for (const [pid, ms] of last) sum += ms - (first.get(pid) ?? 0);
      return sum;
    },
  };
}
