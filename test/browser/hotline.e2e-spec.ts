import type { Browser, Page } from 'playwright-core';
import { addDays, localDateOf, weekStart, windowsBetween } from '../../src/common/time/windows';
import { OverdueReports } from '../../src/hotline/overdue-reports';
import type { TestApp } from '../support/test-app';
import {
  appAndBrowser,
  copyToDocs,
  createStaff,
  cspViolations,
  expectText,
  LAPTOP,
  newPage,
  screenshot,
  signIn,
  STAFF_PASSWORD,
  waitForAttribute,
} from './helpers';

/**
 * The hotline console in a real Chromium against the real app (fresh database): an operator records
 * a call with the keyboard alone and forwards it; the officer of that district sees it arrive live on
 * an open page and works it; the officer of another district never sees it. A coordinator builds the
 * operators' roster in the doctors' grid and watches a report become overdue.
 */
describe('hotline console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let operatorPage: Page;
  let officerPage: Page;
  let otherOfficerPage: Page;
  let otherOfficerToken: string;
  let contactId: string;
  const SUMMARY = 'Nhóm 10 người tụ tập đánh cầu lông trong ngõ';

  /** A login of the given role made by the admin through the API (CONTRACT.md: POST /api/users). */
  const createUser = async (role: 'operator' | 'district_officer', fullName: string, district?: string) => {
    const email = `${role.replace('_', '-')}-${Math.random().toString(36).slice(2, 8)}@test.local`;
    await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({ email, password: STAFF_PASSWORD, fullName, role, ...(district ? { district } : {}) })
      .expect(201);
    return { email, token: await app.login(email, STAFF_PASSWORD) };
  };

  const suite = appAndBrowser();

  beforeAll(() => {
    ({ app, browser } = suite);
  });

  it('an operator records a call by keyboard alone: branch key, category, district and ward from the suggestions, Enter', async () => {
    const operator = await createUser('operator', 'Điện Thoại Viên Thử');
    operatorPage = await newPage(browser, LAPTOP);
    const page = operatorPage;
    await signIn(page, app, operator.email, STAFF_PASSWORD);
    await page.locator('form.intake').waitFor();
    const kb = page.keyboard;

    // the first field is the branch: key 4 (reports and questions)
    await page.locator('input[name=branch]').first().focus();
    await kb.press('4');
    expect(await page.locator('input[name=branch][value="4"]').isChecked()).toBe(true);
    // Alt+digit from any field picks the branch too
    await kb.press('Alt+2');
    expect(await page.locator('input[name=branch][value="2"]').isChecked()).toBe(true);
    await kb.press('4');
    expect(await page.locator('input[name=branch][value="4"]').isChecked()).toBe(true);
    await kb.press('Tab'); // channel: phone, as it is
    await kb.press('Tab'); // category: the first violation
    await kb.press('ArrowDown');
    expect(await page.locator('select[name=category]').inputValue()).toBe('gathering');
    await kb.press('Tab');
    // district and ward typed without accents, taken from the official list's suggestions
    await kb.type('cau giay');
    await expectText(page.locator('#intake-district-list'), 'Cầu Giấy');
    await kb.press('Enter');
    expect(await page.locator('#intake-district').inputValue()).toBe('Cầu Giấy');
    await kb.press('Tab');
    await kb.type('dich vong hau');
    await expectText(page.locator('#intake-ward-list'), 'Dịch Vọng Hậu');
    await kb.press('Enter');
    expect(await page.locator('#intake-ward').inputValue()).toBe('Dịch Vọng Hậu');
    await kb.press('Tab');
    await kb.type('0889556655');
    await kb.press('Tab');
    await kb.type('Trần Văn Bảo');
    await kb.press('Tab');
    await kb.type(SUMMARY);
    await screenshot(page, 'hotline-intake');
    await kb.press('Enter');

    await expectText(page.getByTestId('intake-message'), 'Đã ghi nhận');
    const item = page.getByTestId('recent-contacts').locator('li', { hasText: SUMMARY });
    await item.waitFor();
    contactId = (await item.getAttribute('data-id'))!;
    expect(await item.getAttribute('data-status')).toBe('received');
    await expectText(item, 'Dịch Vọng Hậu, Cầu Giấy');
    // ready for the next call at once: empty, focus back on the branch keys
    expect(await page.locator('textarea[name=summary]').inputValue()).toBe('');
    expect(await page.locator('#intake-district').inputValue()).toBe('');
    expect(
      await page
        .locator('input[name=branch]')
        .first()
        .evaluate((el) => el.ownerDocument.activeElement === el),
    ).toBe(true);

    // one record in the database, as the API lists it
    const list = await app.http.get('/api/contacts').auth(operator.token, { type: 'bearer' }).expect(200);
    expect(
      (list.body as { items: { summary: string }[] }).items.filter((c) => c.summary === SUMMARY),
    ).toHaveLength(1);
  });

  it("the district's officer sees the forwarded report arrive live, acknowledges and handles it; another district's officer never sees it", async () => {
    const officer = await createUser('district_officer', 'Cán Bộ Cầu Giấy', 'Cầu Giấy');
    const other = await createUser('district_officer', 'Cán Bộ Đống Đa', 'Đống Đa');
    otherOfficerToken = other.token;
    officerPage = await newPage(browser, LAPTOP);
    otherOfficerPage = await newPage(browser, LAPTOP);
    await signIn(officerPage, app, officer.email, STAFF_PASSWORD);
    await signIn(otherOfficerPage, app, other.email, STAFF_PASSWORD);
    await expectText(officerPage.locator('#officer-queue'), 'Chưa có phản ánh');
    await expectText(otherOfficerPage.locator('#officer-queue'), 'Chưa có phản ánh');

    // the operator forwards it from the recent list: district and ward are the contact's own
    const item = operatorPage.locator(`[data-testid=recent-contacts] li[data-id="${contactId}"]`);
    await item.getByRole('button', { name: 'Chuyển quận/huyện' }).click();
    await item.locator('input[name=note]').fill('Đề nghị phường kiểm tra');
    await item.getByRole('button', { name: 'Chuyển quận/huyện' }).click();
    await waitForAttribute(item, 'data-status', 'forwarded');

    // live on the open page of Cầu Giấy's officer, with no reload
    const report = officerPage.locator(`[data-testid=officer-queue] li[data-id="${contactId}"]`);
    await expectText(report, SUMMARY);
    await expectText(report, 'Đề nghị phường kiểm tra');
    copyToDocs(await screenshot(officerPage, 'hotline-officer-queue'), 'hotline-officer.png');
    copyToDocs(await screenshot(operatorPage, 'hotline-intake-after'), 'hotline-intake.png');
    await report.getByRole('button', { name: 'Tiếp nhận' }).click();
    await waitForAttribute(report, 'data-status', 'in_progress');
    await report.getByRole('button', { name: 'Đã xử lý' }).click();
    await report.locator('input[name=result]').fill('Đã nhắc nhở, giải tán nhóm');
    await report.locator('form').getByRole('button', { name: 'Đã xử lý' }).click();
    const handled = officerPage.locator(`[data-testid=officer-handled] li[data-id="${contactId}"]`);
    await expectText(handled, 'Đã nhắc nhở, giải tán nhóm');
    expect(await report.count()).toBe(0);
    await screenshot(officerPage, 'hotline-officer-handled');

    // Đống Đa's officer: nothing arrived, nothing after a reload, and the report itself is 404
    await otherOfficerPage.reload();
    await expectText(otherOfficerPage.locator('#officer-queue'), 'Chưa có phản ánh');
    expect(await otherOfficerPage.locator(`li[data-id="${contactId}"]`).count()).toBe(0);
    await app.http.get(`/api/contacts/${contactId}`).auth(otherOfficerToken, { type: 'bearer' }).expect(404);
    expect(cspViolations).toEqual([]);
  });

  it("a coordinator drafts the operators' roster in the same grid (three shifts, full names), then sees a report become overdue live", async () => {
    const coordinator = await createStaff(app, 'coordinator', 'Điều Phối Tổng Đài');
    const bearer = { Authorization: `Bearer ${coordinator.token}` };
    const today = localDateOf(new Date(), app.config.operationsTz);
    const monday = weekStart(today);
    const sunday = addDays(monday, 6);
    const week = windowsBetween(
      monday,
      sunday,
      app.config.shiftsFor('operators'),
      app.config.operationsTz,
    ).map((w) => w.key);
    const names = ['Nguyễn Thị Hoa', 'Lê Văn Hùng', 'Phạm Minh Tâm', 'Đỗ Thu Trang'];
    for (const [i, fullName] of names.entries()) {
      const op = await app.http
        .post('/api/operators')
        .set(bearer)
        .send({ fullName, phone: `091234567${i}`, email: `tongdai${i}@test.local`, password: STAFF_PASSWORD })
        .expect(201);
      await app.http
        .put(`/api/operators/${(op.body as { id: string }).id}/availability`)
        .set(bearer)
        .send({ from: monday, to: sunday, windows: week })
        .expect(200);
    }
    await app.http
      .put('/api/shifts/requirements')
      .set(bearer)
      .send({ group: 'operators', default: 1, overrides: {} })
      .expect(200);

    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, coordinator.email, coordinator.password);
    await page.getByRole('tab', { name: 'Lịch trực' }).click();
    await page.locator('select[name=group]').selectOption('operators');
    const head = page.locator('.rg-head');
    await expectText(head, '06–14h');
    await expectText(head, '14–22h');
    await expectText(head, '22–06h');
    await page.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await expectText(page.getByTestId('roster-status'), 'Bản nháp');
    const cell = page.locator(`.rg-cell[data-key="${monday}/22-06"]`);
    await waitForAttribute(cell, 'data-level', 'full');
    await cell.click();
    const panel = page.getByTestId('cell-panel');
    await expectText(panel, 'Điện thoại viên trong ca');
    const onShift = (await panel.locator('.list li span').first().textContent()) ?? '';
    expect(names).toContain(onShift);
    await cell.click();
    copyToDocs(await screenshot(page, 'hotline-operators-roster'), 'hotline-operators-roster.png');

    // the hotline tab: a report forwarded to Đống Đa and left unacknowledged turns overdue, live
    await page.getByRole('tab', { name: 'Tổng đài 1022' }).click();
    await expectText(page.locator('#overdue'), 'Không có phản ánh quá hạn');
    const received = page.locator('[data-figure=contactsReceived]');
    await received.waitFor();
    const operator = await createUser('operator', 'Điện Thoại Viên Hai');
    const contact = await app.http
      .post('/api/contacts')
      .auth(operator.token, { type: 'bearer' })
      .send({
        channel: 'zalo',
        branch: 4,
        category: 'no_mask',
        district: 'Đống Đa',
        summary: 'Chợ không đeo khẩu trang',
      })
      .expect(201);
    const id = (contact.body as { id: string }).id;
    await app.http
      .post(`/api/contacts/${id}/forward`)
      .auth(operator.token, { type: 'bearer' })
      .send({ district: 'Đống Đa', ward: 'Kim Liên' })
      .expect(200);
    app.clock.advance((app.config.forwardAckHours + 0.1) * 3_600_000);
    expect(await app.server.app.get(OverdueReports).runPass()).toBeGreaterThanOrEqual(1);
    await expectText(page.getByTestId('overdue-by-district'), 'Đống Đa1');
    const item = page.locator(`[data-testid=overdue-list] li[data-id="${id}"]`);
    await expectText(item, 'Quá hạn tiếp nhận');
    copyToDocs(await screenshot(page, 'hotline-overview'), 'hotline-overview.png');
    expect(cspViolations).toEqual([]);
  });
});
