/**
 * `npm run replay`: the 1022 hotline's first five days (19–23 Aug 2021, `/shared/seed/`) replayed
 * through the public API of a running app, then the statistics read back and printed beside the
 * article's figures, with the time it took. See bench/lib/replay.ts for who does what.
 *
 *   npm run replay                       its own app (`src/main.ts` as a process) on a fresh database
 *                                        on the PostgreSQL at DATABASE_URL (default 127.0.0.1:5432),
 *                                        dropped afterwards; all-day consult windows so doctors take calls
 *   npm run replay -- --url http://host:3000
 *                                        an app already running; ADMIN_EMAIL / ADMIN_PASSWORD sign in.
 *                                        It adds users, doctors and a consult roster for the window open
 *                                        now: use a scratch deployment, never a live one.
 *   SCALE=0.1 npm run replay             a tenth of the contacts; LINES (8) contacts recorded at once
 */
import { performance } from 'node:perf_hooks';
import { processEnv, startProcess, stop, type Proc } from '../test/support/processes';
import { databaseUrl, withClient } from './lib/postgres';
import { runReplay } from './lib/replay';
import { SEED_FIGURES } from './lib/replay-plan';
import { printTable } from './lib/table';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCALE = Number(process.env.SCALE ?? 1);
const LINES = Number(process.env.LINES ?? 8);
const ZONE = process.env.OPERATIONS_TZ ?? 'Asia/Ho_Chi_Minh';
const DB_NAME = 'dh_replay';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const n = (v: number) => v.toLocaleString('en');

async function main(): Promise<void> {
  const given = argument('url');
  let app: Proc | undefined;
  let admin = {
    email: process.env.ADMIN_EMAIL ?? 'admin@donghanh.local',
    password: process.env.ADMIN_PASSWORD ?? '',
  };
  const t0 = performance.now();
  if (!given) {
    await withClient(SERVER_URL, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${DB_NAME}`);
    });
    const env = processEnv(databaseUrl(SERVER_URL, DB_NAME), { OPERATIONS_TZ: ZONE, BACKGROUND_JOBS: '1' });
    admin = { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD };
    app = await startProcess(env);
    console.log(
      `app started on a fresh database (${DB_NAME}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } else if (!admin.password) {
    throw new Error('--url needs ADMIN_PASSWORD (and ADMIN_EMAIL unless it is admin@donghanh.local)');
  }
  const url = given ?? (app as Proc).url;
  try {
    console.log(
      `replaying ${SEED_FIGURES.from} to ${SEED_FIGURES.to} at scale ${SCALE} through ${url} (${LINES} lines)`,
    );
    const r = await runReplay({
      url,
      admin,
      scale: SCALE,
      zone: ZONE,
      lines: LINES,
      log: (l) => console.log(`  ${l}`),
    });
    const seed = {
      received: Math.round(SEED_FIGURES.received * SCALE),
      answered: Math.round(SEED_FIGURES.received * SCALE) - Math.round(SEED_FIGURES.forwarded * SCALE),
      forwarded: Math.round(SEED_FIGURES.forwarded * SCALE),
    };
    const row = (what: string, stat: string, measured: number, expected: number) => [
      what,
      stat,
      n(measured),
      n(expected),
      measured === expected ? 'yes' : 'NO',
    ];
    printTable(
      `The replay against the seed${SCALE === 1 ? '' : ` (scaled by ${SCALE})`}: GET /api/stats/daily?from=${SEED_FIGURES.from}&to=${SEED_FIGURES.to}, summed`,
      ['figure', 'statistics field(s)', 'replay', 'seed', 'equal?'],
      [
        row('received', 'contactsReceived', r.measured.received, seed.received),
        row(
          'answered',
          'contactsResolved + contactsTransferred + byBranch["3"]',
          r.measured.answered,
          seed.answered,
        ),
        row('forwarded', 'contactsForwarded', r.measured.forwarded, seed.forwarded),
        row(
          'forwarded, handled by the district',
          'forwardedHandled',
          r.measured.handled,
          r.planned.forwarded,
        ),
      ],
    );
    printTable(
      'Per day (OPERATIONS_TZ), from the statistics',
      [
        'date',
        'received',
        'resolved',
        'transferred',
        'branch 3',
        'forwarded',
        'handled',
        'overdue',
        'phone / zalo / web / sms',
      ],
      r.stats.map((d) => [
        d.date,
        d.contactsReceived,
        d.contactsResolved,
        d.contactsTransferred,
        d.byBranch['3'] ?? 0,
        d.contactsForwarded,
        d.forwardedHandled,
        d.forwardedOverdue,
        ['phone', 'zalo', 'web', 'sms'].map((c) => d.byChannel[c] ?? 0).join(' / '),
      ]),
    );
    const t = r.timings;
    printTable(
      'Time',
      ['step', 'seconds'],
      [
        ['set-up (logins, officers, doctors, roster)', t.setupSeconds.toFixed(1)],
        [`recording ${n(r.plan.length)} contacts and their answers / forwards`, t.recordSeconds.toFixed(1)],
        ['officers and doctors finishing', t.drainSeconds.toFixed(1)],
        ['the replay in all', t.totalSeconds.toFixed(1)],
        ['contacts recorded per second', (r.plan.length / t.recordSeconds).toFixed(0)],
      ],
    );
    console.log(
      `branch-3 consults answered by the simulated doctors: ${r.consultsCompleted} of ${r.consultsPlanned}; reports handled by district officers: ${r.forwardsHandledByOfficers} of ${r.planned.forwarded}`,
    );
    const ok =
      r.measured.received === seed.received &&
      r.measured.answered === seed.answered &&
      r.measured.forwarded === seed.forwarded;
    if (!ok) process.exitCode = 1;
  } finally {
    if (app) {
      await stop(app);
      await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
