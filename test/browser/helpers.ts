import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = join(__dirname, '../..');
const WEB = join(ROOT, 'web');
const DIST_INDEX = join(WEB, 'dist', 'index.html');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

function isStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const built = statSync(DIST_INDEX).mtimeMs;
  return [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts')].some(
    (p) => newestMtime(p) > built,
  );
}

/**
 * Builds the console (vite) when web/dist is missing or older than web/src, before the app starts, so
 * WebModule serves the current page. Several test files may ask at once: a lock folder lets one build.
 */
export async function ensureWebBuilt(): Promise<void> {
  const lock = join(WEB, '.build-lock');
  for (let i = 0; i < 600; i++) {
    if (!isStale()) return;
    try {
      mkdirSync(lock);
    } catch {
      // stale lock from a killed run: older than two minutes
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (isStale()) {
        execFileSync(
          process.execPath,
          [
            join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
            'build',
            '--config',
            join(WEB, 'vite.config.ts'),
            '--logLevel',
            'warn',
          ],
          {
            cwd: ROOT,
            stdio: 'inherit',
            // jest sets NODE_ENV=test, which would make a development bundle (preact/debug): build what npm start builds
            env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
          },
        );
      }
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error('web build: timed out waiting for another build');
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * One app (fresh database, the console built) and one Chromium for a test file, started before its tests
 * and closed after them; read `.app` and `.browser` inside the tests.
 */
export function appAndBrowser(env: Record<string, string> = {}): { app: TestApp; browser: Browser } {
  const handles = {} as { app: TestApp; browser: Browser };
  beforeAll(async () => {
    await ensureWebBuilt();
    handles.app = await startTestApp(env);
    handles.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handles.browser?.close();
    await handles.app?.close();
  });
  return handles;
}

export const PHONE = { width: 360, height: 740 };
export const LAPTOP = { width: 1366, height: 900 };

/** Every Content-Security-Policy violation Chromium reported on any page of this test file. */
export const cspViolations: string[] = [];

export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number },
  lang = 'vi',
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

/** Signs in through the form, as a person would, and waits for the "who am I" header. */
export async function signIn(page: Page, app: TestApp, email: string, password: string): Promise<void> {
  await page.goto(app.url);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('whoami').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export const STAFF_PASSWORD = 'staff-password-1';

/** A coordinator or care-team login made through the API (admin), for signing in through the page. */
export async function createStaff(
  app: TestApp,
  role: 'coordinator' | 'care_team',
  fullName: string,
): Promise<{ email: string; password: string; token: string }> {
  const email = `${role.replace('_', '-')}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  await app.http
    .post('/api/users')
    .auth(app.adminToken, { type: 'bearer' })
    .send({ email, password: STAFF_PASSWORD, fullName, role })
    .expect(201);
  return { email, password: STAFF_PASSWORD, token: await app.login(email, STAFF_PASSWORD) };
}

type Locatorish = { textContent(): Promise<string | null>; waitFor(o?: { timeout?: number }): Promise<void> };

/** Waits until the element's text contains `text` (the page updates asynchronously). */
export async function expectText(locator: Locatorish, text: string, timeoutMs = 10_000): Promise<void> {
  await locator.waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.textContent();
    if (last?.includes(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected text "${text}", got "${last}"`);
}

export async function waitForAttribute(
  locator: { getAttribute(n: string): Promise<string | null>; waitFor(): Promise<void> },
  name: string,
  value: string,
): Promise<void> {
  await locator.waitFor();
  const deadline = Date.now() + 10_000;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name);
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${name}="${value}", got "${last}"`);
}

export async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
}

/**
 * The README's pictures (docs/screenshots, committed) are copies of what a test saw; they are
 * refreshed only on request (`UPDATE_SCREENSHOTS=1`), so a test run leaves the work tree clean.
 */
export function copyToDocs(path: string, name: string): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const docs = join(ROOT, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(path, join(docs, name));
}
