import { ConsultJobs } from '../../src/consults/consult-jobs';
import type { TestApp } from '../support/test-app';
import {
  availableDoctor,
  connect,
  consultSuite,
  createConsult,
  Offered,
  rosteredDoctor,
  until,
} from './helpers';
import { createDoctor } from '../support/factories';

interface Board {
  now: string;
  waiting: {
    id: string;
    status: string;
    callerName: string | null;
    reason: string;
    language: string | null;
    waitSeconds: number;
    passedBy: number;
    offeredTo: string | null;
  }[];
  doctors: { id: string; fullName: string; status: string; since: string | null }[];
}

/**
 * The supervisor board (`GET /api/consults/board`) over real sockets: each on-shift doctor's status is
 * derived from what the server holds (presence, sockets, offers, calls); waiting callers carry their
 * wait by the server clock and how many doctors passed on them. Background jobs off: the test sweeps.
 */
describe('consults: supervisor board', () => {
  const suite = consultSuite({
    CONSULT_WINDOWS: '00-24',
    OFFER_TIMEOUT_SECONDS: '30',
    WRAP_UP_SECONDS: '30',
  });
  const { track } = suite;
  let app: TestApp;
  let coordinator: string;
  let jobs: ConsultJobs;

  const board = async (token = coordinator): Promise<Board> =>
    (await app.http.get('/api/consults/board').auth(token, { type: 'bearer' }).expect(200)).body as Board;
  const statusOf = async (doctorId: string) => (await board()).doctors.find((d) => d.id === doctorId)?.status;

  beforeAll(() => {
    ({ app, coordinator, jobs } = suite);
  });

  it('coordinators and admins read it; care team and doctors are refused', async () => {
    await board(app.adminToken);
    const care = await app.tokenFor('care_team');
    await app.http.get('/api/consults/board').auth(care, { type: 'bearer' }).expect(403);
    const doctor = await createDoctor(app, { group: 'consult' });
    await app.http.get('/api/consults/board').auth(doctor.token, { type: 'bearer' }).expect(403);
    await app.http.get('/api/consults/board').expect(401);
  });

  it('lists only doctors on the published roster now, each with a status derived from the server: offline, away, available, offered, on_call, wrap_up', async () => {
    const offRoster = await createDoctor(app, { group: 'consult', fullName: 'Không Có Ca' });
    const a = await rosteredDoctor(app, { fullName: 'Bác Sĩ An', languages: ['vi'] });
    const b = await rosteredDoctor(app, { fullName: 'Bác Sĩ Bình', languages: ['vi', 'en'] });
    const c = await rosteredDoctor(app, { fullName: 'Bác Sĩ Châu' });
    const coord = track(await connect(app.url, coordinator));

    let now = await board();
    expect(now.doctors.map((d) => d.id)).not.toContain(offRoster.id);
    expect(now.doctors.filter((d) => [a.id, b.id, c.id].includes(d.id)).map((d) => d.fullName)).toEqual([
      'Bác Sĩ An',
      'Bác Sĩ Bình',
      'Bác Sĩ Châu',
    ]);
    // never connected: offline
    expect(await statusOf(a.id)).toBe('offline');

    // connected while away: away, and coordinators are told at once
    coord.skip('board:doctor-changed');
    const socketA = track(await connect(app.url, a.token));
    expect(await coord.next('board:doctor-changed')).toEqual({
      doctorId: a.id,
      change: 'connected',
      presence: 'away',
    });
    expect(await statusOf(a.id)).toBe('away');

    // available: coordinators hear the presence change
    await socketA.setPresence('available');
    expect(await coord.next('board:doctor-changed')).toEqual({
      doctorId: a.id,
      change: 'presence',
      presence: 'available',
    });
    expect(await statusOf(a.id)).toBe('available');

    // an offer: offered; the waiting caller shows who holds it
    const consult = await createConsult(app, coordinator, { callerName: 'Người Gọi Một', language: 'vi' });
    const offer = await socketA.next<Offered>('consult:offered');
    now = await board();
    expect(now.doctors.find((d) => d.id === a.id)).toMatchObject({ status: 'offered' });
    expect(now.waiting).toEqual([
      expect.objectContaining({
        id: consult.id,
        status: 'offered',
        callerName: 'Người Gọi Một',
        language: 'vi',
        passedBy: 0,
        offeredTo: 'Bác Sĩ An',
      }),
    ]);

    // accepted: on a call, and no longer waiting
    expect((await socketA.emit('consult:accept', { offerId: offer.offerId })).ok).toBe(true);
    now = await board();
    expect(now.doctors.find((d) => d.id === a.id)).toMatchObject({ status: 'on_call' });
    expect(now.waiting).toEqual([]);

    // a socket that leaves: offline at once (no offer can reach them), away after the grace period
    const socketB = track(await availableDoctor(app, b));
    expect(await statusOf(b.id)).toBe('available');
    coord.skip('board:doctor-changed');
    socketB.close();
    expect(await coord.next('board:doctor-changed')).toMatchObject({
      doctorId: b.id,
      change: 'disconnected',
    });
    await until(async () => (await statusOf(b.id)) === 'offline');
    app.clock.advance(11_000);
    await jobs.tick();
    const row = await app.db.query<{ status: string }[]>(
      `SELECT status FROM doctor_presence WHERE doctor_id = $1`,
      [b.id],
    );
    expect(row[0].status).toBe('away');
    expect(await statusOf(b.id)).toBe('offline');

    // the call ends: wrap-up (the presence as stored), told to coordinators; then available again
    coord.skip('board:doctor-changed');
    await app.http
      .post(`/api/consults/${consult.id}/complete`)
      .auth(a.token, { type: 'bearer' })
      .send({ outcome: 'advised' })
      .expect(200);
    expect(await coord.next('board:doctor-changed')).toEqual({
      doctorId: a.id,
      change: 'presence',
      presence: 'wrap_up',
    });
    expect(await statusOf(a.id)).toBe('wrap_up');
    app.clock.advance(31_000);
    await jobs.tick();
    await until(async () => (await statusOf(a.id)) === 'available');
    await socketA.setPresence('away');
  });

  it('a waiting caller: the wait by the server clock, longest first, and how many doctors declined or let the offer expire', async () => {
    const older = await createConsult(app, coordinator, { callerName: 'Chờ Lâu', reason: 'Sốt cao' });
    app.clock.advance(150_000);
    const newer = await createConsult(app, coordinator, { callerName: 'Mới Gọi', language: 'en' });
    let now = await board();
    expect(now.waiting.map((w) => w.id)).toEqual([older.id, newer.id]);
    const first = now.waiting[0];
    expect(first.waitSeconds).toBeGreaterThanOrEqual(150);
    expect(first.waitSeconds).toBeLessThan(170);
    expect(first).toMatchObject({ status: 'queued', reason: 'Sốt cao', passedBy: 0, offeredTo: null });

    // one doctor declines the older caller, another lets it expire
    // Dung speaks no English: once she has declined the older caller, nothing else can be offered to her
    // (the newer caller asked for English) before she turns away, so the counts below are exact
    const d1 = await rosteredDoctor(app, { fullName: 'Bác Sĩ Dung', languages: ['vi'] });
    const d2 = await rosteredDoctor(app, { fullName: 'Bác Sĩ Em', languages: ['vi', 'en'] });
    const s1 = track(await availableDoctor(app, d1));
    const o1 = await s1.next<Offered>('consult:offered');
    expect(o1.consult.id).toBe(older.id);
    expect((await s1.emit('consult:decline', { offerId: o1.offerId })).ok).toBe(true);
    await s1.setPresence('away');
    const s2 = track(await availableDoctor(app, d2));
    const o2 = await s2.next<Offered>('consult:offered');
    const held = o2.consult.id;
    app.clock.advance(31_000);
    await jobs.tick();
    await s2.setPresence('away');
    now = await board();
    const passed = now.waiting.find((w) => w.id === held);
    expect(passed?.passedBy).toBe(held === older.id ? 2 : 1);
    expect(now.waiting.find((w) => w.id !== held)?.passedBy).toBe(held === older.id ? 0 : 1);

    // cancelled callers leave the board
    for (const w of now.waiting) {
      await app.http.post(`/api/consults/${w.id}/cancel`).auth(coordinator, { type: 'bearer' }).expect(200);
    }
    expect((await board()).waiting).toEqual([]);
  });
});
