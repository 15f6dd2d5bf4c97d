/**
 * Live consults benchmark (issue 4). The app runs as its own process (`node -r @swc-node/register
 * src/main.ts`, as in production); this script is the load generator and the doctors' clients.
 *   - 1,000 connected doctors (real socket.io-client sockets, presence available, on today's roster):
 *     p50 / p99 from `POST /api/consults` to `consult:offered` arriving at the doctor's client, at
 *     10, 50 and 200 consults per second (open loop), then rising rates until p99 passes 100 ms;
 *     every doctor accepts at once over the socket and completes the call over HTTP shortly after.
 *   - baselines in the same run: a bare Socket.IO emit → ack round trip, and pgbench on the same server.
 *   - memory (RSS) of one app process holding 5,000 connected doctor sockets.
 *
 * Run: `npm run bench:consults` (DATABASE_URL = a PostgreSQL server to create scratch databases on;
 * default postgres://postgres@127.0.0.1:5432/postgres). DOCTORS, SOCKETS, SECONDS override the sizes;
 * BENCH_PROFILE=<dir> runs the app with `--cpu-prof` and leaves its CPU profiles there.
 */
import { JwtService } from '@nestjs/jwt';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { io, Socket } from 'socket.io-client';
import { TokenService } from '../src/auth/token.service';
import { runMigrations } from '../src/database/migrate';
import { runPgbench } from './lib/pgbench';
import { databaseUrl, withClient } from './lib/postgres';
import { printTable } from './lib/table';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DOCTORS = Number(process.env.DOCTORS ?? 1_000);
const SOCKETS = Number(process.env.SOCKETS ?? 5_000);
const SECONDS = Number(process.env.SECONDS ?? 5);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01';
const ROOT = join(__dirname, '..');

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const ms = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1));
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A scratch database, migrated, with `n` consult doctors on a roster that covers now, and a coordinator. */
async function prepareDatabase(
  name: string,
  n: number,
): Promise<{ url: string; doctorIds: string[]; userIds: string[]; coordinatorId: string }> {
  await withClient(SERVER_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = databaseUrl(SERVER_URL, name);
  await runMigrations(url);
  return withClient(url, async (db) => {
    const doctors = await db.query<{ id: string }>(
      `INSERT INTO doctors (full_name, phone, email, specialty, years_of_experience, "group")
       SELECT 'Bench doctor ' || i, '+8491' || lpad(i::text, 7, '0'), 'bench' || i || '@bench.local', 'General practice', 10, 'consult'
       FROM generate_series(1, $1) AS i RETURNING id`,
      [n],
    );
    // Tokens name the login (users.id), which every request and handshake checks still holds.
    const logins = await db.query<{
      id: string;
      doctor_id: string;
    }>(`INSERT INTO users (email, password_hash, full_name, role, doctor_id)
      SELECT email, 'not-a-login', full_name, 'doctor', id FROM doctors RETURNING id, doctor_id`);
    const loginOf = new Map(logins.rows.map((r) => [r.doctor_id, r.id]));
    const [coordinator] = (
      await db.query<{ id: string }>(
        `INSERT INTO users (email, password_hash, full_name, role) VALUES ('coord@bench.local', 'not-a-login', 'Bench coordinator', 'coordinator') RETURNING id`,
      )
    ).rows;
    const [roster] = (
      await db.query<{ id: string }>(
        `INSERT INTO rosters ("group", from_date, to_date, status, published_at) VALUES ('consult', current_date - 1, current_date + 1, 'published', now()) RETURNING id`,
      )
    ).rows;
    await db.query(
      `INSERT INTO roster_assignments (roster_id, doctor_id, window_key, date, starts_at, ends_at)
       SELECT $1, id, 'bench/00-24', current_date, now() - interval '2 hours', now() + interval '10 hours' FROM doctors`,
      [roster.id],
    );
    const doctorIds = doctors.rows.map((r) => r.id);
    return {
      url,
      doctorIds,
      userIds: doctorIds.map((id) => loginOf.get(id) as string),
      coordinatorId: coordinator.id,
    };
  });
}

interface AppProcess {
  child: ChildProcess;
  url: string;
  rssMb(): number;
  /** CPU time (user + system) the app process has used so far, ms */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Every app process this script started, stopped on the way out whatever happens. */
const started: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function startApp(dbUrl: string, extra: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: dbUrl,
      PORT: String(port),
      JWT_SECRET,
      LOG_LEVEL: 'silent',
      DEMO_SEED: 'off',
      ADMIN_PASSWORD: 'bench-admin-password',
      CONSULT_WINDOWS: '00-24',
      OFFER_TIMEOUT_SECONDS: '30',
      BACKGROUND_JOBS: '1',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('is up on')) resolve();
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`app exited (${code}): ${out}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    rssMb: () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

function tokenService(): TokenService {
  return new TokenService(new JwtService({ secret: JWT_SECRET, signOptions: { expiresIn: '12h' } }));
}

async function connectMany(
  url: string,
  tokens: string[],
  onSocket: (s: Socket, i: number) => void,
  parallel = 100,
): Promise<Socket[]> {
  const sockets: Socket[] = new Array<Socket>(tokens.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tokens.length) {
        const i = next++;
        const s = io(url, {
          auth: { token: tokens[i] },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        sockets[i] = s;
        onSocket(s, i);
      }
    }),
  );
  return sockets;
}

interface LevelResult {
  rate: number;
  /** POSTs that failed (connection refused or timed out) */
  failed: number;
  /** POST /api/consults response time, p50 / p99 */
  postP50?: number;
  postP99?: number;
  /** app CPU per consult (ms), and the share of one core the app used during the level */
  cpuPerConsult?: number;
  cpuShare?: number;
  sent: number;
  offered: number;
  p50?: number;
  p99?: number;
  max?: number;
}

async function latencyRun(): Promise<LevelResult[]> {
  const {
    url: dbUrl,
    doctorIds,
    userIds,
    coordinatorId,
  } = await prepareDatabase('dh_bench_consults', DOCTORS);
  const app = await startApp(dbUrl);
  const tokens = tokenService();
  const coordinatorToken = await tokens.issue({
    id: coordinatorId,
    email: 'coord@bench.local',
    role: 'coordinator',
    doctorId: null,
  });
  const doctorTokens = await Promise.all(
    doctorIds.map((id, i) =>
      tokens.issue({ id: userIds[i], email: `bench${i + 1}@bench.local`, role: 'doctor', doctorId: id }),
    ),
  );
  const sentAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  const sockets = await connectMany(app.url, doctorTokens, (s, i) => {
    s.on('consult:offered', (o: { offerId: string; consult: { id: string } }) => {
      arrivedAt.set(o.consult.id, performance.now());
      // the doctor takes the call at once and finishes it shortly after, so doctors stay free
      void (
        s.timeout(30_000).emitWithAck('consult:accept', { offerId: o.offerId }) as Promise<{ ok: boolean }>
      )
        .then(async (ack) => {
          if (!ack.ok) return;
          await sleep(200);
          await fetch(`${app.url}/api/consults/${o.consult.id}/complete`, {
            method: 'POST',
            headers: { authorization: `Bearer ${doctorTokens[i]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ outcome: 'advised' }),
          });
        })
        .catch(() => undefined); // a socket closed at the end of the run
    });
  });
  await Promise.all(
    sockets.map((s) => s.timeout(30_000).emitWithAck('presence:set', { status: 'available' })),
  );
  console.log(`${sockets.length} doctors connected and available; app RSS ${app.rssMb().toFixed(0)} MiB`);

  const runLevel = async (rate: number, seconds: number): Promise<LevelResult> => {
    const ids: string[] = [];
    const posts: number[] = [];
    let failed = 0;
    const total = Math.round(rate * seconds);
    const cpu0 = app.cpuMs();
    const start = performance.now();
    const requests: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const t0 = performance.now();
      requests.push(
        fetch(`${app.url}/api/consults`, {
          method: 'POST',
          headers: { authorization: `Bearer ${coordinatorToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ callerPhone: '0889556655', reason: 'Bench call' }),
        })
          .then(async (res) => {
            const body = (await res.json()) as { id: string };
            posts.push(performance.now() - t0);
            sentAt.set(body.id, t0);
            ids.push(body.id);
          })
          .catch(() => {
            failed++;
          }),
      );
    }
    await Promise.all(requests);
    const deadline = performance.now() + 10_000;
    while (ids.some((id) => !arrivedAt.has(id)) && performance.now() < deadline) await sleep(20);
    const latencies = ids
      .filter((id) => arrivedAt.has(id))
      .map((id) => (arrivedAt.get(id) as number) - (sentAt.get(id) as number))
      .sort((a, b) => a - b);
    const cpu = app.cpuMs() - cpu0;
    const wall = performance.now() - start;
    await sleep(1000); // let the calls of this level finish
    posts.sort((a, b) => a - b);
    return {
      rate,
      failed,
      postP50: posts.length ? percentile(posts, 50) : undefined,
      postP99: posts.length ? percentile(posts, 99) : undefined,
      cpuPerConsult: cpu / Math.max(1, ids.length),
      cpuShare: cpu / wall,
      sent: ids.length,
      offered: latencies.length,
      p50: latencies.length ? percentile(latencies, 50) : undefined,
      p99: latencies.length ? percentile(latencies, 99) : undefined,
      max: latencies.length ? latencies[latencies.length - 1] : undefined,
    };
  };

  const results: LevelResult[] = [];
  try {
    await runLevel(20, 1); // warm-up
    for (const rate of [10, 50, 200]) {
      const r = await runLevel(rate, SECONDS);
      results.push(r);
      console.log(
        `  ${rate}/s: p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms (${r.offered}/${r.sent} offered; POST p50 ${ms(r.postP50)} ms; app CPU ${ms(r.cpuPerConsult)} ms/consult, ${((r.cpuShare ?? 0) * 100).toFixed(0)}% of a core)`,
      );
    }
    // the highest rate held with p99 under 100 ms: climb from 200/s if it held, else from 50/s up to 200/s
    const held = (r: LevelResult) => r.failed === 0 && r.offered === r.sent && (r.p99 ?? Infinity) < 100;
    const climb = held(results[results.length - 1]) ? [300, 400, 600, 800] : [75, 100, 125, 150, 175];
    for (const rate of climb) {
      const r = await runLevel(rate, SECONDS);
      results.push(r);
      console.log(
        `  ${rate}/s: p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms (${r.offered}/${r.sent} offered; POST p50 ${ms(r.postP50)} ms; app CPU ${ms(r.cpuPerConsult)} ms/consult, ${((r.cpuShare ?? 0) * 100).toFixed(0)}% of a core)`,
      );
      if (!held(r)) break;
    }
  } finally {
    for (const s of sockets) s.disconnect();
    await app.stop();
    await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS dh_bench_consults WITH (FORCE)`));
  }
  return results;
}

/** Baseline: a bare Socket.IO server on this machine, emit → ack round trip. */
async function bareSocketIo(): Promise<{ p50: number; p99: number }> {
  const http = createHttpServer();
  const server = new Server(http);
  server.on('connection', (s) =>
    s.on('ping:bench', (_: unknown, ack: (v: unknown) => void) => ack({ ok: true })),
  );
  await new Promise<void>((r) => http.listen(0, () => r()));
  const { port } = http.address() as { port: number };
  const client = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((r) => client.once('connect', () => r()));
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await client.emitWithAck('ping:bench', { i });
    times.push(performance.now() - t0);
  }
  client.disconnect();
  await server.close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** RSS of one app process before and after 5,000 doctor sockets connect. */
async function memoryRun(): Promise<{ idleMb: number; loadedMb: number; sockets: number }> {
  const { url: dbUrl, doctorIds, userIds } = await prepareDatabase('dh_bench_consults_mem', SOCKETS);
  const app = await startApp(dbUrl);
  try {
    await sleep(2000);
    const idleMb = app.rssMb();
    const tokens = tokenService();
    const doctorTokens = await Promise.all(
      doctorIds.map((id, i) =>
        tokens.issue({ id: userIds[i], email: `bench${i + 1}@bench.local`, role: 'doctor', doctorId: id }),
      ),
    );
    const sockets = await connectMany(app.url, doctorTokens, () => undefined, 200);
    await Promise.all(
      sockets.map((s) => s.timeout(60_000).emitWithAck('presence:set', { status: 'available' })),
    );
    await sleep(3000);
    const loadedMb = app.rssMb();
    for (const s of sockets) s.disconnect();
    return { idleMb, loadedMb, sockets: sockets.length };
  } finally {
    await app.stop();
    await withClient(SERVER_URL, (c) =>
      c.query(`DROP DATABASE IF EXISTS dh_bench_consults_mem WITH (FORCE)`),
    );
  }
}

async function main(): Promise<void> {
  console.log(`consults benchmark: ${DOCTORS} doctors, ${SECONDS} s per rate, ${SOCKETS} sockets for memory`);
  const levels = await latencyRun();
  const bare = await bareSocketIo();
  const memory = await memoryRun();
  const pg = runPgbench(SERVER_URL);

  printTable(
    `POST /api/consults → consult:offered at the doctor's client (${DOCTORS} connected doctors, open loop, ${SECONDS} s per rate)`,
    [
      'consults/s',
      'failed',
      'sent',
      'offered',
      'p50 ms',
      'p99 ms',
      'max ms',
      'POST p50 ms',
      'POST p99 ms',
      'app CPU ms/consult',
      'app CPU % of a core',
    ],
    [...levels]
      .sort((a, b) => a.rate - b.rate)
      .map((l) => [
        l.rate,
        l.failed,
        l.sent,
        l.offered,
        ms(l.p50),
        ms(l.p99),
        ms(l.max),
        ms(l.postP50),
        ms(l.postP99),
        ms(l.cpuPerConsult),
        ((l.cpuShare ?? 0) * 100).toFixed(0),
      ]),
  );
  const held = levels
    .filter((l) => l.failed === 0 && l.offered === l.sent && (l.p99 ?? Infinity) < 100)
    .map((l) => l.rate);
  console.log(
    `\nhighest rate held with p99 < 100 ms: ${held.length ? `${Math.max(...held)} consults/s` : 'none'} (rates tried: ${levels.map((l) => l.rate).join(', ')})`,
  );
  printTable(
    'baselines (same machine, same run)',
    ['what', 'result'],
    [
      ['bare Socket.IO emit → ack round trip', `p50 ${ms(bare.p50)} ms, p99 ${ms(bare.p99)} ms`],
      ...(pg ?? []).map((r) => [r.mode, `${r.tps.toFixed(0)} tps, ${r.latencyMs.toFixed(2)} ms avg`]),
      ...(pg ? [] : [['pgbench', 'not installed']]),
    ],
  );
  printTable(
    'memory of one app process',
    ['connected doctor sockets', 'RSS MiB'],
    [
      [0, memory.idleMb.toFixed(0)],
      [memory.sockets, memory.loadedMb.toFixed(0)],
    ],
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
