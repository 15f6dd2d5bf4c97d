import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { addDays, localDateOf } from '../../src/common/time/windows';
import { publishRoster } from '../consults/helpers';
import { createDoctor, type CreatedDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';
import {
  appAndBrowser,
  copyToDocs,
  cspViolations,
  expectText,
  newPage,
  PHONE,
  screenshot,
  scrollToTop,
  signIn,
  waitForAttribute,
} from './helpers';

const WRAP_UP_SECONDS = 30;

interface Spies {
  vibrations: unknown[];
  oscillators: number;
  notifications: { title: string; body?: string; closed: boolean }[];
  hidden: boolean;
}

/**
 * Records what the offer alert does (vibrate, Web Audio tones, notifications) and lets the test hide
 * the tab: headless Chromium has no vibrator, speaker or notification centre to look at.
 */
function installSpies(): void {
  const w = globalThis as unknown as {
    __spies: Spies;
    navigator: { vibrate?: (p: unknown) => boolean };
    AudioContext?: { prototype: { createOscillator: () => unknown } };
    Notification: unknown;
    document: object;
  };
  const spies: Spies = { vibrations: [], oscillators: 0, notifications: [], hidden: false };
  w.__spies = spies;
  Object.defineProperty(w.navigator, 'vibrate', {
    configurable: true,
    value: (pattern: unknown) => {
      spies.vibrations.push(pattern);
      return true;
    },
  });
  const proto = w.AudioContext?.prototype;
  if (proto) {
    const original = proto.createOscillator;
    proto.createOscillator = function (this: unknown) {
      spies.oscillators++;
      return original.call(this);
    };
  }
  class FakeNotification {
    static permission = 'granted';
    static requestPermission = () => Promise.resolve('granted');
    onclick: unknown = null;
    private readonly entry: Spies['notifications'][number];
    constructor(title: string, options?: { body?: string }) {
      this.entry = { title, body: options?.body, closed: false };
      spies.notifications.push(this.entry);
    }
    close() {
      this.entry.closed = true;
    }
  }
  w.Notification = FakeNotification;
  Object.defineProperty(w.document, 'hidden', { configurable: true, get: () => spies.hidden });
}

const spies = (page: Page) => page.evaluate(() => (globalThis as unknown as { __spies: Spies }).__spies);

/**
 * The doctor's shift in a real Chromium on a phone: presence is the server's after a reload, a doctor
 * outside their rostered window is told so (and when the next one starts), an offer arrives in view
 * wherever the page is scrolled, with title, ring, vibration and notification, and wrap-up keeps the next
 * offer back until it ends or the doctor ends it. Axe finds no critical or serious violation.
 */
/** The tab's title is set by an effect after the render that shows or removes the card: wait for it. */
async function titleIs(page: Page, expected: string): Promise<void> {
  await page
    .waitForFunction(
      (t) => (globalThis as unknown as { document: { title: string } }).document.title === t,
      expected,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  expect(await page.title()).toBe(expected);
}

describe('doctor console: a whole shift (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let careTeam: string;
  let onShift: CreatedDoctor;
  let offShift: CreatedDoctor;
  let page: Page;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const serverPresence = async (doctor: CreatedDoctor) =>
    (await app.http.get('/api/consults/presence/me').set(bearer(doctor.token)).expect(200)).body as {
      status: string;
    };
  const newConsult = async (reason: string) =>
    (
      await app.http
        .post('/api/consults')
        .set(bearer(careTeam))
        .send({ callerPhone: '0889556655', callerName: 'Chị Hoa', reason })
        .expect(201)
    ).body as { id: string };
  const consultStatus = async (id: string) =>
    ((await app.http.get(`/api/consults/${id}`).set(bearer(careTeam)).expect(200)).body as { status: string })
      .status;

  async function seriousViolations(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p }).analyze();
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  const suite = appAndBrowser({
    CONSULT_WINDOWS: '00-24',
    OFFER_TIMEOUT_SECONDS: '120',
    WRAP_UP_SECONDS: String(WRAP_UP_SECONDS),
  });

  beforeAll(async () => {
    ({ app, browser } = suite);
    careTeam = await app.tokenFor('care_team');
    onShift = await createDoctor(app, { fullName: 'Nguyễn Văn An', group: 'consult' });
    await publishRoster(app, [onShift.id]);
    // on the roster from tomorrow only: nothing now, the next window named
    offShift = await createDoctor(app, { fullName: 'Trần Thị Bình', group: 'consult' });
    const tomorrow = addDays(localDateOf(app.clock.now(), app.config.operationsTz), 1);
    await publishRoster(app, [offShift.id], tomorrow, tomorrow);
  });

  it('after a reload the presence is the server’s (available stays available)', async () => {
    page = await newPage(browser, PHONE);
    await page.addInitScript(installSpies);
    await signIn(page, app, onShift.email, onShift.password);
    const presence = page.getByTestId('presence');
    await waitForAttribute(presence, 'data-status', 'away');
    await expectText(page.getByTestId('shift-note'), 'Trong ca đến');
    await page.getByRole('switch').click();
    await waitForAttribute(presence, 'data-status', 'available');
    expect((await serverPresence(onShift)).status).toBe('available');

    await page.reload();
    await waitForAttribute(page.getByTestId('presence'), 'data-status', 'available');
    await expectText(page.getByTestId('presence-state'), 'Sẵn sàng');
    expect(await page.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    expect((await serverPresence(onShift)).status).toBe('available');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.locator('h1').count()).toBe(1);
  });

  it('an offer while scrolled to the bottom is in view, retitles the tab, rings, vibrates, notifies when hidden; all stop when answered', async () => {
    const title = await page.title();
    // after the reload the doctor touches the page once (browsers allow sound after a gesture)
    await page.locator('#consults-title').click();
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        scrollTo(x: number, y: number): void;
        document: { documentElement: { scrollHeight: number } };
        __spies: Spies;
      };
      g.scrollTo(0, g.document.documentElement.scrollHeight);
      g.__spies.hidden = true;
    });
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBeGreaterThan(
      0,
    );

    await newConsult('Sốt cao ngày thứ 3, khó thở nhẹ');
    const card = page.getByTestId('offer');
    await card.waitFor({ state: 'visible' });
    await expectText(card, 'Sốt cao ngày thứ 3');
    // the sheet slides up (0.2 s, longer on a busy machine): measure where it comes to rest
    await card.evaluate((el) => {
      type Animated = { getAnimations(o: { subtree: boolean }): { finished: Promise<unknown> }[] };
      return Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished));
    });
    const viewport = page.viewportSize() ?? PHONE;
    for (const target of [card, card.getByRole('button', { name: 'Nhận', exact: true })]) {
      const box = await target.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
    }
    await titleIs(page, '(1) Cuộc gọi mới');
    const during = await spies(page);
    expect(during.vibrations.length).toBeGreaterThan(0);
    expect(during.oscillators).toBeGreaterThan(0);
    expect(during.notifications).toEqual([
      { title: 'Cuộc gọi mới', body: 'Cuộc gọi mới: Sốt cao ngày thứ 3, khó thở nhẹ', closed: false },
    ]);
    const path = await screenshot(page, 'doctor-offer-sheet');
    copyToDocs(path, 'doctor-offer-sheet.png');
    expect(await seriousViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await titleIs(page, title);
    const after = await spies(page);
    expect(after.vibrations[after.vibrations.length - 1]).toBe(0);
    expect(after.notifications[0].closed).toBe(true);
    // no more rings once answered
    await new Promise((r) => setTimeout(r, 3500));
    expect((await spies(page)).oscillators).toBe(after.oscillators);
    await page.evaluate(() => {
      (globalThis as unknown as { __spies: Spies }).__spies.hidden = false;
    });
  });

  it('wrap-up holds the next offer back until it ends; the doctor can end it sooner', async () => {
    // the declined consult of the previous test waits for another doctor: out of the way
    await app.db.query(
      `UPDATE consults SET status = 'cancelled', cancelled_at = now() WHERE status = 'queued'`,
    );
    await scrollToTop(page);
    const presence = page.getByTestId('presence');
    const card = page.getByTestId('offer');

    const first = await newConsult('Ho kéo dài');
    await card.getByRole('button', { name: 'Nhận', exact: true }).click();
    await page.locator('select[name=outcome]').selectOption('advised');
    await page.getByRole('button', { name: 'Hoàn tất cuộc tư vấn' }).click();
    await waitForAttribute(presence, 'data-status', 'wrap_up');
    expect(await consultStatus(first.id)).toBe('completed');
    await expectText(page.locator('.notice-ok'), 'Đã hoàn tất cuộc tư vấn');
    await expectText(page.getByTestId('wrap-up-left'), 'còn 0:');
    expect((await serverPresence(onShift)).status).toBe('wrap_up');

    const waiting = await newConsult('Hỏi về cách ly tại nhà');
    await new Promise((r) => setTimeout(r, 2500)); // two sweeps and dispatch passes
    expect(await consultStatus(waiting.id)).toBe('queued');
    expect(await card.count()).toBe(0);
    const path = await screenshot(page, 'doctor-wrap-up');
    copyToDocs(path, 'doctor-wrap-up.png');
    expect(await seriousViolations(page)).toEqual([]);

    // the wrap-up time passes (the server's clock): available again, and the waiting consult comes at once
    app.clock.advance(WRAP_UP_SECONDS * 1000);
    await waitForAttribute(presence, 'data-status', 'available');
    await expectText(card, 'Hỏi về cách ly tại nhà');
    expect(await consultStatus(waiting.id)).toBe('offered');

    // the doctor ends the next wrap-up sooner
    await card.getByRole('button', { name: 'Nhận', exact: true }).click();
    await page.locator('select[name=outcome]').selectOption('advised');
    await page.getByRole('button', { name: 'Hoàn tất cuộc tư vấn' }).click();
    await waitForAttribute(presence, 'data-status', 'wrap_up');
    const next = await newConsult('Cần tư vấn dinh dưỡng');
    await page.getByRole('button', { name: 'Sẵn sàng nhận cuộc gọi' }).click();
    await waitForAttribute(presence, 'data-status', 'available');
    await expectText(card, 'Cần tư vấn dinh dưỡng');
    expect(await consultStatus(next.id)).toBe('offered');
    await card.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('outside a rostered window the switch says no call will come, and when the next window starts', async () => {
    const p = await newPage(browser, PHONE);
    await signIn(p, app, offShift.email, offShift.password);
    await waitForAttribute(p.getByTestId('presence'), 'data-status', 'away');
    const note = p.getByTestId('shift-note');
    await expectText(note, 'Bạn không có ca lúc này — ca tới: ');
    const tomorrow = addDays(localDateOf(app.clock.now(), app.config.operationsTz), 1);
    const weekday = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'UTC',
      weekday: 'long',
    }).format(new Date(`${tomorrow}T12:00:00Z`));
    await expectText(note, `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)} 00:00`);
    expect(await p.getByRole('switch').getAttribute('aria-describedby')).toBe('shift-note');
    // the words follow the language toggle
    await p.locator('button.lang').click();
    await expectText(note, 'You are not on shift now — next shift: ');
    await screenshot(p, 'doctor-off-shift');
    expect(await seriousViolations(p)).toEqual([]);
    // every target at least 44 px
    const small = await p.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } })
        .document;
      return Array.from(doc.querySelectorAll('button, a[href], select, input, [role=switch]'))
        .map((el) => {
          const e = el as { getBoundingClientRect(): { width: number; height: number }; outerHTML: string };
          const r = e.getBoundingClientRect();
          return { html: e.outerHTML.slice(0, 80), w: r.width, h: r.height };
        })
        .filter((r) => r.w > 0 && (r.h < 44 || r.w < 44));
    });
    expect(small).toEqual([]);
    await p.context().close();
    expect(cspViolations).toEqual([]);
  });
});
