import type { Browser } from 'playwright-core';
import { RealtimeGateway } from '../../src/realtime/realtime.gateway';
import { addDays, localDateOf, weekStart } from '../../src/common/time/windows';
import { createDoctor, type CreatedDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';
import {
  appAndBrowser,
  copyToDocs,
  createStaff,
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
 * The rest of the console in a real Chromium: the coordinator's requirement and assignment edits on a
 * three-shift grid, CSV import with per-line errors, the doctor's availability grid, the offline banner
 * and reconnection, the English switch, tier overrides with their history, and signing out.
 */
describe('web console tools (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let coordinator: { email: string; password: string; token: string };
  let careTeam: { email: string; password: string; token: string };
  let em: CreatedDoctor;
  const careDoctors = new Map<string, CreatedDoctor>();
  let monday: string;
  const shifts = ['07-11', '13-17', '19-23'];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const suite = appAndBrowser({ CONSULT_WINDOWS: '00-24', CARE_SHIFTS: shifts.join(',') });

  beforeAll(async () => {
    ({ app, browser } = suite);
    coordinator = await createStaff(app, 'coordinator', 'Điều Phối Thử');
    careTeam = await createStaff(app, 'care_team', 'Tổ Chăm Sóc Thử');
    const today = localDateOf(new Date(), app.config.operationsTz);
    // next week, so every window is in the future whatever the time of the run
    monday = addDays(weekStart(today), 7);
    const week = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    const all = week.flatMap((d) => shifts.map((s) => `${d}/${s}`));
    const names = ['Hoàng Văn Hải', 'Vũ Thị Lan', 'Đặng Quốc Minh', 'Bùi Thu Ngân'];
    for (const [i, fullName] of names.entries()) {
      const d = await createDoctor(app, { fullName, group: 'active_care', yearsOfExperience: 2 + i });
      careDoctors.set(d.id, d);
      // each is free on a different share of the windows, never on Monday morning or afternoon
      const mine = all.filter(
        (k, j) => (j + i) % 3 !== 0 && !k.startsWith(`${monday}/07`) && !k.startsWith(`${monday}/13`),
      );
      await app.http
        .put(`/api/doctors/${d.id}/availability`)
        .set(bearer(d.token))
        .send({ from: monday, to: week[6], windows: mine })
        .expect(200);
    }
    // Em is free on Monday morning and afternoon but may work one window a day: the solver gives him one.
    em = await createDoctor(app, {
      fullName: 'Đỗ Văn Em',
      group: 'active_care',
      yearsOfExperience: 4,
      maxWindowsPerDay: 1,
    });
    careDoctors.set(em.id, em);
    await app.http
      .put(`/api/doctors/${em.id}/availability`)
      .set(bearer(em.token))
      .send({ from: monday, to: week[6], windows: [`${monday}/07-11`, `${monday}/13-17`] })
      .expect(200);
    await app.http
      .put('/api/shifts/requirements')
      .set(bearer(coordinator.token))
      .send({ group: 'active_care', default: 2, overrides: {} })
      .expect(200);
  });

  it('a coordinator sets a window requirement, generates a draft, moves a doctor and publishes', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, coordinator.email, coordinator.password);
    await page.getByRole('tab', { name: 'Lịch trực' }).click();
    await page.locator('select[name=group]').selectOption('active_care');
    await page.getByRole('button', { name: 'Tuần sau ›' }).click();
    const cell = (shift: string) => page.locator(`.rg-cell[data-key="${monday}/${shift}"]`);
    await expectText(cell('19-23'), '0/2');

    // a per-window requirement, from the grid
    await cell('19-23').click();
    const panel = page.getByTestId('cell-panel');
    await panel.locator('input[name=required]').fill('3');
    await panel.getByRole('button', { name: 'Đặt cho ca này' }).click();
    await expectText(cell('19-23'), '0/3');
    const req = await app.http
      .get('/api/shifts/requirements')
      .query({ group: 'active_care' })
      .set(bearer(coordinator.token))
      .expect(200);
    expect((req.body as { overrides: Record<string, number> }).overrides).toEqual({ [`${monday}/19-23`]: 3 });

    await page.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await expectText(page.getByTestId('roster-status'), 'Bản nháp');
    // Em got one Monday window (his only two, one a day at most); move him to the other one
    let from = '';
    for (let tries = 0; tries < 100 && !from; tries++) {
      const texts = await Promise.all(
        ['07-11', '13-17'].map(async (w) => (await cell(w).textContent()) ?? ''),
      );
      from = texts[0].includes('Em') ? '07-11' : texts[1].includes('Em') ? '13-17' : '';
      if (!from) await new Promise((r) => setTimeout(r, 100));
    }
    if (!from)
      throw new Error(`Em is on neither Monday window: ${await page.locator('.roster-grid').textContent()}`);
    const to = from === '07-11' ? '13-17' : '07-11';
    await cell(from).click();
    const emRow = panel.locator('li').filter({ hasText: 'Đỗ Văn Em' });
    await emRow.locator('select').selectOption(`${monday}/${to}`);
    await emRow.getByRole('button', { name: 'Chuyển' }).click();
    await expectText(cell(to), 'Em');
    expect(await cell(from).textContent()).not.toContain('Em');
    await scrollToTop(page);
    await screenshot(page, 'coordinator-roster-draft');

    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await expectText(page.getByTestId('roster-status'), 'Lịch đã công bố');
    await expectText(cell(to), 'Em');
    await cell(from).click(); // unselect: the README picture shows the grid alone
    await scrollToTop(page);
    copyToDocs(await screenshot(page, 'coordinator-roster-published'), 'coordinator-roster.png');
    const shiftsOfEm = await app.http
      .get(`/api/doctors/${em.id}/shifts`)
      .query({ from: monday, to: monday })
      .set(bearer(em.token))
      .expect(200);
    expect((shiftsOfEm.body as { windows: { windowKey: string }[] }).windows.map((w) => w.windowKey)).toEqual(
      [`${monday}/${to}`],
    );
    await page.context().close();
  });

  it('a coordinator searches doctors and imports a CSV, seeing the error of each bad line', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, coordinator.email, coordinator.password);
    await page.getByRole('tab', { name: 'Bác sĩ' }).click();
    await page.locator('input[name=q]').fill('Ngân');
    await expectText(page.locator('#doctors'), '1 bác sĩ');
    await expectText(page.locator('#doctors'), 'Bùi Thu Ngân');

    const csv = [
      'fullName,phone,email,specialty,yearsOfExperience,group,languages',
      'Trịnh Văn Phúc,0903111222,phuc@test.local,Nhi khoa,8,consult,vi|en',
      'Mai Thị Quỳnh,12345,quynh@test.local,Nội,9,consult,vi',
      'Lý Văn Sơn,0903111333,son@test.local,Nội,2,consult,vi',
    ].join('\n');
    await page.locator('textarea[name=csv]').fill(csv);
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    const result = page.getByTestId('import-result');
    await expectText(result, 'Tạo mới 1, cập nhật 0, lỗi 2');
    await expectText(result.locator('tr').nth(0), 'Dòng 3');
    await expectText(result.locator('tr').nth(0), 'phone');
    await expectText(result.locator('tr').nth(1), 'Dòng 4');
    await expectText(result.locator('tr').nth(1), 'yearsOfExperience');
    await screenshot(page, 'coordinator-csv-import');
    await page.locator('input[name=q]').fill('Phúc');
    await expectText(page.locator('#doctors'), 'Trịnh Văn Phúc');
    await page.context().close();
  });

  it('a doctor toggles availability on the grid, sees the offline banner while the socket is down, and reads the page in English', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, app, em.email, em.password);
    const today = localDateOf(new Date(), app.config.operationsTz);
    const key = `${addDays(today, 1)}/13-17`;
    const toggle = page.locator(`.avail-cell[data-key="${key}"]`);
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    // the cell turns pressed at once; the save is its PUT, which must have answered before we read
    const put = page.waitForResponse(
      (r) => r.url().includes(`/api/doctors/${em.id}/availability`) && r.request().method() === 'PUT',
    );
    await toggle.click();
    await waitForAttribute(toggle, 'aria-pressed', 'true');
    expect((await put).status()).toBe(200);
    const saved = await app.http
      .get(`/api/doctors/${em.id}/availability`)
      .query({ from: addDays(today, 1), to: addDays(today, 1) })
      .set(bearer(em.token))
      .expect(200);
    expect((saved.body as { windows: string[] }).windows).toEqual([key]);
    // keyboard: focus the cell and press Enter to toggle it back
    await toggle.focus();
    await page.keyboard.press('Enter');
    await waitForAttribute(toggle, 'aria-pressed', 'false');

    // the connection drops and cannot come back (offline): the banner says so; back online, it reconnects
    await expectText(page.locator('.conn'), '●');
    // the server side of the transport goes away (as when a proxy or the network drops it), then the
    // phone is offline, so reconnection attempts fail until it is back
    const gateway = app.server.app.get(RealtimeGateway);
    for (const socket of gateway.server.of('/').sockets.values()) socket.conn.close();
    await page.context().setOffline(true);
    const banner = page.getByTestId('offline-banner');
    await expectText(banner, 'Mất kết nối');
    await screenshot(page, 'doctor-offline');
    await page.context().setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(page.locator('.conn'), '●');

    await page.getByRole('button', { name: 'English' }).click();
    await expectText(page.locator('#availability'), 'Availability, next two weeks');
    await expectText(page.getByTestId('whoami'), 'Doctor');
    await page.reload();
    await expectText(page.locator('#availability'), 'Availability, next two weeks');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('input[name=email]').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("dh.token")')).toBeNull();
    await page.context().close();
  });

  it('a care-team member filters by tier, overrides a tier with a reason and reads the tier history', async () => {
    const created = await app.http
      .post('/api/patients')
      .set(bearer(careTeam.token))
      .send({
        fullName: 'Phan Văn Tú',
        phone: '0977123456',
        dateOfBirth: '1990-02-03',
        sex: 'male',
        district: 'Đống Đa',
        careSetting: 'home',
        vaccineDoses: 2,
      })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const page = await newPage(browser, PHONE);
    await signIn(page, app, careTeam.email, careTeam.password);
    // the tier filter is the tier's count button (issue 14: counts from the server)
    await page.locator('[data-testid=tier-count][data-tier=green]').click();
    await waitForAttribute(page.locator('[data-testid=tier-count][data-tier=green]'), 'aria-pressed', 'true');
    await page.getByTestId('patient-link').filter({ hasText: 'Phan Văn Tú' }).click();
    await expectText(page.getByTestId('patient-tier'), 'Xanh');

    // the form refuses an override without a reason, before sending anything
    await page.locator('#override select[name=tier]').selectOption('orange');
    await page.getByRole('button', { name: 'Lưu mức mới' }).click();
    await expectText(page.locator('#override'), 'Ghi rõ lý do');
    await page.locator('#override input[name=reason]').fill('Khó thở khi gắng sức, sống một mình');
    await page.getByRole('button', { name: 'Lưu mức mới' }).click();
    await expectText(page.getByTestId('patient-tier'), 'Cam');
    await expectText(page.getByTestId('patient-tier'), 'chỉnh tay');
    await expectText(page.locator('#history'), 'Khó thở khi gắng sức');
    await screenshot(page, 'care-team-history');
    const patient = await app.http.get(`/api/patients/${id}`).set(bearer(careTeam.token)).expect(200);
    expect(patient.body).toMatchObject({ riskTier: 'orange', tierSource: 'override' });

    // an out-of-range vital is caught in the form
    await page.locator('input[name=spo2]').fill('120');
    await page.locator('input[name=respiratoryRate]').fill('18');
    await page.getByRole('button', { name: 'Lưu chỉ số' }).click();
    await expectText(page.locator('#observation'), 'Trong khoảng 50–100');
    await page.context().close();
  });

  it('a doctor sees a due follow-up of their patient, records it on the phone and sees the new tier with its reasons', async () => {
    const created = await app.http
      .post('/api/patients')
      .set(bearer(careTeam.token))
      .send({
        fullName: 'Lâm Thị Xuân',
        phone: '0977654321',
        dateOfBirth: '1985-06-07',
        sex: 'female',
        district: 'Hai Bà Trưng',
        careSetting: 'home',
        vaccineDoses: 2,
      })
      .expect(201);
    const doctor = careDoctors.get((created.body as { assignedDoctorId: string }).assignedDoctorId);
    if (!doctor) throw new Error('the patient got no active care doctor of this test');
    const page = await newPage(browser, PHONE);
    await signIn(page, app, doctor.email, doctor.password);
    await expectText(page.locator('#my-patients'), 'Lâm Thị Xuân');
    const item = page.locator('#follow-ups li').filter({ hasText: 'Lâm Thị Xuân' });
    await item.getByRole('button', { name: 'Ghi nhận theo dõi' }).click();
    // the form checks the ranges before sending
    await item.getByRole('button', { name: 'Lưu theo dõi' }).click();
    await expectText(item, 'Bắt buộc');
    await item.locator('input[name=spo2]').fill('93');
    await item.locator('input[name=respiratoryRate]').fill('24');
    await item.locator('input[name=temperature]').fill('38,6');
    await item.getByRole('button', { name: 'Lưu theo dõi' }).click();
    const result = page.getByTestId('follow-up-result');
    await expectText(result, 'Đỏ');
    await expectText(result, 'danger:spo2');
    await expectText(result, 'Lần theo dõi tiếp');
    await screenshot(page, 'doctor-follow-up');
    const patient = await app.http
      .get(`/api/patients/${(created.body as { id: string }).id}`)
      .set(bearer(careTeam.token))
      .expect(200);
    expect(patient.body).toMatchObject({ riskTier: 'red' });
    await page.context().close();
  });
});
