import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents } from '../../src/common/events';
import { createDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  availableDoctor,
  connect,
  createConsult,
  expectInvariants,
  Offered,
  rosteredDoctor,
  TestClient,
  until,
} from '../consults/helpers';

/**
 * The realtime module with its background jobs on (the real sweepers): rooms, the fan-out of domain
 * events published by other modules, and expiry / presence decided by the database, not by timers.
 */
describe('realtime: rooms, fan-out and the background sweepers', () => {
  let app: TestApp;
  let events: EventEmitter2;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => {
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    app = await startTestApp({ CONSULT_WINDOWS: '00-24', OFFER_TIMEOUT_SECONDS: '1', BACKGROUND_JOBS: '1' });
    events = app.server.app.get(EventEmitter2);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await app.close();
  });

  it('doctors hear only their own events; coordinators and admins hear the coordinators room; care team neither', async () => {
    const d1 = await createDoctor(app);
    const d2 = await createDoctor(app);
    const doc1 = track(await connect(app.url, d1.token));
    const doc2 = track(await connect(app.url, d2.token));
    const coord = track(await connect(app.url, await app.tokenFor('coordinator')));
    const admin = track(await connect(app.url, app.adminToken));
    const care = track(await connect(app.url, await app.tokenFor('care_team')));
    // coordinators get the queue right away on connect
    await coord.next('queue:updated');
    await admin.next('queue:updated');

    const followUp = {
      followUpId: 'f1',
      patientId: 'p1',
      dueAt: '2021-08-23T09:00:00.000+07:00',
      tier: 'high',
    };
    events.emit(DomainEvents.FollowUpAssigned, { doctorId: d1.id, payload: followUp });
    const tier = { patientId: 'p1', from: 'medium', to: 'high', reasons: ['SpO2 93%'] };
    events.emit(DomainEvents.PatientTierChanged, { doctorId: d2.id, payload: tier });
    const escalated = { escalationId: 'e1', patientId: 'p1', tier: 'critical', reasons: ['SpO2 88%'] };
    events.emit(DomainEvents.PatientEscalated, { payload: escalated });
    events.emit(DomainEvents.RosterPublished, {
      rosterId: 'r1',
      group: 'consult',
      doctorWindows: [{ doctorId: d2.id, windows: ['2021-08-23/09-11'] }],
    });
    events.emit(DomainEvents.CoverRequested, {
      coverRequestId: 'c1',
      windowKey: '2021-08-23/09-11',
      eligibleDoctorIds: [d1.id],
    });

    expect(await doc1.next('followup:assigned')).toEqual(followUp);
    expect(await doc2.next('patient:tier-changed')).toEqual(tier);
    expect(await doc2.next('roster:published')).toEqual({
      rosterId: 'r1',
      group: 'consult',
      windows: ['2021-08-23/09-11'],
    });
    expect(await doc1.next('roster:cover-offered')).toEqual({
      coverRequestId: 'c1',
      windowKey: '2021-08-23/09-11',
    });
    expect(await coord.next('patient:escalated')).toEqual(escalated);
    expect(await admin.next('patient:escalated')).toEqual(escalated);
    expect(await coord.next('roster:cover-needed')).toMatchObject({ coverRequestId: 'c1' });
    await new Promise((r) => setTimeout(r, 150));
    expect(doc1.all('patient:tier-changed')).toEqual([]);
    expect(doc2.all('followup:assigned')).toEqual([]);
    expect(doc1.all('patient:escalated')).toEqual([]);
    expect(care.received.filter((r) => r.event !== 'queue:updated')).toEqual([]);
    expect(care.all('queue:updated')).toEqual([]);
  });

  it('the background sweeper expires an unanswered offer (1 s) and re-offers it; the dispatcher then finds the next doctor', async () => {
    const d1 = await rosteredDoctor(app);
    const d2 = await rosteredDoctor(app);
    const a = track(await availableDoctor(app, d1));
    app.clock.advance(1000);
    const b = track(await availableDoctor(app, d2));
    const consult = await createConsult(app, await app.tokenFor('coordinator'));
    const first = await a.next<Offered>('consult:offered');
    expect(first.consult.id).toBe(consult.id);
    expect(await a.next('consult:offer-revoked', 10_000)).toEqual({
      offerId: first.offerId,
      reason: 'expired',
    });
    const second = await b.next<Offered>('consult:offered', 10_000);
    expect(second.consult.id).toBe(consult.id);
    expect(await b.emit('consult:accept', { offerId: second.offerId })).toMatchObject({ ok: true });
    await expectInvariants(app.db);
  });

  it('a doctor whose last socket has been gone 10 s turns away (decided by the database sweep)', async () => {
    const d = await rosteredDoctor(app);
    const c = await availableDoctor(app, d);
    c.close();
    await until(
      async () =>
        (await app.db.query<unknown[]>(`SELECT 1 FROM doctor_sockets WHERE doctor_id = $1`, [d.id]))
          .length === 0,
    );
    app.clock.advance(10_500);
    await until(
      async () =>
        (
          await app.db.query<{ status: string }[]>(
            `SELECT status FROM doctor_presence WHERE doctor_id = $1`,
            [d.id],
          )
        )[0].status === 'away',
      8000,
      100,
    );
  });
});
