import { ConsultJobs } from '../../src/consults/consult-jobs';
import { Dispatcher } from '../../src/consults/dispatcher';
import { OffersService } from '../../src/consults/offers.service';
import { SeededRandom } from '../../src/common/random';
import { startTestApp, TestApp } from '../support/test-app';
import {
  availableDoctor,
  connect,
  createConsult,
  expectInvariants,
  invariantViolations,
  Offered,
  publishRoster,
  rosteredDoctor,
  TestClient,
  until,
} from './helpers';
import { createDoctor } from '../support/factories';

/** Races with real concurrent clients; after each, the invariants of CONTRACT.md are checked in the database. */
describe('consults: races', () => {
  let app: TestApp;
  let coordinator: string;
  let jobs: ConsultJobs;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    app = await startTestApp({
      CONSULT_WINDOWS: '00-24',
      OFFER_TIMEOUT_SECONDS: '30',
      BACKGROUND_JOBS: '0',
      DB_POOL_SIZE: '24',
    });
    coordinator = await app.tokenFor('coordinator');
    jobs = app.server.app.get(ConsultJobs);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await app.db.query(`UPDATE doctor_presence SET status = 'away'`);
  });

  afterAll(async () => {
    await app.close();
  });

  /** The offer runs out `inMs` from now. */
  async function expireIn(offerId: string, inMs: number): Promise<void> {
    await app.db.query(`UPDATE consult_offers SET expires_at = $2 WHERE id = $1`, [
      offerId,
      new Date(app.clock.now().getTime() + inMs),
    ]);
  }

  /** The expiry sweeper, `times` runs 1 ms apart (to race something against). */
  async function sweep(times: number): Promise<void> {
    const offers = app.server.app.get(OffersService);
    for (let i = 0; i < times; i++) {
      await offers.expireDue();
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  it('many concurrent accepts of one offer (sockets in several tabs and HTTP): accepted once, every answer is that acceptance', async () => {
    const doctor = await rosteredDoctor(app);
    const tabs: TestClient[] = [];
    for (let i = 0; i < 4; i++) tabs.push(await connect(app.url, doctor.token));
    clients.push(...tabs);
    await tabs[0].setPresence('available');
    for (let round = 0; round < 5; round++) {
      const consult = await createConsult(app, coordinator);
      const offer = await tabs[0].next<Offered>('consult:offered');
      expect(offer.consult.id).toBe(consult.id);
      const viaSocket = tabs.flatMap((t) => [
        t.emit('consult:accept', { offerId: offer.offerId }),
        t.emit('consult:accept', { offerId: offer.offerId }),
      ]);
      const viaHttp = Array.from({ length: 8 }, () =>
        app.http.post(`/api/consults/offers/${offer.offerId}/accept`).auth(doctor.token, { type: 'bearer' }),
      );
      const [acks, responses] = await Promise.all([Promise.all(viaSocket), Promise.all(viaHttp)]);
      // One doctor's tabs and retries (CONTRACT.md "Retries"): one acceptance, answered to all of them.
      expect(acks.map((a) => (a.consult as { id?: string } | undefined)?.id)).toEqual(
        acks.map(() => consult.id),
      );
      expect(responses.map((r) => [r.status, (r.body as { consult?: { id: string } }).consult?.id])).toEqual(
        responses.map(() => [200, consult.id]),
      );
      const [{ n }] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM consult_offers WHERE consult_id = $1 AND status = 'accepted'`,
        [consult.id],
      );
      expect(n).toBe(1);
      await expectInvariants(app.db);
      await app.http
        .post(`/api/consults/${consult.id}/complete`)
        .auth(doctor.token, { type: 'bearer' })
        .send({ outcome: 'advised' })
        .expect(200);
      for (const t of tabs) t.skip('consult:offered');
    }
  });

  it('accept racing expiry: exactly one of them wins, every round', async () => {
    const rnd = new SeededRandom(42);
    const outcomes: Record<string, number> = { accepted: 0, expired: 0 };
    const doctor = await rosteredDoctor(app);
    const client = await availableDoctor(app, doctor);
    clients.push(client);
    for (let round = 0; round < 20; round++) {
      // two misses in a row set a doctor away: back to available each round
      await client.setPresence('away');
      await client.setPresence('available');
      const consult = await createConsult(app, coordinator);
      const offer = await client.next<Offered>('consult:offered');
      // the offer runs out a few milliseconds from now: the accept and the sweeper race for it
      await expireIn(offer.offerId, rnd.int(1, 15));
      const sweeping = sweep(30);
      const [ack] = await Promise.all([client.emit('consult:accept', { offerId: offer.offerId }), sweeping]);
      const [row] = await app.db.query<{ status: string }[]>(
        `SELECT status FROM consult_offers WHERE id = $1`,
        [offer.offerId],
      );
      const [c] = await app.db.query<{ status: string }[]>(`SELECT status FROM consults WHERE id = $1`, [
        consult.id,
      ]);
      if (ack.ok) {
        expect(row.status).toBe('accepted');
        expect(c.status).toBe('assigned');
      } else {
        expect(row.status).toBe('expired');
        expect(c.status).toBe('queued');
      }
      outcomes[row.status]++;
      await expectInvariants(app.db);
      await app.http.post(`/api/consults/${consult.id}/cancel`).auth(coordinator, { type: 'bearer' });
      await app.db.query(
        `UPDATE consults SET status = 'completed', completed_at = now(), outcome = 'advised' WHERE id = $1 AND status = 'assigned'`,
        [consult.id],
      );
    }
    expect(outcomes.accepted + outcomes.expired).toBe(20);
  });

  it('accept racing cancel: the consult ends assigned with the offer accepted, or cancelled with it revoked', async () => {
    const outcomes: Record<string, number> = { assigned: 0, cancelled: 0 };
    const doctor = await rosteredDoctor(app);
    const client = await availableDoctor(app, doctor);
    clients.push(client);
    for (let round = 0; round < 20; round++) {
      const consult = await createConsult(app, coordinator);
      const offer = await client.next<Offered>('consult:offered');
      // either one starts first, by 0–3 ms
      const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const [ack, cancel] = await Promise.all([
        after(round % 2 ? round % 4 : 0).then(() =>
          client.emit('consult:accept', { offerId: offer.offerId }),
        ),
        after(round % 2 ? 0 : round % 4).then(() =>
          app.http.post(`/api/consults/${consult.id}/cancel`).auth(coordinator, { type: 'bearer' }),
        ),
      ]);
      const [c] = await app.db.query<{ status: string }[]>(`SELECT status FROM consults WHERE id = $1`, [
        consult.id,
      ]);
      const [o] = await app.db.query<{ status: string }[]>(
        `SELECT status FROM consult_offers WHERE id = $1`,
        [offer.offerId],
      );
      // exactly one of the two won, and the rows agree with the answers
      expect([ack.ok, cancel.status === 200]).toEqual(ack.ok ? [true, false] : [false, true]);
      expect([c.status, o.status]).toEqual(ack.ok ? ['assigned', 'accepted'] : ['cancelled', 'revoked']);
      outcomes[c.status]++;
      await expectInvariants(app.db);
      if (ack.ok)
        await app.http
          .post(`/api/consults/${consult.id}/complete`)
          .auth(doctor.token, { type: 'bearer' })
          .send({ outcome: 'advised' })
          .expect(200);
      client.skip('consult:offered');
    }
    expect(outcomes.assigned + outcomes.cancelled).toBe(20);
  });

  it('a late accept racing the expiry and the offer to the next doctor: never assigned to the late one unless their offer was accepted', async () => {
    const rnd = new SeededRandom(99);
    const late = await rosteredDoctor(app);
    const next = await rosteredDoctor(app);
    const lateClient = await availableDoctor(app, late);
    clients.push(lateClient);
    const nextClient = await connect(app.url, next.token);
    clients.push(nextClient);
    for (let round = 0; round < 15; round++) {
      await lateClient.setPresence('away');
      await nextClient.setPresence('away');
      await lateClient.setPresence('available');
      const consult = await createConsult(app, coordinator);
      const offer = await lateClient.next<Offered>('consult:offered');
      // the next doctor is free now: the expiry re-queues the consult and the dispatcher offers it to them
      await nextClient.setPresence('available');
      await expireIn(offer.offerId, rnd.int(1, 10));
      const sweeping = sweep(20);
      const [ack] = await Promise.all([
        lateClient.emit('consult:accept', { offerId: offer.offerId }),
        sweeping,
      ]);
      const [c] = await app.db.query<{ status: string; assigned_doctor_id: string | null }[]>(
        `SELECT status, assigned_doctor_id FROM consults WHERE id = $1`,
        [consult.id],
      );
      if (ack.ok) expect(c).toEqual({ status: 'assigned', assigned_doctor_id: late.id });
      else expect(c.assigned_doctor_id).not.toBe(late.id);
      await expectInvariants(app.db);
      await app.http.post(`/api/consults/${consult.id}/cancel`).auth(coordinator, { type: 'bearer' });
      await app.db.query(
        `UPDATE consults SET status = 'completed', completed_at = now(), outcome = 'advised' WHERE id = $1 AND status = 'assigned'`,
        [consult.id],
      );
      lateClient.skip('consult:offered');
      nextClient.skip('consult:offered');
    }
  });

  it('many consults and many doctors, created and dispatched concurrently from several connections', async () => {
    const rnd = new SeededRandom(7);
    const doctors = [];
    for (let i = 0; i < 24; i++) doctors.push(await createDoctor(app, { group: 'consult' }));
    await publishRoster(
      app,
      doctors.map((d) => d.id),
    );
    const coordinators = [coordinator, await app.tokenFor('care_team'), app.adminToken];
    const pending: Promise<unknown>[] = [];
    for (const d of doctors) {
      const client = await availableDoctor(app, d);
      clients.push(client);
      const declines = rnd.chance(0.3);
      client.socket.on('consult:offered', (o: Offered) => {
        pending.push(
          (async () => {
            if (declines && rnd.chance(0.5)) {
              await client.emit('consult:decline', { offerId: o.offerId });
              return;
            }
            const ack = await client.emit('consult:accept', { offerId: o.offerId });
            if (!ack.ok) return;
            await new Promise((r) => setTimeout(r, rnd.int(0, 20)));
            await app.http
              .post(`/api/consults/${o.consult.id}/complete`)
              .auth(d.token, { type: 'bearer' })
              .send({ outcome: 'advised' });
          })(),
        );
      });
    }
    const dispatcher = app.server.app.get(Dispatcher);
    let stop = false;
    // extra dispatchers hammering the same queue from several database connections at once
    const hammer = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (!stop) {
          if ((await dispatcher.offerNext((1 + Math.random() * 3) | 0)).length === 0)
            await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
    const checks: string[][] = [];
    const checker = (async () => {
      while (!stop) {
        checks.push(await invariantViolations(app.db));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const created = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        createConsult(app, coordinators[i % coordinators.length], { callerName: `Caller ${i}` }),
      ),
    );
    await until(async () => {
      const [row] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM consults WHERE id = ANY ($1::uuid[]) AND status = 'completed'`,
        [created.map((c) => c.id)],
      );
      return row.n === created.length;
    }, 40_000);
    stop = true;
    await Promise.all([hammer, checker, Promise.all(pending)]);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.filter((v) => v.length > 0)).toEqual([]);
    await expectInvariants(app.db);
    // capacity 1 over time: no doctor's assignments overlap
    const overlaps = await app.db.query<unknown[]>(`
      SELECT a.id FROM consults a JOIN consults b ON a.assigned_doctor_id = b.assigned_doctor_id AND a.id < b.id
      WHERE a.status = 'completed' AND b.status = 'completed'
        AND a.assigned_at < b.completed_at AND b.assigned_at < a.completed_at`);
    expect(overlaps).toEqual([]);
    await jobs.tick();
  });
});
