/**
 * Hotline intake benchmark (issue 13): contacts recorded per second through `POST /api/contacts`
 * with 8 clients (goal ≥ 500/s), the app as its own process (`src/main.ts`, as `npm start` runs it),
 * then as two processes on the one database (clients split between them as a load balancer would,
 * Socket.IO over a throwaway Redis: README "Several processes"). Baselines in the same run, on the
 * same server: the same contact rows written straight into the contacts table by 8 clients over pg
 * (one INSERT each, pgbench-style: what the database alone can do), and pgbench's own TPC-B. Beside
 * the rates, the CPU each contact cost the app, the bench's clients and PostgreSQL's backends (the
 * steadier figures on a shared machine).
 *
 * Run: `npm run bench -- contacts` (DATABASE_URL = a PostgreSQL server to create scratch databases on;
 * default postgres://postgres@127.0.0.1:5432/postgres). SECONDS (5), CLIENTS (8) and PROCESSES (`1,2`:
 * one row per entry) override. CPU_PROF=<dir> runs the app under V8's profiler
 * (bench/lib/cpu-prof-preload.js) and writes its profile there (open it in Chrome DevTools, or
 * `node -r @swc-node/register bench/lib/cpu-profile-top.ts <file>` for the top self-time entries).
 */
import { Agent } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  PROCESS_ADMIN,
  processEnv,
  redisServer,
  startProcess,
  stop,
  type Proc,
} from '../test/support/processes';
import { ApiClient } from './lib/api-client';
import { backendsCpuMs, cpuMs } from './lib/cpu';
import { postJson } from './lib/http-post';
import { runPgbench } from './lib/pgbench';
import { databaseUrl, withClient } from './lib/postgres';
import { printTable } from './lib/table';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.SECONDS ?? 5);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const DB_NAME = `dh_bench_contacts_${process.pid}`;
const CPU_PROF = process.env.CPU_PROF;
/** app processes per row: `PROCESSES=1,2` (default) is one row with one process, one with two */
const PROCESSES = (process.env.PROCESSES ?? '1,2').split(',').map(Number);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** One contact as an operator records it: a branch-4 question from Cầu Giấy. */
const contactBody = (i: number) => ({
  channel: i % 4 === 0 ? 'zalo' : 'phone',
  branch: 4,
  category: 'essential_goods_permit',
  district: 'Cầu Giấy',
  ward: 'Dịch Vọng',
  callerPhone: `+8498${String(i % 10_000_000).padStart(7, '0')}`,
  summary: 'Hỏi thủ tục đăng ký lưu thông hàng hóa thiết yếu',
});

interface Run {
  done: number;
  failed: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** `CLIENTS` loops, each sending `one(i)` back to back for `SECONDS` (after a one-second warm-up). */
async function closedLoop(one: (i: number, client: number) => Promise<boolean>): Promise<Run> {
  const warmUntil = performance.now() + 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = c; performance.now() < warmUntil; i += CLIENTS) await one(1_000_000 + i, c);
    }),
  );
  let done = 0;
  let failed = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const until = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = c; performance.now() < until; i += CLIENTS) {
        const t = performance.now();
        if (await one(i, c)) done++;
        else failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { done, failed, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

interface ApiRun extends Run {
  processes: number;
  /** CPU per contact recorded, warm-up included: the app processes, the bench's clients, PostgreSQL's backends */
  appMs: number;
  clientMs: number;
  pgMs: number;
}

/** `CLIENTS` closed loops of POST /api/contacts against `processes` app processes on one fresh database. */
async function apiRun(processes: number): Promise<ApiRun> {
  await withClient(SERVER_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB_NAME}`);
  });
  const dbUrl = databaseUrl(SERVER_URL, DB_NAME);
  // Several processes share Socket.IO pushes through Redis (README "Several processes"): a throwaway one.
  const redis = processes > 1 ? await redisServer() : undefined;
  await redis?.start();
  const apps: Proc[] = [];
  try {
    for (let p = 0; p < processes; p++) {
      const env = processEnv(dbUrl, {
        BACKGROUND_JOBS: '1',
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...(CPU_PROF
          ? {
              NODE_OPTIONS: `--require ${join(__dirname, 'lib/cpu-prof-preload.js')}`,
              CPU_PROF_DIR: CPU_PROF,
            }
          : {}),
      });
      // one at a time: the first migrates the database and creates the admin
      apps.push(await startProcess(env));
    }
    const admin = await new ApiClient(apps[0].url).login(PROCESS_ADMIN.email, PROCESS_ADMIN.password);
    await admin.post('/api/users', {
      email: 'operator@bench.local',
      password: 'bench-operator-password',
      fullName: 'Bench operator',
      role: 'operator',
    });
    const operator = await new ApiClient(apps[0].url).login(
      'operator@bench.local',
      'bench-operator-password',
    );
    const pids = apps.map((a) => a.child.pid as number);
    const appCpu0 = pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const clientCpu0 = process.cpuUsage();
    const pgCpu0 = await backendsCpuMs(dbUrl, DB_NAME);
    // a load balancer's share: client c always talks to process c mod N
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const run = await closedLoop((i, client) =>
      postJson(
        agent,
        `${apps[client % apps.length].url}/api/contacts`,
        operator.token ?? '',
        contactBody(i),
      ).then(({ status }) => status === 201),
    );
    agent.destroy();
    const appCpu = pids.reduce((sum, pid) => sum + cpuMs(pid), 0) - appCpu0;
    const clientCpu = process.cpuUsage(clientCpu0);
    const pgCpu = (await backendsCpuMs(dbUrl, DB_NAME)) - pgCpu0;
    const [{ n }] = (
      await withClient(dbUrl, (c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts`))
    ).rows;
    const per = (ms: number) => ms / Math.max(1, n);
    return {
      ...run,
      processes,
      appMs: per(appCpu),
      clientMs: per((clientCpu.user + clientCpu.system) / 1000),
      pgMs: per(pgCpu),
    };
  } finally {
    for (const app of apps) await stop(app);
    await redis?.kill();
  }
}

/** The same rows straight into the table, one INSERT per contact on `CLIENTS` connections of its own. */
async function rawRun(): Promise<Run> {
  const dbUrl = databaseUrl(SERVER_URL, DB_NAME);
  const [{ id: operatorId }] = (
    await withClient(dbUrl, (c) => c.query<{ id: string }>(`SELECT id FROM users WHERE role = 'operator'`))
  ).rows;
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new Client({ connectionString: dbUrl });
      await c.connect();
      return c;
    }),
  );
  try {
    return await closedLoop(async (i, client) => {
      const b = contactBody(i);
      await clients[client].query(
        `INSERT INTO contacts (channel, branch, category, district, ward, caller_phone, summary, received_at, status, operator_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), 'received', $8)`,
        [b.channel, b.branch, b.category, b.district, b.ward, b.callerPhone, b.summary, operatorId],
      );
      return true;
    });
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function main(): Promise<void> {
  const apiRuns: ApiRun[] = [];
  let raw: Run;
  try {
    for (const processes of PROCESSES) apiRuns.push(await apiRun(processes));
    raw = await rawRun();
  } finally {
    await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
  }
  const pg = runPgbench(SERVER_URL, SECONDS, CLIENTS);
  const tpcb = pg?.find((r) => r.mode === 'pgbench tpc-b');
  const rawRate = raw.done / raw.seconds;
  printTable(
    `Contacts recorded per second (${CLIENTS} clients, ${SECONDS} s, closed loop)`,
    ['what', 'per second', 'failed', 'p50 ms', 'p99 ms', '÷ INSERT', '÷ tpc-b'],
    [
      ...apiRuns.map((r) => {
        const rate = r.done / r.seconds;
        return [
          `POST /api/contacts, ${r.processes} app process${r.processes > 1 ? 'es' : ''}`,
          rate.toFixed(0),
          r.failed,
          r.p50.toFixed(1),
          r.p99.toFixed(1),
          (rate / rawRate).toFixed(2),
          tpcb ? (rate / tpcb.tps).toFixed(2) : '',
        ];
      }),
      [
        'INSERT INTO contacts over pg (same rows, no app)',
        rawRate.toFixed(0),
        raw.failed,
        raw.p50.toFixed(1),
        raw.p99.toFixed(1),
        '1',
        tpcb ? (rawRate / tpcb.tps).toFixed(2) : '',
      ],
      ...(tpcb
        ? [[`pgbench tpc-b (-c ${CLIENTS})`, tpcb.tps.toFixed(0), 0, '', '', '', '1']]
        : [['pgbench', 'not installed', '', '', '', '', '']]),
    ],
  );
  printTable(
    'CPU per contact recorded, ms (warm-up included; the machine has 2 cores)',
    ['app processes', 'app (all processes)', "bench's 8 clients", "PostgreSQL's backends", 'sum'],
    apiRuns.map((r) => [
      r.processes,
      r.appMs.toFixed(2),
      r.clientMs.toFixed(2),
      r.pgMs.toFixed(2),
      (r.appMs + r.clientMs + r.pgMs).toFixed(2),
    ]),
  );
  for (const r of apiRuns) {
    const rate = r.done / r.seconds;
    console.log(
      `goal ≥ 500 contacts/s, ${r.processes} process${r.processes > 1 ? 'es' : ''}: ${rate >= 500 ? 'met' : 'not met'} (${rate.toFixed(0)}/s; app CPU ${r.appMs.toFixed(2)} ms a contact, so ${r.processes > 1 ? 'each' : 'a'} core of its own would record about ${((1000 * r.processes) / r.appMs).toFixed(0)}/s)`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
