import type { Browser, Page } from 'playwright-core';
import { addDays, localDateOf, weekStart } from '../../src/common/time/windows';
import { createDoctor, type CreatedDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';
import {
  appAndBrowser,
  copyToDocs,
  createStaff,
  cspViolations,
  expectText,
  LAPTOP,
  newPage,
  PHONE,
  screenshot,
  scrollToTop,
  signIn,
  waitForAttribute,
} from './helpers';

/**
 * The console in a real Chromium against the real app (fresh database): the coordinator builds and
 * publishes the week's roster, a doctor on a phone takes a consult from the offer card to completion,
 * and a care-team observation that turns a patient red reaches the coordinator's open page live.
 */
describe('web console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let coordinator: { email: string; password: string; token: string };
  let careTeam: { email: string; password: string; token: string };
  let onCall: CreatedDoctor;
  let coordinatorPage: Page;
  let today: string;
  let monday: string;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const suite = appAndBrowser({ CONSULT_WINDOWS: '00-24', OFFER_TIMEOUT_SECONDS: '60' });

  beforeAll(async () => {
    ({ app, browser } = suite);
    coordinator = await createStaff(app, 'coordinator', 'Điều Phối Thử');
    careTeam = await createStaff(app, 'care_team', 'Tổ Chăm Sóc Thử');
    today = localDateOf(new Date(), app.config.operationsTz);
    monday = weekStart(today);
    const week = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    const key = (d: string) => `${d}/00-24`;
    // The doctor who takes the call is free every day; two colleagues on some days, so the grid shows
    // full, short and empty windows against a requirement of two.
    onCall = await createDoctor(app, { fullName: 'Nguyễn Văn An', group: 'consult' });
    const binh = await createDoctor(app, { fullName: 'Trần Thị Bình', group: 'consult' });
    const chau = await createDoctor(app, { fullName: 'Lê Minh Châu', group: 'consult' });
    await createDoctor(app, { fullName: 'Phạm Thu Dung', group: 'active_care', yearsOfExperience: 3 });
    const availability = async (d: CreatedDoctor, dates: string[]) =>
      app.http
        .put(`/api/doctors/${d.id}/availability`)
        .set(bearer(d.token))
        .send({ from: monday, to: addDays(monday, 6), windows: dates.map(key) })
        .expect(200);
    await availability(onCall, week);
    await availability(binh, week.filter((d) => d !== today).slice(0, 3));
    await availability(chau, week.slice(5));
    await app.http
      .put('/api/shifts/requirements')
      .set(bearer(coordinator.token))
      .send({ group: 'consult', default: 2, overrides: {} })
      .expect(200);
  });

  it('a coordinator generates a draft roster, sees a constraint violation, publishes it, and watches the live queue', async () => {
    coordinatorPage = await newPage(browser, LAPTOP);
    const page = coordinatorPage;
    await signIn(page, app, coordinator.email, coordinator.password);
    await expectText(page.getByTestId('whoami'), coordinator.email);
    await page.getByRole('tab', { name: 'Lịch trực' }).click();
    // Nothing published yet: every window of the week is empty against a requirement of two.
    const todayCell = page.locator(`.rg-cell[data-key="${today}/00-24"]`);
    await waitForAttribute(todayCell, 'data-level', 'empty');

    await page.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await expectText(page.getByTestId('roster-status'), 'Bản nháp');
    await expectText(todayCell, 'Nguyễn Văn An'.split(' ').pop()!);
    // A window where Lê Minh Châu is not available: adding her is refused with the violated constraint.
    const mondayCell = page.locator(`.rg-cell[data-key="${monday}/00-24"]`);
    await mondayCell.click();
    const panel = page.getByTestId('cell-panel');
    await panel.getByRole('button', { name: 'Thêm Lê Minh Châu' }).click();
    await expectText(page.getByTestId('violations'), 'Lê Minh Châu không đăng ký rảnh ca');
    await screenshot(page, 'coordinator-roster-violation');

    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await expectText(page.locator('.notice-ok'), 'Đã công bố lịch trực');
    await expectText(page.getByTestId('roster-status'), 'Lịch đã công bố');
    expect(await todayCell.getAttribute('data-level')).toMatch(/^(short|full)$/);
    await expectText(page.getByTestId('on-shift-now'), 'Nguyễn Văn An');
    await mondayCell.click(); // close the panel for the picture
    await scrollToTop(page);
    await screenshot(page, 'coordinator-roster-consult');

    const shifts = await app.http
      .get(`/api/doctors/${onCall.id}/shifts`)
      .set(bearer(onCall.token))
      .query({ from: today, to: today })
      .expect(200);
    expect((shifts.body as { windows: { windowKey: string }[] }).windows.map((w) => w.windowKey)).toEqual([
      `${today}/00-24`,
    ]);

    // the live queue: no doctor is available yet, so a new consult waits, and leaves when cancelled
    const queued = page.getByTestId('queue-queued');
    await expectText(queued, '0');
    const waiting = await app.http
      .post('/api/consults')
      .set(bearer(careTeam.token))
      .send({ callerPhone: '0889000111', reason: 'Hỏi về cách ly tại nhà' })
      .expect(201);
    await expectText(queued, '1');
    await app.http
      .post(`/api/consults/${(waiting.body as { id: string }).id}/cancel`)
      .set(bearer(coordinator.token))
      .expect(200);
    await expectText(queued, '0');
  });

  it('a doctor on a phone goes available, gets the offer card within a second, accepts, calls and completes', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, app, onCall.email, onCall.password);
    await expectText(page.getByTestId('whoami'), 'Nguyễn Văn An');
    await expectText(page.getByTestId('next-shift'), 'Đang trong ca');
    await page.getByRole('switch').click();
    await expectText(page.getByTestId('presence-state'), 'Sẵn sàng');

    const created = await app.http
      .post('/api/consults')
      .set(bearer(careTeam.token))
      .send({ callerPhone: '0889556655', callerName: 'Chị Hoa', reason: 'Sốt cao ngày thứ 3, khó thở nhẹ' })
      .expect(201);
    const consultId = (created.body as { id: string }).id;
    const card = page.getByTestId('offer-card');
    await card.waitFor({ state: 'visible', timeout: 1000 });
    await expectText(card, 'Sốt cao ngày thứ 3');
    expect(await card.textContent()).not.toContain('0889556655');
    await expectText(page.getByTestId('countdown'), 'Còn 0:');
    const path = await screenshot(page, 'doctor-phone');
    copyToDocs(path, 'doctor-phone.png');

    await card.getByRole('button', { name: 'Nhận', exact: true }).click();
    const call = page.getByTestId('call-link');
    await call.waitFor();
    expect(await call.getAttribute('href')).toBe('tel:+84889556655');
    await screenshot(page, 'doctor-phone-accepted');

    await page.locator('select[name=outcome]').selectOption('advised');
    await page.locator('textarea[name=notes]').fill('Hướng dẫn theo dõi SpO2 tại nhà');
    await page.getByRole('button', { name: 'Hoàn tất cuộc tư vấn' }).click();
    await expectText(page.locator('.notice-ok'), 'Đã hoàn tất cuộc tư vấn');
    const done = await app.http.get(`/api/consults/${consultId}`).set(bearer(coordinator.token)).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'advised', assignedDoctorId: onCall.id });
    await screenshot(page, 'doctor-phone-completed');

    // still available: the next consult is offered at once, and declining it clears the card
    const next = await app.http
      .post('/api/consults')
      .set(bearer(careTeam.token))
      .send({ callerPhone: '0889556677', reason: 'Ho kéo dài' })
      .expect(201);
    await expectText(card, 'Ho kéo dài');
    await card.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    const declined = await app.http
      .get(`/api/consults/${(next.body as { id: string }).id}`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(declined.body).toMatchObject({ status: 'queued', assignedDoctorId: null });
    await page.context().close();
  });

  it("a care-team observation that turns a patient red shows on the coordinator's open page without a reload", async () => {
    const coord = coordinatorPage;
    await coord.evaluate(() => {
      (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await expectText(coord.locator('#escalations'), 'Không có báo động nào');

    const page = await newPage(browser, PHONE);
    await signIn(page, app, careTeam.email, careTeam.password);
    await page.getByRole('tab', { name: 'Đăng ký bệnh nhân' }).click();
    await page.locator('input[name=fullName]').fill('Võ Thị Hạnh');
    await page.locator('input[name=phone]').fill('0912 345 678');
    await page.locator('input[name=dateOfBirth]').fill('1958-04-12');
    await page.locator('select[name=sex]').selectOption('female');
    await page.locator('input[name=district]').fill('Thanh Xuân');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expectText(page.getByTestId('patient-tier'), 'Vàng'); // age ≥ 50: a risk factor

    await page.locator('input[name=spo2]').fill('91');
    await page.locator('input[name=respiratoryRate]').fill('26');
    await page.getByRole('button', { name: 'Lưu chỉ số' }).click();
    await expectText(page.getByTestId('assessment'), 'Đỏ');
    await expectText(page.getByTestId('assessment'), 'spo2');
    await expectText(page.getByTestId('patient-tier'), 'Đỏ');
    await screenshot(page, 'care-team-red');

    const item = coord.getByTestId('escalation').filter({ hasText: 'Võ Thị Hạnh' });
    await item.waitFor({ timeout: 5000 });
    await expectText(item, 'Đỏ');
    expect(
      await coord.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await screenshot(coord, 'coordinator-escalation');

    // resolving it from the page closes it
    await item.getByRole('button', { name: 'Xử lý xong…' }).click();
    await item.locator('select[name=outcome]').selectOption('ambulance_dispatched');
    await item.getByRole('button', { name: 'Xử lý xong', exact: true }).click();
    await expectText(coord.locator('#escalations'), 'Không có báo động nào');
    const open = await app.http
      .get('/api/escalations')
      .query({ status: 'open' })
      .set(bearer(coordinator.token))
      .expect(200);
    expect((open.body as { total: number }).total).toBe(0);
    await page.context().close();
  });

  it('ran every page above under the strict Content-Security-Policy without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
