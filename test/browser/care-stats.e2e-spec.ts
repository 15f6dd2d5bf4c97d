import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { addDays, localDateOf, weekStart } from '../../src/common/time/windows';
import { createDoctor, type CreatedDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';
import { patientBody } from '../patients/helpers';
import {
  appAndBrowser,
  copyToDocs,
  createStaff,
  expectText,
  LAPTOP,
  newPage,
  PHONE,
  screenshot,
  signIn,
} from './helpers';

const PATIENTS = 105;
const RED = 12;
const GREEN_OBS = { spo2: 98, respiratoryRate: 16 };
const RED_OBS = { spo2: 93, respiratoryRate: 24, heartRate: 110 };

/**
 * No critical or serious accessibility violation in the part of the page these screens draw (the
 * header and the other tabs' panels are checked by their own tests).
 */
async function expectAccessible(page: Page, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const bad = violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Waits until the locator matches `n` elements. */
async function waitCount(
  locator: { count(): Promise<number> },
  n: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${n} elements, found ${last}`);
}

/** Every clickable thing in the container is at least 44 px high. */
async function expectTargets(page: Page, selector: string): Promise<void> {
  const small = await page.$$eval(`${selector} button, ${selector} select, ${selector} summary`, (els) =>
    els
      .map((e) => ({ h: e.getBoundingClientRect().height, text: (e.textContent ?? '').trim().slice(0, 30) }))
      .filter((b) => b.h > 0 && b.h < 44),
  );
  expect(small).toEqual([]);
}

/**
 * The care team's list and patient page, the coordinators' daily statistics with the chart of the day,
 * and a cover request asked by a doctor and resolved by a coordinator, in a real Chromium (issue 14,
 * parts 5 and 6), with axe on each page.
 */
describe('care team, statistics and cover requests (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let coordinator: { email: string; password: string; token: string };
  let careTeam: { email: string; password: string; token: string };
  let consultA: CreatedDoctor;
  let consultB: CreatedDoctor;
  let watched: { id: string; fullName: string };
  let today: string;
  let windowKey: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const suite = appAndBrowser({ CONSULT_WINDOWS: '00-24' });

  beforeAll(async () => {
    ({ app, browser } = suite);
    coordinator = await createStaff(app, 'coordinator', 'Điều Phối Thử');
    careTeam = await createStaff(app, 'care_team', 'Tổ Chăm Sóc Thử');
    today = localDateOf(new Date(), app.config.operationsTz);

    // more than 100 patients under care, some red by override
    await createDoctor(app, { fullName: 'Lê Thị Chăm', group: 'active_care' });
    const ids: string[] = [];
    // a few at a time: the page's order (newest first) does not matter here, the names are looked up
    for (let i = 0; i < PATIENTS; i += 5) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(5, PATIENTS - i) }, (_, k) =>
          app.http
            .post('/api/patients')
            .set(bearer(careTeam.token))
            .send(patientBody({ fullName: `Bệnh Nhân ${String(i + k + 1).padStart(3, '0')}` }))
            .expect(201),
        ),
      );
      ids.push(...batch.map((r) => r.body.id as string));
    }
    for (const id of ids.slice(0, RED)) {
      await app.http
        .put(`/api/patients/${id}/risk-tier`)
        .set(bearer(careTeam.token))
        .send({ tier: 'red', reason: 'khó thở khi gọi' })
        .expect(200);
    }
    watched = { id: ids[RED + 1], fullName: `Bệnh Nhân ${String(RED + 2).padStart(3, '0')}` };
    for (const [obs, minutesAgo] of [
      [GREEN_OBS, 50],
      [RED_OBS, 20],
    ] as const) {
      await app.http
        .post(`/api/patients/${watched.id}/observations`)
        .set(bearer(careTeam.token))
        .send({ ...obs, takenAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() })
        .expect(201);
    }

    // the hotline's day: contacts received earlier today (never before local midnight)
    const midnight = Date.parse(`${today}T00:00:00+07:00`) + 60_000;
    for (const [k, branch, category] of [
      [1, 4, 'gathering'],
      [2, 4, 'no_mask'],
      [3, 1, 'emergency'],
      [4, 4, 'travel_procedures'],
      [5, 2, 'epidemiology'],
    ] as const) {
      const res = await app.http
        .post('/api/contacts')
        .set(bearer(app.adminToken))
        .send({
          channel: 'phone',
          branch,
          category,
          district: 'Cầu Giấy',
          ward: 'Dịch Vọng',
          summary: 'Người dân phản ánh',
          receivedAt: new Date(Math.max(midnight, Date.now() - k * 7 * 60_000)).toISOString(),
        })
        .expect(201);
      if (k === 4)
        await app.http
          .post(`/api/contacts/${res.body.id}/resolve`)
          .set(bearer(app.adminToken))
          .send({ answer: 'Cần giấy đi đường của phường' })
          .expect(200);
      if (k === 1)
        await app.http
          .post(`/api/contacts/${res.body.id}/forward`)
          .set(bearer(app.adminToken))
          .send({ district: 'Cầu Giấy' })
          .expect(200);
    }

    // a published consult roster next week: one of two free doctors holds the Monday window
    const monday = addDays(weekStart(today), 7);
    windowKey = `${monday}/00-24`;
    const two = [
      await createDoctor(app, { fullName: 'Nguyễn Văn An', group: 'consult' }),
      await createDoctor(app, { fullName: 'Trần Thị Bình', group: 'consult' }),
    ];
    for (const d of two)
      await app.http
        .put(`/api/doctors/${d.id}/availability`)
        .set(bearer(d.token))
        .send({ from: monday, to: monday, windows: [windowKey] })
        .expect(200);
    await app.http
      .put('/api/shifts/requirements')
      .set(bearer(coordinator.token))
      .send({ group: 'consult', default: 1, overrides: {} })
      .expect(200);
    const roster = await app.http
      .post('/api/rosters')
      .set(bearer(coordinator.token))
      .send({ group: 'consult', from: monday, to: monday })
      .expect(201);
    await app.http.post(`/api/rosters/${roster.body.id}/publish`).set(bearer(coordinator.token)).expect(200);
    const holder = (roster.body.assignments as { doctorId: string }[])[0].doctorId;
    [consultA, consultB] = holder === two[0].id ? two : [two[1], two[0]];
  }, 300_000);
  it('care team: tier counts are the server’s over more than 100 patients, a page at a time', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, careTeam.email, careTeam.password);
    const api = (
      await app.http.get('/api/patients?status=under_care&limit=1').set(bearer(careTeam.token)).expect(200)
    ).body as { total: number; tierCounts: Record<string, number> };
    expect(api.total).toBe(PATIENTS);
    expect(api.tierCounts.red).toBe(RED + 1); // and the one whose observation turned red
    const stats = (
      await app.http
        .get(`/api/stats/daily?from=${today}&to=${today}`)
        .set(bearer(coordinator.token))
        .expect(200)
    ).body[0] as { patientsByTier: Record<string, number> };
    for (const tier of ['green', 'yellow', 'orange', 'red']) {
      const perTier = (
        await app.http
          .get(`/api/patients?status=under_care&tier=${tier}&limit=1`)
          .set(bearer(careTeam.token))
          .expect(200)
      ).body.total as number;
      await expectText(page.locator(`[data-count=${tier}]`), String(perTier));
      expect(await page.locator(`[data-count=${tier}]`).textContent()).toBe(String(perTier));
      expect(stats.patientsByTier[tier]).toBe(perTier);
    }
    await expectText(page.getByTestId('tier-all'), String(PATIENTS));
    expect(await page.locator('h1').count()).toBe(1);

    // pagination: 50 a page
    await expectText(page.getByTestId('pager'), '1/3');
    expect(await page.getByTestId('patient-link').count()).toBe(50);
    const firstOfPage1 = await page.getByTestId('patient-link').first().textContent();
    await page.getByRole('button', { name: 'Trang sau ›' }).click();
    await expectText(page.getByTestId('pager'), '2/3');
    await page.getByRole('button', { name: 'Trang sau ›' }).click();
    await expectText(page.getByTestId('pager'), '3/3');
    await waitCount(page.getByTestId('patient-link'), 5);
    expect(await page.getByTestId('patient-link').first().textContent()).not.toBe(firstOfPage1);
    expect(await page.getByRole('button', { name: 'Trang sau ›' }).isDisabled()).toBe(true);

    // a tier count shows that tier only, from the first page
    await page.locator('[data-testid=tier-count][data-tier=red]').click();
    await expectText(page.getByTestId('pager'), `1/1 · ${RED + 1}`);
    expect(await page.locator('[data-testid=patient-list] [data-tier=red]').count()).toBe(RED + 1);
    await expectTargets(page, '.care-page');
    await expectAccessible(page, '.care-page');
    await page.close();
  }, 120_000);

  it('care team: the patient page has age, doctor, next follow-up, the timeline, and says what an override did', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, careTeam.email, careTeam.password);
    await page.locator('input[type=search]').fill(watched.fullName);
    await waitCount(page.getByTestId('patient-link'), 1);
    await page.getByTestId('patient-link').click();
    const facts = page.getByTestId('patient-facts');
    await expectText(facts.locator('[data-fact=doctor]'), 'Lê Thị Chăm');
    const age = Number(today.slice(0, 4)) - 1990 - (today.slice(5) < '05-01' ? 1 : 0);
    await expectText(facts.locator('[data-fact=age]'), `${age} tuổi`);
    expect(await facts.locator('[data-fact=nextFollowUp]').textContent()).toMatch(/\d{2}:\d{2}/);
    // the timeline: two observations and the tier changes they made, newest first
    const timeline = page.getByTestId('timeline');
    await waitCount(page.locator('[data-testid=timeline] [data-kind=observation]'), 2);
    expect(await timeline.locator('[data-kind=tier]').count()).toBeGreaterThanOrEqual(2);
    await expectText(timeline.locator('li').first(), 'Đỏ');
    await expectText(timeline.locator('[data-kind=observation]').first(), '93');
    copyToDocs(await screenshot(page, 'care-patient-page'), 'care-patient-page.png');

    await page.locator('#override select[name=tier]').selectOption('orange');
    await page.locator('#override input[name=reason]').fill('Khó thở tăng khi gọi video');
    await page.locator('#override button[type=submit]').click();
    await expectText(page.getByTestId('care-notice'), 'Đã đổi mức từ Đỏ sang Cam');
    await expectText(page.getByTestId('patient-tier'), 'Cam');
    await expectText(timeline.locator('li').first(), 'Khó thở tăng khi gọi video');
    // the notice follows the language toggle
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expectText(page.getByTestId('care-notice'), 'Tier changed from Red to Orange');
    await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    expect(await page.locator('h1').count()).toBe(1);
    await expectTargets(page, '#patient');
    await expectAccessible(page, '.care-page');
    await page.close();
  }, 120_000);

  it('coordinator: the daily statistics render with the chart of the day', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, app, coordinator.email, coordinator.password);
    await page.getByRole('tab', { name: 'Thống kê ngày' }).click();
    const chart = page.getByTestId('day-chart');
    await chart.locator('svg').waitFor();
    const daily = (
      await app.http
        .get(`/api/stats/daily?from=${today}&to=${today}`)
        .set(bearer(coordinator.token))
        .expect(200)
    ).body[0] as Record<string, number>;
    expect(daily.contactsReceived).toBe(5);
    await expectText(page.locator('[data-figure=contactsReceived]'), '5');
    await expectText(page.locator('[data-figure=contactsResolved]'), '1');
    await expectText(page.locator('[data-figure=contactsForwarded]'), '1');
    expect(await page.locator('[data-tier-count=red] strong').textContent()).toBe(
      String((daily.patientsByTier as unknown as Record<string, number>).red),
    );
    expect(await chart.locator('svg title').textContent()).toContain('Diễn biến trong ngày');
    expect(await chart.locator('svg').getAttribute('role')).toBe('img');
    // 24 hours × received, answered, forwarded; the bars' heights add up to the day's received
    expect(await chart.locator('rect.bar-received').count()).toBe(24);
    expect(await chart.locator('rect.bar-answered').count()).toBe(24);
    const tall = await chart
      .locator('rect.bar-received')
      .evaluateAll((rects) => rects.filter((r) => Number(r.getAttribute('height')) > 0).length);
    expect(tall).toBeGreaterThan(0);
    // the same numbers as a table
    await page.getByText('Xem dạng bảng').click();
    const rows = chart.locator('[data-testid=day-chart-table] tbody tr');
    expect(await rows.count()).toBe(24);
    const received = await rows.evaluateAll((trs) =>
      trs.reduce((n, tr) => n + Number(tr.querySelectorAll('td')[0].textContent), 0),
    );
    expect(received).toBe(5);
    expect(await page.locator('h1').count()).toBe(1);
    await expectTargets(page, '.stats-page');
    const shot = await screenshot(page, 'daily-statistics');
    copyToDocs(shot, 'daily-statistics.png');
    await expectAccessible(page, '.stats-page');
    // the previous day: nothing received
    await page.getByRole('button', { name: '‹ Hôm trước' }).click();
    await expectText(page.locator('[data-figure=contactsReceived]'), '0');
    await page.close();
  }, 120_000);

  it('a doctor asks for cover (and withdraws once); a coordinator gives the window to a colleague', async () => {
    const doctor = await newPage(browser, PHONE);
    await signIn(doctor, app, consultA.email, consultA.password);
    const cover = doctor.getByTestId('doctor-cover');
    await cover.locator('select[name=coverWindow]').waitFor();
    const ask = cover.locator('button[type=submit]');
    await ask.click();
    await expectText(cover.locator('.notice'), 'Đã gửi yêu cầu trực thay');
    await cover.getByTestId('my-cover-request').waitFor();
    await cover.getByRole('button', { name: 'Rút yêu cầu' }).click();
    await expectText(cover.locator('.notice'), 'Đã rút yêu cầu');
    await waitCount(cover.getByTestId('my-cover-request'), 0);
    await ask.click();
    await cover.getByTestId('my-cover-request').waitFor();
    await expectTargets(doctor, '#cover');
    await expectAccessible(doctor, '#cover');

    const coord = await newPage(browser, LAPTOP);
    await signIn(coord, app, coordinator.email, coordinator.password);
    await coord.getByRole('tab', { name: 'Xin người trực thay' }).click();
    const row = coord.getByTestId('cover-request').first();
    await expectText(row, consultA.body.fullName as string);
    const candidate = row.locator('select');
    await candidate.waitFor();
    expect(await candidate.locator('option').allTextContents()).toEqual([consultB.body.fullName]);
    expect(await coord.locator('h1').count()).toBe(1);
    await expectTargets(coord, '.cover-page');
    await expectAccessible(coord, '.cover-page');
    await screenshot(coord, 'cover-requests');
    await row.getByRole('button', { name: 'Giao ca' }).click();
    await expectText(coord.locator('.cover-page .notice'), `cho ${consultB.body.fullName as string}`);
    await waitCount(coord.getByTestId('cover-request'), 0);
    const [request] = (
      await app.http
        .get('/api/rosters/cover-requests?status=covered')
        .set(bearer(coordinator.token))
        .expect(200)
    ).body.items as { windowKey: string; coveredBy: string }[];
    expect(request).toMatchObject({ windowKey, coveredBy: consultB.id });
    // the doctor's list empties once the request is covered
    await doctor.reload();
    await doctor.getByTestId('doctor-cover').waitFor();
    await expectText(doctor.getByTestId('doctor-cover'), 'Bạn không có yêu cầu nào đang mở');
    await doctor.close();
    await coord.close();
  }, 120_000);
});
