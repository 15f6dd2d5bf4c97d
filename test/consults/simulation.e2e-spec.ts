import { ConsultJobs } from '../../src/consults/consult-jobs';
import { Dispatcher } from '../../src/consults/dispatcher';
import { SeededRandom } from '../../src/common/random';
import { CreatedDoctor, createDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  Ack,
  connect,
  createConsult,
  invariantViolations,
  Offered,
  publishRoster,
  TestClient,
} from './helpers';

const SEED = Number(process.env.SIM_SEED ?? 20210823);
const STEPS = 260;

/**
 * A seeded randomized simulation: doctors connect, drop, go available/away, accept, decline and ignore
 * offers, complete calls, while consults arrive and coordinators cancel some and time moves on. After
 * every step the invariants of CONTRACT.md hold in the database; at the end every consult is completed
 * or cancelled. Replay a failure with SIM_SEED=<seed>.
 */
describe(`consults: randomized simulation (seed ${SEED})`, () => {
  let app: TestApp;
  let coordinator: string;
  let jobs: ConsultJobs;
  let dispatcher: Dispatcher;
  const sockets = new Map<string, TestClient>();

  beforeAll(async () => {
    app = await startTestApp({ CONSULT_WINDOWS: '00-24', OFFER_TIMEOUT_SECONDS: '20', BACKGROUND_JOBS: '0' });
    coordinator = await app.tokenFor('coordinator');
    jobs = app.server.app.get(ConsultJobs);
    dispatcher = app.server.app.get(Dispatcher);
  });

  afterAll(async () => {
    for (const c of sockets.values()) c.close();
    await app.close();
  });

  it('keeps every invariant at every step and ends with every consult completed or cancelled', async () => {
    const rnd = new SeededRandom(SEED);
    app.clock.freeze();
    const doctors: CreatedDoctor[] = [];
    for (let i = 0; i < 8; i++)
      doctors.push(
        await createDoctor(app, { group: 'consult', languages: i % 3 === 0 ? ['vi', 'en'] : ['vi'] }),
      );
    await publishRoster(
      app,
      doctors.map((d) => d.id),
    );
    const consultIds: string[] = [];
    const counts: Record<string, number> = {};
    const acceptable = (ack: Ack) => ack.ok || ack.error === 'conflict' || ack.error === 'not_found';

    const settle = async () => {
      await dispatcher.idle();
      await new Promise((r) => setTimeout(r, 15));
    };
    const latestOffer = (c: TestClient): Offered | undefined => {
      const offers = c.all<Offered>('consult:offered');
      const revoked = new Set(c.all<{ offerId: string }>('consult:offer-revoked').map((r) => r.offerId));
      return offers.reverse().find((o) => !revoked.has(o.offerId));
    };
    const assignedTo = async (doctorId: string) =>
      (
        await app.db.query<{ id: string }[]>(
          `SELECT id FROM consults WHERE assigned_doctor_id = $1 AND status = 'assigned'`,
          [doctorId],
        )
      )[0];

    const act = async (doctor: CreatedDoctor) => {
      const socket = sockets.get(doctor.id);
      const roll = rnd.next();
      if (!socket) {
        if (roll < 0.6) {
          const c = await connect(app.url, doctor.token);
          sockets.set(doctor.id, c);
          if (rnd.chance(0.8)) await c.setPresence('available');
          return 'connect';
        }
        const assigned = await assignedTo(doctor.id);
        if (assigned) {
          await app.http
            .post(`/api/consults/${assigned.id}/complete`)
            .auth(doctor.token, { type: 'bearer' })
            .send({ outcome: 'advised' })
            .expect(200);
          return 'complete-offline';
        }
        return 'idle';
      }
      if (roll < 0.08) {
        socket.close();
        sockets.delete(doctor.id);
        return 'drop';
      }
      if (roll < 0.16) {
        await socket.setPresence(rnd.chance(0.5) ? 'available' : 'away');
        return 'presence';
      }
      const assigned = await assignedTo(doctor.id);
      if (assigned && roll < 0.6) {
        await app.http
          .post(`/api/consults/${assigned.id}/complete`)
          .auth(doctor.token, { type: 'bearer' })
          .send({ outcome: 'advised' })
          .expect(200);
        return 'complete';
      }
      const offer = latestOffer(socket);
      if (offer && roll < 0.75) {
        const ack = await socket.emit('consult:accept', { offerId: offer.offerId });
        expect(acceptable(ack)).toBe(true);
        return ack.ok ? 'accept' : 'accept-late';
      }
      if (offer && roll < 0.85) {
        const ack = await socket.emit('consult:decline', { offerId: offer.offerId });
        expect(acceptable(ack)).toBe(true);
        return 'decline';
      }
      return 'ignore';
    };

    for (let step = 0; step < STEPS; step++) {
      const roll = rnd.next();
      let what: string;
      if (roll < 0.22) {
        const c = await createConsult(app, coordinator, rnd.chance(0.15) ? { language: 'en' } : {});
        consultIds.push(c.id);
        what = 'arrive';
      } else if (roll < 0.26 && consultIds.length > 0) {
        const res = await app.http
          .post(`/api/consults/${rnd.pick(consultIds)}/cancel`)
          .auth(coordinator, { type: 'bearer' });
        expect([200, 409]).toContain(res.status);
        what = 'cancel';
      } else if (roll < 0.4) {
        app.clock.advance(rnd.int(1, 15) * 1000);
        await jobs.tick();
        what = 'time';
      } else {
        what = await act(rnd.pick(doctors));
      }
      counts[what] = (counts[what] ?? 0) + 1;
      await settle();
      const violations = await invariantViolations(app.db);
      if (violations.length > 0) throw new Error(`step ${step} (${what}): ${violations.join('; ')}`);
    }

    // Drain: every doctor connects, goes available and takes every call until the queue is empty.
    for (const d of doctors) {
      if (!sockets.has(d.id)) sockets.set(d.id, await connect(app.url, d.token));
      await sockets.get(d.id)!.setPresence('available');
    }
    for (let round = 0; round < 200; round++) {
      await jobs.tick();
      await settle();
      const open = await app.db.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM consults WHERE status IN ('queued', 'offered', 'assigned')`,
      );
      if (open.length === 0) break;
      for (const d of doctors) {
        const pending = await app.db.query<{ id: string }[]>(
          `SELECT id FROM consult_offers WHERE doctor_id = $1 AND status = 'pending'`,
          [d.id],
        );
        if (pending[0])
          expect(
            acceptable(await sockets.get(d.id)!.emit('consult:accept', { offerId: pending[0].id })),
          ).toBe(true);
        const assigned = await assignedTo(d.id);
        if (assigned)
          await app.http
            .post(`/api/consults/${assigned.id}/complete`)
            .auth(d.token, { type: 'bearer' })
            .send({ outcome: 'advised' })
            .expect(200);
      }
      app.clock.advance(1000);
      // a consult every eligible doctor has declined or let expire can never be offered again: the coordinator cancels it
      const stuck = await app.db.query<{ id: string }[]>(`
        SELECT c.id FROM consults c WHERE c.status = 'queued' AND NOT EXISTS (
          SELECT 1 FROM doctors d WHERE d."group" = 'consult' AND (c.language IS NULL OR c.language = ANY (d.languages))
            AND NOT EXISTS (SELECT 1 FROM consult_offers o WHERE o.consult_id = c.id AND o.doctor_id = d.id AND o.status IN ('declined', 'expired')))`);
      for (const s of stuck)
        await app.http.post(`/api/consults/${s.id}/cancel`).auth(coordinator, { type: 'bearer' }).expect(200);
      const violations = await invariantViolations(app.db);
      if (violations.length > 0) throw new Error(`drain round ${round}: ${violations.join('; ')}`);
    }
    const final = await app.db.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM consults GROUP BY status`,
    );
    expect(final.every((r) => r.status === 'completed' || r.status === 'cancelled')).toBe(true);
    expect(final.reduce((sum, r) => sum + r.n, 0)).toBe(consultIds.length);
    // the simulation did exercise the interesting paths
    expect(counts.arrive).toBeGreaterThan(20);
    expect((counts.accept ?? 0) + (counts.decline ?? 0)).toBeGreaterThan(5);
    const offers = await app.db.query<{ status: string }[]>(`SELECT DISTINCT status FROM consult_offers`);
    expect(offers.map((o) => o.status).sort()).toEqual(expect.arrayContaining(['accepted', 'expired']));
  });
});
