/**
 * Hotline intake benchmark (issue 13): contacts recorded per second through `POST /api/contacts`
 * with 8 clients (goal ≥ 500/s), the app as its own process (`src/main.ts`, as `npm start` runs it).
 * Baselines in the same run, on the same server: the same contact rows written straight into the
 * contacts table by 8 clients over pg (one INSERT each, pgbench-style: what the database alone can
 * do), and pgbench's own TPC-B.
 *
 * Run: `npm run bench -- contacts` (DATABASE_URL = a PostgreSQL server to create scratch databases on;
 * default postgres://postgres@127.0.0.1:5432/postgres). SECONDS (5) and CLIENTS (8) override.
 * CPU_PROF=<dir> runs the app under V8's profiler (bench/lib/cpu-prof-preload.js) and writes its profile there (open it in
 * Chrome DevTools, or `node bench/lib/cpu-profile-top.ts <file>` for the top self-time entries).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { processEnv, startProcess, stop } from '../test/support/processes';
import { ApiClient } from './lib/api-client';
import { runPgbench } from './lib/pgbench';
import { databaseUrl, withClient } from './lib/postgres';
import { printTable } from './lib/table';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.SECONDS ?? 5);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const DB_NAME = 'dh_bench_contacts';
const CPU_PROF = process.env.CPU_PROF;

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

/** CPU time (user + system) a process has used so far, ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

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

async function main(): Promise<void> {
  await withClient(SERVER_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB_NAME}`);
  });
  const dbUrl = databaseUrl(SERVER_URL, DB_NAME);
  const env = processEnv(dbUrl, {
    BACKGROUND_JOBS: '1',
    ...(CPU_PROF
      ? { NODE_OPTIONS: `--require ${join(__dirname, 'lib/cpu-prof-preload.js')}`, CPU_PROF_DIR: CPU_PROF }
      : {}),
  });
  const app = await startProcess(env);
  let api: Run;
  let raw: Run;
  let apiCpuPerContact: number;
  try {
    const admin = await new ApiClient(app.url).login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    await admin.post('/api/users', {
      email: 'operator@bench.local',
      password: 'bench-operator-password',
      fullName: 'Bench operator',
      role: 'operator',
    });
    const operator = await new ApiClient(app.url).login('operator@bench.local', 'bench-operator-password');
    const cpu0 = cpuMs(app.child.pid as number);
    api = await closedLoop(async (i) => {
      const res = await fetch(`${app.url}/api/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(contactBody(i)),
      });
      await res.arrayBuffer();
      return res.status === 201;
    });
    // warm-up included: the CPU the app spent per contact it recorded, whatever share of a core it got
    const cpu = cpuMs(app.child.pid as number) - cpu0;
    const [{ n }] = (
      await withClient(dbUrl, (c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts`))
    ).rows;
    apiCpuPerContact = cpu / Math.max(1, n);

    // The same rows straight into the table, one INSERT per contact on 8 connections of its own.
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
      raw = await closedLoop(async (i, client) => {
        const c = clients[client];
        const b = contactBody(i);
        await c.query(
          `INSERT INTO contacts (channel, branch, category, district, ward, caller_phone, summary, received_at, status, operator_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now(), 'received', $8)`,
          [b.channel, b.branch, b.category, b.district, b.ward, b.callerPhone, b.summary, operatorId],
        );
        return true;
      });
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  } finally {
    await stop(app);
    await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
  }
  const pg = runPgbench(SERVER_URL, SECONDS, CLIENTS);
  const tpcb = pg?.find((r) => r.mode === 'pgbench tpc-b');
  const apiRate = api.done / api.seconds;
  const rawRate = raw.done / raw.seconds;
  printTable(
    `Contacts recorded per second (${CLIENTS} clients, ${SECONDS} s, closed loop)`,
    ['what', 'per second', 'failed', 'p50 ms', 'p99 ms', 'API ÷ this'],
    [
      [
        'POST /api/contacts (operator, through the app)',
        apiRate.toFixed(0),
        api.failed,
        api.p50.toFixed(1),
        api.p99.toFixed(1),
        '1',
      ],
      [
        'INSERT INTO contacts over pg (same rows, no app)',
        rawRate.toFixed(0),
        raw.failed,
        raw.p50.toFixed(1),
        raw.p99.toFixed(1),
        (apiRate / rawRate).toFixed(2),
      ],
      ...(tpcb
        ? [[`pgbench tpc-b (-c ${CLIENTS})`, tpcb.tps.toFixed(0), 0, '', '', (apiRate / tpcb.tps).toFixed(2)]]
        : [['pgbench', 'not installed', '', '', '', '']]),
    ],
  );
  console.log(
    `app CPU per contact recorded: ${apiCpuPerContact.toFixed(1)} ms, so a core of its own would record about ${(1000 / apiCpuPerContact).toFixed(0)}/s`,
  );
  console.log(
    `goal: ≥ 500 contacts/s through the API — ${apiRate >= 500 ? 'met' : 'not met'} (${apiRate.toFixed(0)}/s)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
