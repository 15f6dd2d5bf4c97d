/**
 * The README's pictures of the console at work, taken from a running app with the demo data:
 *
 *   node -r @swc-node/register scripts/screenshots.ts
 *
 * Starts the app as `npm start` does (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR; the demo
 * data is seeded when the database is new), signs in as the demo users in Chromium and saves PNGs to
 * docs/screenshots/: the doctor's offer (a consult is created so that an offer arrives), the
 * coordinator's supervisor board and the daily statistics.
 *
 * Each picture is one row of SHOTS below. Pages are reached from the role's first page by pressing a tab
 * whose name matches (Vietnamese or English), or by a path; SCREENSHOT_<NAME>_TAB (a tab's visible name)
 * or SCREENSHOT_<NAME>_PATH overrides that, e.g. SCREENSHOT_BOARD_TAB="Điều phối". A picture whose page
 * is not found is skipped with a message, and the script then exits non-zero.
 *
 * Environment: DATABASE_URL (else embedded), DATA_DIR, CHROMIUM_PATH (default /usr/bin/chromium,
 * scripts/ensure-chromium.sh installs it), SCREENSHOT_DOCTOR_EMAIL (a consult doctor; default: one on
 * the published roster for the window that contains now, the only kind a consult is offered to).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import { demoPassword } from '../src/database/seed/demo-seed';
import { startServer } from '../src/server';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1366, height: 900 };

type Where = { tab: RegExp | string } | { path: string };

interface Shot {
  /** the file name, and the NAME of its SCREENSHOT_<NAME>_TAB / _PATH override */
  name: string;
  file: string;
  who: 'doctor' | 'coordinator';
  viewport: { width: number; height: number };
  /** how to reach the page from the role's first page; none: the first page itself */
  where?: Where;
  /** run on the page before the picture (e.g. make an offer arrive) */
  prepare?: (page: Page, ctx: Ctx) => Promise<void>;
  /** the element to wait for before the picture */
  ready?: string;
}

interface Ctx {
  url: string;
  coordinatorToken: string;
}

const SHOTS: Shot[] = [
  {
    name: 'offer',
    file: 'doctor-offer.png',
    who: 'doctor',
    viewport: PHONE,
    prepare: async (page, ctx) => {
      const toggle = page.getByRole('switch');
      if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
      await page.locator('[role=switch][aria-checked=true]').waitFor();
      await api(ctx, 'POST', '/api/consults', {
        callerPhone: '0912345678',
        callerName: 'Nguyễn Thị Mai',
        reason: 'Sốt 38.5 độ hai ngày, ho khan, khó thở nhẹ khi đi lại',
        language: 'vi',
      });
    },
    ready: '[data-testid="offer"], [data-testid="offer-card"]',
  },
  {
    name: 'board',
    file: 'supervisor-board.png',
    who: 'coordinator',
    viewport: LAPTOP,
    where: { tab: /giám sát|điều phối trực tiếp|bảng|supervisor|board|live/i },
    ready: '[data-testid="queue-row"], [data-testid="doctor-status"]',
  },
  {
    name: 'stats',
    file: 'daily-statistics.png',
    who: 'coordinator',
    viewport: LAPTOP,
    where: { tab: /thống kê|statistics|stats/i },
    ready: 'svg, table',
  },
];

async function api(ctx: Ctx, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${ctx.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ctx.coordinatorToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email}: HTTP ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A consult doctor with a login who is on the published roster now: the only kind an offer goes to. */
async function doctorOnShiftNow(db: DataSource): Promise<string | null> {
  const [row] = (await db.query(
    `SELECT u.email
       FROM roster_assignments ra
       JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = 'consult'
       JOIN doctors d ON d.id = ra.doctor_id AND d.active
       JOIN users u ON u.doctor_id = d.id
      WHERE ra.starts_at <= now() AND ra.ends_at > now()
      ORDER BY u.email
      LIMIT 1`,
  )) as { email: string }[];
  return row?.email ?? null;
}

function override(name: string): Where | undefined {
  const tab = process.env[`SCREENSHOT_${name.toUpperCase()}_TAB`];
  const path = process.env[`SCREENSHOT_${name.toUpperCase()}_PATH`];
  return path ? { path } : tab ? { tab } : undefined;
}

/** Opens the page of a shot, or says why not. */
async function reach(page: Page, url: string, where: Where | undefined): Promise<string | null> {
  if (!where) return null;
  if ('path' in where) {
    await page.goto(`${url}${where.path}`);
    return null;
  }
  for (const role of ['tab', 'link', 'button'] as const) {
    const target = page.getByRole(role, { name: where.tab }).first();
    if (await target.count()) {
      await target.click();
      return null;
    }
  }
  return `no tab, link or button named ${String(where.tab)}`;
}

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env, PORT: process.env.PORT ?? '0' };
  if (!process.env.DATABASE_URL && !process.env.DEMO_SEED) env.DEMO_SEED = 'on';
  // the console as the sources are now (SCREENSHOT_BUILD=0 keeps an existing web/dist)
  if (process.env.SCREENSHOT_BUILD !== '0' || !existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  }
  const server = await startServer(env);
  const config = AppConfig.fromEnv(env);
  const password = demoPassword(config);
  const db = server.app.get<DataSource>(getDataSourceToken());
  let browser: Browser | undefined;
  const skipped: string[] = [];
  try {
    const doctorEmail = process.env.SCREENSHOT_DOCTOR_EMAIL ?? (await doctorOnShiftNow(db));
    const emails = { coordinator: 'coordinator@donghanh.local', doctor: doctorEmail };
    const ctx: Ctx = {
      url: server.url,
      coordinatorToken: await login(server.url, emails.coordinator, password),
    };
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    mkdirSync(OUT, { recursive: true });
    for (const shot of SHOTS) {
      const email = emails[shot.who];
      if (!email) {
        skipped.push(
          `${shot.file}: no consult doctor is on the published roster now (set SCREENSHOT_DOCTOR_EMAIL, or run within a consult window)`,
        );
        continue;
      }
      const context = await browser.newContext({
        viewport: shot.viewport,
        deviceScaleFactor: 2,
        locale: 'vi-VN',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      try {
        await page.goto(server.url);
        await page.locator('input[name=email]').fill(email);
        await page.locator('input[name=password]').fill(password);
        await page.locator('form button[type=submit]').click();
        await page.getByTestId('whoami').waitFor();
        await page.waitForLoadState('networkidle');
        const missing = await reach(page, server.url, override(shot.name) ?? shot.where);
        if (missing) {
          skipped.push(`${shot.file}: ${missing} (set SCREENSHOT_${shot.name.toUpperCase()}_TAB or _PATH)`);
          continue;
        }
        await shot.prepare?.(page, ctx);
        if (shot.ready) await page.locator(shot.ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(OUT, shot.file) });
        console.log(`saved docs/screenshots/${shot.file}`);
      } catch (err) {
        skipped.push(`${shot.file}: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  if (skipped.length) {
    console.error(`not saved:\n  ${skipped.join('\n  ')}`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
