import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { addDays, localDateOf, weekStart } from '../../src/common/time/windows';
import { connect, type Offered, publishRoster, type TestClient } from '../consults/helpers';
import { createDoctor, type CreatedDoctor } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  copyToDocs,
  createStaff,
  ensureWebBuilt,
  expectText,
  LAPTOP,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  waitForAttribute,
} from './helpers';

/** the page's window, as seen inside `evaluate` (the tests compile without the DOM library) */
type Styles = { getComputedStyle(el: unknown): { backgroundColor: string } };
const NAMES = new Map<string, string>();

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** No critical or serious accessibility violation on the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
  expect(await page.locator('h1').count()).toBe(1);
}

/** Every visible button of the page's main content is at least 44 px tall. */
async function expectTargets(page: Page, within: string): Promise<void> {
  const small = await page
    .locator(`${within} button:visible`)
    .evaluateAll((els) =>
      els
        .map((el) => ({ text: (el.textContent ?? '').trim(), h: el.getBoundingClientRect().height }))
        .filter((b) => b.h < 44),
    );
  expect(small).toEqual([]);
}

/**
 * The coordinator's supervisor board and an honest roster screen, in Chromium against the real app:
 * waiting callers colour amber after 2 min and red after 5 (the server's clock moved), doctors' live
 * status follows their real sockets, a draft survives a reload, a requirement change shows at once,
 * a refused edit reads as a sentence with the doctor's name; axe finds nothing critical or serious.
 */
describe('coordinator: supervisor board and roster (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let coordinator: { email: string; password: string; token: string };
  let an: CreatedDoctor;
  let binh: CreatedDoctor;
  let chau: CreatedDoctor;
  const sockets: TestClient[] = [];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({
      CONSULT_WINDOWS: '00-24',
      OFFER_TIMEOUT_SECONDS: '120',
      WRAP_UP_SECONDS: '60',
    });
    browser = await launchBrowser();
    coordinator = await createStaff(app, 'coordinator', 'Điều Phối Bảng');
    an = await createDoctor(app, { fullName: 'Nguyễn Văn An', group: 'consult' });
    binh = await createDoctor(app, { fullName: 'Trần Thị Bình', group: 'consult' });
    chau = await createDoctor(app, { fullName: 'Lê Minh Châu', group: 'consult' });
    NAMES.set(an.id, 'Nguyễn Văn An');
    NAMES.set(binh.id, 'Trần Thị Bình');
    NAMES.set(chau.id, 'Lê Minh Châu');
    // An and Bình are on shift now (Châu is not)
    await publishRoster(app, [an.id, binh.id]);
  });

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await browser?.close();
    await app?.close();
  });

  it('the board: waiting callers coloured by their wait, doctors with their live status, cancel', async () => {
    const socketAn = await connect(app.url, an.token);
    sockets.push(socketAn);
    // three callers: 6 min, 3 min and a moment ago by the server's clock
    const create = async (callerName: string, reason: string) =>
      (
        await app.http
          .post('/api/consults')
          .set(bearer(coordinator.token))
          .send({ callerPhone: '0889000111', callerName, reason, language: 'vi' })
          .expect(201)
      ).body as { id: string };
    app.clock.advance(-6 * 60_000);
    const oldest = await create('Chờ Sáu Phút', 'Sốt cao ngày thứ 4');
    app.clock.advance(3 * 60_000);
    await create('Chờ Ba Phút', 'Ho, đau họng');
    app.clock.advance(3 * 60_000);
    const newest = await create('Vừa Gọi', 'Hỏi về cách ly');

    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, coordinator.email, coordinator.password);
    const rows = page.getByTestId('queue-row');
    await expectText(page.getByTestId('board'), 'Vừa Gọi');
    expect(await rows.count()).toBe(3);
    expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-wait')))).toEqual([
      'red',
      'amber',
      'ok',
    ]);
    const badge = (i: number) =>
      rows
        .nth(i)
        .locator('.wait-badge')
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).backgroundColor);
    expect(await badge(0)).toBe('rgb(179, 38, 30)'); // red
    expect(await badge(1)).toBe('rgb(255, 217, 128)'); // amber
    await expectText(rows.nth(0), 'chờ quá lâu');
    await expectText(rows.nth(0), 'Sốt cao ngày thứ 4');
    await expectText(rows.nth(0), 'Tiếng Việt');

    const doctor = (d: CreatedDoctor) =>
      page.locator(`[data-testid=doctor-status]`).filter({ hasText: NAMES.get(d.id) });
    await waitForAttribute(doctor(an), 'data-status', 'away');
    await waitForAttribute(doctor(binh), 'data-status', 'offline');
    expect(
      await page.locator('[data-testid=doctor-status]').filter({ hasText: 'Lê Minh Châu' }).count(),
    ).toBe(0);

    // An goes available: the oldest caller is offered to him, live, then he takes the call
    await socketAn.setPresence('available');
    const offer = await socketAn.next<Offered>('consult:offered');
    expect(offer.consult.id).toBe(oldest.id);
    await waitForAttribute(doctor(an), 'data-status', 'offered');
    await expectText(rows.nth(0), 'Đang mời Nguyễn Văn An');
    await screenshot(page, 'coordinator-board-offered');
    expect((await socketAn.emit('consult:accept', { offerId: offer.offerId })).ok).toBe(true);
    await waitForAttribute(doctor(an), 'data-status', 'on_call');
    await expectText(page.locator('#board-waiting-title'), '(2)');

    // Bình connects: offline → away, live
    const socketBinh = await connect(app.url, binh.token);
    sockets.push(socketBinh);
    await waitForAttribute(doctor(binh), 'data-status', 'away');

    await expectTargets(page, '.coord-main');
    await expectAccessible(page);
    copyToDocs(await screenshot(page, 'coordinator-board'), 'coordinator-board.png');

    // cancel the newest caller from the board (two steps)
    const row = rows.filter({ hasText: 'Vừa Gọi' });
    await row.getByRole('button', { name: 'Huỷ cuộc gọi' }).click();
    await row.getByRole('button', { name: 'Xác nhận huỷ' }).click();
    await expectText(page.locator('.notice-ok'), 'Đã huỷ cuộc gọi của Vừa Gọi');
    await expectText(page.locator('#board-waiting-title'), '(1)');
    const cancelled = await app.http
      .get(`/api/consults/${newest.id}`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect((cancelled.body as { status: string }).status).toBe('cancelled');

    // An ends the call: wrap-up on the board, live
    await app.http
      .post(`/api/consults/${oldest.id}/complete`)
      .set(bearer(an.token))
      .send({ outcome: 'advised' })
      .expect(200);
    await waitForAttribute(doctor(an), 'data-status', 'wrap_up');
    await expectText(doctor(an), 'Đang hoàn tất');
    await socketAn.setPresence('away');
    await page.context().close();
  });

  it('the roster: a week with no roster says so, a draft survives reload, requirements show at once, violations in words', async () => {
    const today = localDateOf(app.clock.now(), app.config.operationsTz);
    const monday = addDays(weekStart(today), 7);
    const key = (d: string) => `${d}/00-24`;
    const week = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    for (const [d, days] of [
      [an, week],
      [binh, week.slice(0, 3)],
      [chau, week.slice(1, 2)],
    ] as const) {
      await app.http
        .put(`/api/doctors/${d.id}/availability`)
        .set(bearer(d.token))
        .send({ from: monday, to: addDays(monday, 6), windows: days.map(key) })
        .expect(200);
    }
    await app.http
      .put('/api/shifts/requirements')
      .set(bearer(coordinator.token))
      .send({ group: 'consult', default: 2, overrides: {} })
      .expect(200);
    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, coordinator.email, coordinator.password);
    await page.getByRole('tab', { name: 'Lịch trực' }).click();
    await page.getByRole('button', { name: 'Tuần sau ›' }).click();
    const status = page.getByTestId('roster-status');
    await waitForAttribute(status, 'data-state', 'none');
    await expectText(status, 'Chưa có lịch tuần này');

    await page.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await waitForAttribute(status, 'data-state', 'draft');
    const mondayCell = page.locator(`.rg-cell[data-key="${key(monday)}"]`);
    // full names, every one of them
    await expectText(mondayCell, 'Nguyễn Văn An');
    await expectText(mondayCell, 'Trần Thị Bình');

    // reload: the draft is on the server, so it is reopened
    await page.reload();
    await page.getByTestId('whoami').waitFor();
    await page.getByRole('tab', { name: 'Lịch trực' }).click();
    await page.getByRole('button', { name: 'Tuần sau ›' }).click();
    await waitForAttribute(status, 'data-state', 'draft');
    await expectText(mondayCell, 'Trần Thị Bình');
    await expectText(mondayCell, '2/2');

    // a requirement change shows in the grid at once (on the draft too)
    await page.locator('form.requirements input[name=default]').fill('3');
    await page.locator('form.requirements').getByRole('button', { name: 'Lưu' }).click();
    await expectText(mondayCell, '2/3');
    await expectText(mondayCell, 'thiếu 1');

    // the drawer: the window in words, candidates with availability and load, a refused add in words
    await mondayCell.click();
    const drawer = page.getByTestId('cell-panel');
    const mondayLabel = `Thứ Hai ${monday.slice(8, 10)}/${monday.slice(5, 7)} · 00–24h`;
    await expectText(drawer.locator('h3'), mondayLabel);
    const candidate = drawer.getByTestId('candidates').locator('li').filter({ hasText: 'Lê Minh Châu' });
    await expectText(candidate, 'Không đăng ký rảnh');
    await expectText(candidate, '1 ca tuần này'); // her Tuesday on the draft
    await expectAccessible(page);
    await expectTargets(page, '.coord-main');
    await screenshot(page, 'coordinator-roster-drawer');
    await candidate.getByRole('button', { name: 'Thêm Lê Minh Châu' }).click();
    const violations = page.getByTestId('violations');
    await expectText(violations, `Lê Minh Châu không đăng ký rảnh ca ${mondayLabel}`);
    expect(await violations.textContent()).not.toMatch(UUID);
    expect(await violations.textContent()).not.toContain('not_available');

    // deleting the draft: the week has no roster again, also after a reload
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Xoá bản nháp' }).click();
    await waitForAttribute(status, 'data-state', 'none');
    const rosters = await app.http
      .get('/api/rosters')
      .query({ group: 'consult', from: monday, to: addDays(monday, 6) })
      .set(bearer(coordinator.token))
      .expect(200);
    expect(rosters.body).toEqual([]);
    await page.context().close();
  });
});
