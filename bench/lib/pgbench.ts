import { execFileSync } from 'node:child_process';

export interface PgbenchResult {
  mode: string;
  tps: number;
  latencyMs: number;
}

/**
 * The machine's own speed, measured in the same run as a benchmark: PostgreSQL's pgbench against a
 * scratch database on the same server. Ratios against it mean something on a shared, noisy machine.
 * Returns null (and the benchmark says so) when pgbench is not installed.
 */
export function runPgbench(serverUrl: string, seconds = 5, clients = 4): PgbenchResult[] | null {
  const url = new URL(serverUrl);
  const env = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username || 'postgres'),
    PGPASSWORD: decodeURIComponent(url.password),
  };
  // its own name: benchmarks of other worktrees may run on the same server at the same time
  const db = `dh_bench_pgbench_${process.pid}`;
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  execFileSync(
    'psql',
    ['-d', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`],
    { env, stdio: 'ignore' },
  );
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', '5', db], { env, stdio: 'ignore' });
    const run = (mode: string, extra: string[]): PgbenchResult => {
      const out = execFileSync(
        'pgbench',
        ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...extra, db],
        {
          env,
          encoding: 'utf8',
        },
      );
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
      const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
      return { mode, tps, latencyMs };
    };
    return [run('pgbench select-only (-S)', ['-S']), run('pgbench tpc-b', [])];
  } finally {
    execFileSync('psql', ['-d', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db}`], {
      env,
      stdio: 'ignore',
    });
  }
}
