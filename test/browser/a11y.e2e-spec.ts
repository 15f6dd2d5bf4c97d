import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';
import { appAndBrowser, createStaff, LAPTOP, newPage, PHONE, STAFF_PASSWORD } from './helpers';

/**
 * Accessibility of every page of the console, for every role: axe (WCAG 2.x A and AA rules and best
 * practices) finds no critical or serious violation; each page has exactly one h1; the controls one
 * taps are at least 44 px high. And a page load fetches each resource once.
 *
 * The pages are data: to cover a new page, add a row to PAGES (the role that sees it and how to reach it
 * from that role's first page: the tab to press, or a path).
 */
interface PageCase {
  name: string;
  role: Role;
  /** from the role's first page: press this tab (its visible name in Vietnamese), or go to this path */
  open?: { tab: string } | { path: string };
  viewport?: { width: number; height: number };
}
type Role = 'anonymous' | 'doctor' | 'coordinator' | 'care_team' | 'operator' | 'district_officer';

const PAGES: PageCase[] = [
  { name: 'sign-in', role: 'anonymous', viewport: PHONE },
  { name: 'doctor', role: 'doctor', viewport: PHONE },
  { name: 'coordinator: supervisor board', role: 'coordinator' },
  { name: 'coordinator: roster', role: 'coordinator', open: { tab: 'Lịch trực' } },
  { name: 'coordinator: doctors', role: 'coordinator', open: { tab: 'Bác sĩ' } },
  { name: 'coordinator: hotline overview', role: 'coordinator', open: { tab: 'Tổng đài 1022' } },
  { name: 'coordinator: cover requests', role: 'coordinator', open: { tab: 'Xin người trực thay' } },
  { name: 'coordinator: daily statistics', role: 'coordinator', open: { tab: 'Thống kê ngày' } },
  { name: 'care team: patients', role: 'care_team' },
  { name: 'care team: register', role: 'care_team', open: { tab: 'Đăng ký bệnh nhân' } },
  { name: "operator's intake desk", role: 'operator' },
  { name: "district officer's queue", role: 'district_officer' },
];

/** axe's impacts that fail the test */
const BLOCKING = new Set(['critical', 'serious']);

describe('accessibility of every page (browser, axe)', () => {
  const suite = appAndBrowser({ CONSULT_WINDOWS: '00-24' });
  const logins = new Map<Role, { email: string; password: string }>();

  const createUser = async (app: TestApp, role: 'operator' | 'district_officer', district?: string) => {
    const email = `${role.replace('_', '-')}-${Math.random().toString(36).slice(2, 8)}@test.local`;
    await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({
        email,
        password: STAFF_PASSWORD,
        fullName: 'Người Dùng Thử',
        role,
        ...(district ? { district } : {}),
      })
      .expect(201);
    return { email, password: STAFF_PASSWORD };
  };

  beforeAll(async () => {
    const { app } = suite;
    logins.set('doctor', await createDoctor(app, { fullName: 'Nguyễn Văn An', group: 'consult' }));
    logins.set('coordinator', await createStaff(app, 'coordinator', 'Điều Phối Thử'));
    logins.set('care_team', await createStaff(app, 'care_team', 'Tổ Chăm Sóc Thử'));
    logins.set('operator', await createUser(app, 'operator'));
    logins.set('district_officer', await createUser(app, 'district_officer', 'Cầu Giấy'));
  });

  /** Opens the role's first page (signing in through the form), recording every request the load makes. */
  const openAs = async (c: PageCase): Promise<{ page: Page; requests: string[] }> => {
    const page = await newPage(suite.browser, c.viewport ?? LAPTOP);
    const requests: string[] = [];
    const login = logins.get(c.role);
    await page.goto(suite.app.url);
    await page.locator('input[name=email]').waitFor();
    if (login) {
      await page.locator('input[name=email]').fill(login.email);
      await page.locator('input[name=password]').fill(login.password);
      page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
      await page.locator('form button[type=submit]').click();
      await page.getByTestId('whoami').waitFor();
    }
    await page.waitForLoadState('networkidle');
    if (c.open && 'tab' in c.open) {
      await page.getByRole('tab', { name: c.open.tab }).click();
    } else if (c.open && 'path' in c.open) {
      await page.goto(`${suite.app.url}${c.open.path}`);
    }
    await page.waitForLoadState('networkidle');
    return { page, requests };
  };

  it.each(PAGES.map((c) => [c.name, c] as const))(
    '%s: no critical or serious axe violation',
    async (_, c) => {
      const { page } = await openAs(c);
      try {
        const result = await new AxeBuilder({ page }).analyze();
        const blocking = result.violations
          .filter((v) => BLOCKING.has(v.impact ?? ''))
          .map(
            (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
        expect(blocking).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );

  it.each(PAGES.map((c) => [c.name, c] as const))(
    '%s: exactly one h1, and targets of 44 px',
    async (_, c) => {
      const { page } = await openAs(c);
      try {
        expect(await page.locator('h1').count()).toBe(1);
        // every visible button, text field, select and link that is not inside running text
        const small = await page.evaluate(() => {
          const doc = (
            globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }
          ).document;
          type El = {
            getBoundingClientRect(): { width: number; height: number };
            closest(s: string): unknown;
            outerHTML: string;
            type?: string;
          };
          const out: string[] = [];
          for (const el of Array.from(
            doc.querySelectorAll('button, a[href], input, select, textarea'),
          ) as El[]) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.height === 0) continue; // hidden
            if (el.type === 'checkbox' || el.type === 'radio' || el.type === 'hidden') continue; // their label is the target
            if (el.closest('p, li, td') && el.closest('a[href]') === el) continue; // a link inside a sentence (WCAG 2.5.8 exception)
            if (box.height < 44) out.push(`${Math.round(box.height)}px ${el.outerHTML.slice(0, 80)}`);
          }
          return out;
        });
        expect(small).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );

  it.each(PAGES.filter((c) => c.role !== 'anonymous' && !c.open).map((c) => [c.role, c] as const))(
    "%s's first page fetches each resource once",
    async (_, c) => {
      const { page, requests } = await openAs(c);
      await page.context().close();
      const fetched = requests.filter((r) => !/\/socket\.io\//.test(r));
      const twice = fetched.filter((r, i) => fetched.indexOf(r) !== i);
      expect(twice).toEqual([]);
    },
  );
});
