import { DateTime } from 'luxon';
import { ConsultJobs } from '../../src/consults/consult-jobs';
import { addDays, localDateOf } from '../../src/common/time/windows';
import { createDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';
import {
  availableDoctor,
  consultSuite,
  createConsult,
  expectInvariants,
  Offered,
  publishRoster,
  rosteredDoctor,
  TestClient,
  until,
} from './helpers';

interface PresenceChanged {
  status: string;
  reason: string;
  wrapUpUntil?: string;
}

/**
 * Wrap-up (issue 14) over real HTTP and real sockets: after completing a consult a doctor is `wrap_up`
 * for WRAP_UP_SECONDS and offered nothing, even with a consult waiting; when it ends (the test moves
 * the clock and runs the sweep by hand) the waiting consult is offered to them at once.
 */
describe('consults: wrap-up after a completed consult', () => {
  const WRAP_UP = 30;
  const suite = consultSuite({
    CONSULT_WINDOWS: '00-24',
    OFFER_TIMEOUT_SECONDS: '300',
    WRAP_UP_SECONDS: String(WRAP_UP),
  });
  const { track } = suite;
  let app: TestApp;
  let coordinator: string;
  let jobs: ConsultJobs;

  beforeAll(() => {
    ({ app, coordinator, jobs } = suite);
  });

  const presenceOf = async (token: string) =>
    (await app.http.get('/api/consults/presence/me').auth(token, { type: 'bearer' }).expect(200)).body as {
      status: string;
      wrapUpUntil: string | null;
    };

  /** A consult offered to `client`, accepted and completed (presence events so far are skipped). */
  async function takeAndComplete(client: TestClient, token: string): Promise<void> {
    client.skip('presence:changed');
    const consult = await createConsult(app, coordinator);
    const offered = await client.next<Offered>('consult:offered');
    expect(offered.consult.id).toBe(consult.id);
    expect((await client.emit('consult:accept', { offerId: offered.offerId })).ok).toBe(true);
    await app.http
      .post(`/api/consults/${consult.id}/complete`)
      .auth(token, { type: 'bearer' })
      .send({ outcome: 'advised' })
      .expect(200);
  }

  const statusOf = async (id: string) =>
    (await app.http.get(`/api/consults/${id}`).auth(coordinator, { type: 'bearer' }).expect(200)).body
      .status as string;

  it('no offer during wrap-up, even with a consult waiting; offered at once when it ends', async () => {
    const doctor = await rosteredDoctor(app);
    const client = track(await availableDoctor(app, doctor));

    const before = app.clock.now().getTime();
    await takeAndComplete(client, doctor.token);
    const changed = await client.next<PresenceChanged>('presence:changed');
    expect(changed).toMatchObject({ status: 'wrap_up', reason: 'completed' });
    const until_ = Date.parse(changed.wrapUpUntil ?? '');
    expect(until_).toBeGreaterThanOrEqual(before + WRAP_UP * 1000);
    expect(until_).toBeLessThan(app.clock.now().getTime() + WRAP_UP * 1000 + 1);
    expect(await presenceOf(doctor.token)).toMatchObject({
      status: 'wrap_up',
      wrapUpUntil: changed.wrapUpUntil,
    });

    const waiting = await createConsult(app, coordinator);
    await jobs.tick();
    app.clock.advance((WRAP_UP - 2) * 1000);
    await jobs.tick();
    expect(await statusOf(waiting.id)).toBe('queued');
    expect(client.all('consult:offered')).toHaveLength(1);
    const queue = await app.http.get('/api/consults/queue').auth(coordinator, { type: 'bearer' }).expect(200);
    expect(queue.body).toMatchObject({ queued: 1, doctorsAvailable: 0 });

    app.clock.advance(2000);
    await jobs.tick();
    expect(await client.next<PresenceChanged>('presence:changed')).toMatchObject({
      status: 'available',
      reason: 'wrap_up_ended',
    });
    const offered = await client.next<Offered>('consult:offered');
    expect(offered.consult.id).toBe(waiting.id);
    expect(await presenceOf(doctor.token)).toMatchObject({ status: 'available', wrapUpUntil: null });
    await expectInvariants(app.db);
  });

  it('the doctor ends it early with presence:set available: the waiting consult is offered at once', async () => {
    const doctor = await rosteredDoctor(app);
    const client = track(await availableDoctor(app, doctor));
    await takeAndComplete(client, doctor.token);
    expect(await client.next<PresenceChanged>('presence:changed')).toMatchObject({ status: 'wrap_up' });

    const waiting = await createConsult(app, coordinator);
    await jobs.tick();
    expect(await statusOf(waiting.id)).toBe('queued');

    // the client may still only send available | away
    expect(await client.emit('presence:set', { status: 'wrap_up' })).toMatchObject({ ok: false });
    await client.setPresence('available');
    const offered = await client.next<Offered>('consult:offered');
    expect(offered.consult.id).toBe(waiting.id);
    expect(await presenceOf(doctor.token)).toMatchObject({ status: 'available', wrapUpUntil: null });
  });

  it('away during wrap-up stays away when the wrap-up time passes; a wrap-up does not outlive the socket', async () => {
    const doctor = await rosteredDoctor(app);
    const client = track(await availableDoctor(app, doctor));
    await takeAndComplete(client, doctor.token);
    await client.next<PresenceChanged>('presence:changed');
    await client.setPresence('away');
    const waiting = await createConsult(app, coordinator);
    app.clock.advance((WRAP_UP + 1) * 1000);
    await jobs.tick();
    expect(await presenceOf(doctor.token)).toMatchObject({ status: 'away', wrapUpUntil: null });
    expect(await statusOf(waiting.id)).toBe('queued');

    // another doctor wrapping up closes the page: away after the grace period, not available later
    const other = await rosteredDoctor(app);
    const otherClient = await availableDoctor(app, other);
    const offered = await otherClient.next<Offered>('consult:offered');
    expect((await otherClient.emit('consult:accept', { offerId: offered.offerId })).ok).toBe(true);
    await app.http
      .post(`/api/consults/${waiting.id}/complete`)
      .auth(other.token, { type: 'bearer' })
      .send({ outcome: 'advised' })
      .expect(200);
    expect(await presenceOf(other.token)).toMatchObject({ status: 'wrap_up' });
    otherClient.close();
    await until(async () => {
      const [row] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM doctor_sockets WHERE doctor_id = $1`,
        [other.id],
      );
      return row.n === 0;
    });
    app.clock.advance(11_000);
    await jobs.tick();
    expect(await presenceOf(other.token)).toMatchObject({ status: 'away', wrapUpUntil: null });
  });

  it('a doctor who was not available when completing gets no wrap-up', async () => {
    const doctor = await rosteredDoctor(app);
    const client = track(await availableDoctor(app, doctor));
    const consult = await createConsult(app, coordinator);
    const offered = await client.next<Offered>('consult:offered');
    await client.emit('consult:accept', { offerId: offered.offerId });
    await client.setPresence('away');
    await app.http
      .post(`/api/consults/${consult.id}/complete`)
      .auth(doctor.token, { type: 'bearer' })
      .send({ outcome: 'advised' })
      .expect(200);
    expect(await presenceOf(doctor.token)).toMatchObject({ status: 'away', wrapUpUntil: null });
  });

  it('GET /api/consults/presence/me: the current rostered window and the next, from the published roster', async () => {
    const zone = app.config.operationsTz;
    const today = localDateOf(app.clock.now(), zone);
    const tomorrow = addDays(today, 1);

    const onShift = await rosteredDoctor(app);
    const state = (
      await app.http.get('/api/consults/presence/me').auth(onShift.token, { type: 'bearer' }).expect(200)
    ).body as Record<string, unknown>;
    expect(state).toEqual({
      status: 'away',
      since: null,
      wrapUpUntil: null,
      window: expect.objectContaining({ key: `${today}/00-24`, date: today }),
      nextWindow: expect.objectContaining({
        key: `${tomorrow}/00-24`,
        date: tomorrow,
        weekday: DateTime.fromISO(tomorrow, { zone }).weekday,
        startsAt: DateTime.fromISO(tomorrow, { zone }).toUTC().toISO({ suppressMilliseconds: false }),
      }),
    });

    // rostered tomorrow only: no window now, the next one named
    const later = await createDoctor(app, { group: 'consult' });
    await publishRoster(app, [later.id], tomorrow, tomorrow);
    const laterState = (
      await app.http.get('/api/consults/presence/me').auth(later.token, { type: 'bearer' }).expect(200)
    ).body as Record<string, unknown>;
    expect(laterState).toMatchObject({ window: null, nextWindow: { key: `${tomorrow}/00-24` } });

    // on no roster: neither
    const none = await createDoctor(app, { group: 'consult' });
    expect(await presenceOf(none.token)).toMatchObject({ window: null, nextWindow: null });

    // only doctors have a presence
    await app.http.get('/api/consults/presence/me').auth(coordinator, { type: 'bearer' }).expect(403);
    await app.http.get('/api/consults/presence/me').expect(401);
  });
});
