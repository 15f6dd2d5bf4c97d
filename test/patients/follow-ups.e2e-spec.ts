import { DependencyStatus } from '../../src/common/faults/dependency-status';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../src/common/events';
import { FollowUpScheduler } from '../../src/patients/follow-up.scheduler';
import type { CreatedDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { careDoctor, createPatient, hours, minutes, publishCareShift, recordEvents } from './helpers';

const GREEN_OBS = { spo2: 98, respiratoryRate: 16, heartRate: 72, temperature: 36.8 };
const ORANGE_OBS = { spo2: 96, respiratoryRate: 20, heartRate: 115, temperature: 39.2, systolicBp: 105 };

interface FollowUp {
  id: string;
  patientId: string;
  doctorId: string | null;
  dueAt: string;
  status: string;
  consecutiveMisses: number;
}

describe('follow-ups', () => {
  let app: TestApp;
  let careTeam: string;
  let coordinator: string;
  let scheduler: FollowUpScheduler;
  const start = new Date('2026-11-26T02:00:00Z'); // 09:00 in Hanoi

  async function openFollowUp(patientId: string): Promise<FollowUp> {
    const rows = await app.db.query<(FollowUp & { dueAt: Date })[]>(
      `SELECT id, patient_id AS "patientId", doctor_id AS "doctorId", due_at AS "dueAt", status, consecutive_misses AS "consecutiveMisses"
       FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [patientId],
    );
    expect(rows).toHaveLength(1);
    return { ...rows[0], dueAt: rows[0].dueAt.toISOString() };
  }

  /** Closes every open follow-up left by earlier tests, so a scheduler pass sees only this test's work. */
  async function quiesce(): Promise<void> {
    await app.db.query(
      `UPDATE follow_ups SET status = 'cancelled', completed_at = $1 WHERE status = 'open'`,
      [app.clock.now()],
    );
  }

  async function complete(id: string, token: string, body: Record<string, unknown>, status = 200) {
    return app.http
      .post(`/api/follow-ups/${id}/complete`)
      .auth(token, { type: 'bearer' })
      .send(body)
      .expect(status);
  }

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.freeze(start);
    careTeam = await app.tokenFor('care_team');
    coordinator = await app.tokenFor('coordinator');
    scheduler = app.server.app.get(FollowUpScheduler);
  });
  afterAll(() => app.close());

  describe('cadence and retries, by moving the clock', () => {
    let own: CreatedDoctor;
    let cover: CreatedDoctor;

    beforeAll(async () => {
      // Only `own` exists when the patients are created, so they are all `own`'s patients.
      own = await careDoctor(app);
    });

    it('reached: the next follow-up is due by the tier cadence from completion; due work is dispatched by the scheduler', async () => {
      app.clock.freeze(start);
      await publishCareShift(
        app,
        [own.id],
        new Date(start.getTime() - hours(1)),
        new Date(start.getTime() + hours(11)),
      );
      const patient = await createPatient(app, careTeam, { dateOfBirth: '1995-01-01' });
      expect(patient).toMatchObject({ riskTier: 'green', assignedDoctorId: own.id });
      const first = await openFollowUp(patient.id);
      expect(first).toMatchObject({ doctorId: own.id, dueAt: start.toISOString() });

      const due = await app.http
        .get('/api/follow-ups?status=due')
        .auth(own.token, { type: 'bearer' })
        .expect(200);
      expect(due.body.items.map((f: FollowUp) => f.id)).toContain(first.id);

      app.clock.advance(minutes(10));
      const done = await complete(first.id, own.token, {
        reached: true,
        observation: GREEN_OBS,
        notes: 'feeling fine',
      });
      expect(done.body.followUp).toMatchObject({
        id: first.id,
        status: 'done',
        reached: true,
        notes: 'feeling fine',
      });
      expect(done.body.assessment).toMatchObject({ tier: 'green', ruleSet: 'vn-moh-2021.2' });
      const completedAt = app.clock.now().getTime();
      expect(done.body.next.dueAt).toBe(new Date(completedAt + hours(24)).toISOString());
      await complete(first.id, own.token, { reached: true }, 409);

      const upcoming = await app.http
        .get('/api/follow-ups?status=due')
        .auth(own.token, { type: 'bearer' })
        .expect(200);
      expect(upcoming.body.items.map((f: FollowUp) => f.id)).not.toContain(done.body.next.id);
      const history = await app.http
        .get('/api/follow-ups?status=done')
        .auth(own.token, { type: 'bearer' })
        .expect(200);
      expect(history.body.items.map((f: FollowUp) => f.id)).toContain(first.id);

      // 24 h later the next one falls due; `own` is on shift again and gets it.
      await publishCareShift(
        app,
        [own.id],
        new Date(start.getTime() + hours(23)),
        new Date(start.getTime() + hours(35)),
      );
      const events = recordEvents(app, [DomainEvents.FollowUpAssigned]);
      app.clock.freeze(new Date(completedAt + hours(24)));
      const pass = await scheduler.runPass();
      expect(pass.dispatched).toBeGreaterThanOrEqual(1);
      expect(events.map((e) => e.event)).toContainEqual({
        doctorId: own.id,
        payload: {
          followUpId: done.body.next.id,
          patientId: patient.id,
          dueAt: done.body.next.dueAt,
          tier: 'green',
        },
      });
      const nowDue = await app.http
        .get('/api/follow-ups?status=due')
        .auth(own.token, { type: 'bearer' })
        .expect(200);
      expect(nowDue.body.items.map((f: FollowUp) => f.id)).toContain(done.body.next.id);

      // A rise to orange on this follow-up: the next is due 4 h from completion.
      const orange = await complete(done.body.next.id, own.token, { reached: true, observation: ORANGE_OBS });
      expect(orange.body.assessment.tier).toBe('orange');
      expect(orange.body.next.dueAt).toBe(new Date(completedAt + hours(28)).toISOString());
    });

    it('not reached: retry after the tier interval; three misses in a row open an escalation', async () => {
      app.clock.freeze(start);
      const patient = await createPatient(app, careTeam, { dateOfBirth: '1960-01-01' });
      expect(patient.riskTier).toBe('yellow');
      let current = await openFollowUp(patient.id);
      for (let miss = 1; miss <= 3; miss++) {
        const res = await complete(current.id, own.token, { reached: false, notes: 'no answer' });
        expect(res.body.followUp).toMatchObject({ status: 'missed', reached: false });
        expect(res.body.assessment).toBeNull();
        expect(res.body.next.dueAt).toBe(new Date(app.clock.now().getTime() + hours(1)).toISOString());
        const escalations = await app.db.query(
          `SELECT cause FROM escalations WHERE patient_id = $1 AND status = 'open'`,
          [patient.id],
        );
        expect(escalations).toHaveLength(miss === 3 ? 1 : 0);
        if (miss === 3) expect(escalations[0].cause).toBe('missed_follow_ups');
        current = await openFollowUp(patient.id);
        expect(current.consecutiveMisses).toBe(miss);
        app.clock.freeze(new Date(current.dueAt));
      }
      await complete(current.id, own.token, { reached: false, observation: GREEN_OBS }, 400);
      // Reached again: the count starts over.
      const ok = await complete(current.id, own.token, { reached: true, observation: GREEN_OBS });
      expect(ok.body.next.dueAt).toBe(new Date(app.clock.now().getTime() + hours(12)).toISOString());
      expect((await openFollowUp(patient.id)).consecutiveMisses).toBe(0);
    });

    it('red: follow-up brought forward to now, retries every 15 minutes, escalation opened once', async () => {
      app.clock.freeze(start);
      const patient = await createPatient(app, careTeam);
      const first = await openFollowUp(patient.id);
      const done = await complete(first.id, own.token, { reached: true, observation: GREEN_OBS });
      expect(new Date(done.body.next.dueAt).getTime()).toBe(start.getTime() + hours(24));
      app.clock.advance(hours(2));
      await app.http
        .post(`/api/patients/${patient.id}/observations`)
        .auth(own.token, { type: 'bearer' })
        .send({ spo2: 94, respiratoryRate: 18 })
        .expect(201);
      const red = await openFollowUp(patient.id);
      expect(red.dueAt).toBe(app.clock.now().toISOString());
      const miss = await complete(red.id, own.token, { reached: false });
      expect(miss.body.next.dueAt).toBe(new Date(app.clock.now().getTime() + minutes(15)).toISOString());
      const escalations = await app.db.query(`SELECT cause FROM escalations WHERE patient_id = $1`, [
        patient.id,
      ]);
      expect(escalations).toEqual([{ cause: 'red' }]);
      const reached = await complete(miss.body.next.id, own.token, {
        reached: true,
        observation: { spo2: 94, respiratoryRate: 18 },
      });
      expect(reached.body.next.dueAt).toBe(new Date(app.clock.now().getTime() + hours(1)).toISOString());
    });

    it("goes to another doctor on shift when the patient's own is not, with the fewest open follow-ups; the patient keeps their doctor", async () => {
      const offShift = new Date(start.getTime() + hours(100)); // nobody rostered yet
      app.clock.freeze(offShift);
      await quiesce();
      const patient = await createPatient(app, careTeam);
      // Now two others come on shift; `cover` has fewer open follow-ups than `busy`.
      cover = await careDoctor(app);
      const busy = await careDoctor(app);
      await publishCareShift(
        app,
        [cover.id, busy.id],
        new Date(offShift.getTime() - hours(1)),
        new Date(offShift.getTime() + hours(10)),
      );
      const other = await createPatient(app, careTeam); // goes to a new doctor with no patients
      expect([cover.id, busy.id]).toContain(other.assignedDoctorId);
      const first = await openFollowUp(patient.id);
      expect(first.doctorId).toBe(own.id); // created while nobody was on shift: kept by the own doctor
      const done = await complete(first.id, own.token, { reached: true, observation: GREEN_OBS });
      app.clock.freeze(new Date(done.body.next.dueAt));
      await publishCareShift(
        app,
        [cover.id, busy.id],
        new Date(done.body.next.dueAt),
        new Date(new Date(done.body.next.dueAt).getTime() + hours(10)),
      );
      await app.db.query(`UPDATE follow_ups SET doctor_id = $1 WHERE patient_id = $2 AND status = 'open'`, [
        [cover.id, busy.id].find((d) => d !== other.assignedDoctorId),
        other.id,
      ]);
      const idle = other.assignedDoctorId as string;
      await scheduler.runPass();
      const next = await openFollowUp(patient.id);
      expect(next.doctorId).toBe(idle);
      const p = await app.http
        .get(`/api/patients/${patient.id}`)
        .auth(careTeam, { type: 'bearer' })
        .expect(200);
      expect(p.body.assignedDoctorId).toBe(own.id);
      // The covering doctor may read the patient and complete the follow-up; the own doctor may no longer complete it.
      const coverer = next.doctorId === cover.id ? cover : busy;
      await app.http.get(`/api/patients/${patient.id}`).auth(coverer.token, { type: 'bearer' }).expect(200);
      await complete(next.id, own.token, { reached: true }, 403);
      await complete(next.id, coverer.token, { reached: true });
    });
  });

  describe('overdue work and several scheduler processes', () => {
    let second: DataSource;
    afterAll(async () => {
      if (second?.isInitialized) await second.destroy();
    });

    it('reassigns an overdue follow-up to another doctor on shift, once, and reports it to coordinators', async () => {
      const t0 = new Date(start.getTime() + hours(200));
      app.clock.freeze(t0);
      const a = await careDoctor(app);
      const b = await careDoctor(app);
      await publishCareShift(
        app,
        [a.id, b.id],
        new Date(t0.getTime() - hours(1)),
        new Date(t0.getTime() + hours(11)),
      );
      await app.http
        .post('/api/patients/reassign')
        .auth(coordinator, { type: 'bearer' })
        .send({ fromDoctorId: a.id })
        .expect(200);
      await quiesce();
      const patient = await createPatient(app, careTeam);
      const first = await openFollowUp(patient.id);
      const holder = first.doctorId as string;
      const events = recordEvents(app, [DomainEvents.FollowUpOverdue, DomainEvents.FollowUpAssigned]);
      app.clock.advance(minutes(29));
      expect((await scheduler.runPass()).overdue).toBe(0);
      expect(events.filter((e) => e.name === DomainEvents.FollowUpOverdue)).toHaveLength(0);
      app.clock.advance(minutes(2));
      const overdueList = await app.http
        .get('/api/follow-ups?status=overdue')
        .auth(coordinator, { type: 'bearer' })
        .expect(200);
      expect(overdueList.body.items.map((f: FollowUp) => f.id)).toContain(first.id);
      expect((await scheduler.runPass()).overdue).toBe(1);
      const moved = await openFollowUp(patient.id);
      expect(moved.doctorId).not.toBe(holder);
      expect([a.id, b.id]).toContain(moved.doctorId);
      const report = events.find(
        (e) =>
          e.name === DomainEvents.FollowUpOverdue &&
          (e.event as { payload: { followUpId: string } }).payload.followUpId === first.id,
      );
      expect(report?.event).toEqual({
        payload: {
          followUpId: first.id,
          patientId: patient.id,
          dueAt: t0.toISOString(),
          fromDoctorId: holder,
          toDoctorId: moved.doctorId,
        },
      });
      expect(events).toContainEqual({
        name: DomainEvents.FollowUpAssigned,
        event: { doctorId: moved.doctorId, payload: expect.objectContaining({ followUpId: first.id }) },
      });
      // Reported once: another pass does nothing more with it.
      const again = recordEvents(app, [DomainEvents.FollowUpOverdue]);
      await scheduler.runPass();
      expect(
        again.filter((e) => (e.event as { payload: { followUpId: string } }).payload.followUpId === first.id),
      ).toHaveLength(0);
    });

    it('two scheduler processes running passes at once do each piece of work exactly once', async () => {
      const t0 = new Date(start.getTime() + hours(400));
      app.clock.freeze(t0);
      const doctors = [await careDoctor(app), await careDoctor(app), await careDoctor(app)];
      await publishCareShift(
        app,
        doctors.map((d) => d.id),
        new Date(t0.getTime() - hours(1)),
        new Date(t0.getTime() + hours(30)),
      );
      await quiesce();
      const patients = [];
      for (let i = 0; i < 40; i++) patients.push(await createPatient(app, careTeam));
      const ids = patients.map((p) => p.id);
      // Complete every first follow-up: the next ones fall due 24 h later, waiting in the dispatch queue.
      const firsts = await app.db.query<{ id: string }[]>(
        `SELECT id FROM follow_ups WHERE patient_id = ANY($1) AND status = 'open'`,
        [ids],
      );
      await Promise.all(
        firsts.map((f) => complete(f.id, careTeam, { reached: true, observation: GREEN_OBS })),
      );

      // A second "process": its own connection pool and event bus, the same database and clock.
      second = new DataSource({ type: 'postgres', url: app.databaseUrl, extra: { max: 4 } });
      await second.initialize();
      const otherBus = new EventEmitter2();
      const other = new FollowUpScheduler(second, app.clock, otherBus, app.config, new DependencyStatus());
      // Small claims and warm connection pools, so the passes of both processes interleave.
      other.batchSize = 1;
      scheduler.batchSize = 1;
      await Promise.all(Array.from({ length: 4 }, () => second.query('SELECT pg_sleep(0.05)')));
      const seen: { bus: string; name: string; id: string }[] = [];
      const listen = (bus: EventEmitter2, label: string) => {
        for (const name of [DomainEvents.FollowUpAssigned, DomainEvents.FollowUpOverdue]) {
          bus.on(name, (e: { payload: { followUpId: string } }) =>
            seen.push({ bus: label, name, id: e.payload.followUpId }),
          );
        }
      };
      listen(app.server.app.get(EventEmitter2), 'one');
      listen(otherBus, 'two');

      const round = () =>
        Promise.all([
          ...Array.from({ length: 4 }, () => scheduler.runPass()),
          ...Array.from({ length: 4 }, () => other.runPass()),
        ]);
      app.clock.freeze(new Date(t0.getTime() + hours(24)));
      const dispatchResults = await round();
      app.clock.freeze(new Date(t0.getTime() + hours(24) + minutes(31)));
      const overdueResults = await round();

      const nexts = await app.db.query<
        { id: string; doctor_id: string; queued: boolean; overdue_reported_at: Date | null }[]
      >(
        `SELECT id, doctor_id, EXISTS (SELECT 1 FROM follow_up_dispatch_queue q WHERE q.follow_up_id = f.id) AS queued, overdue_reported_at
         FROM follow_ups f WHERE patient_id = ANY($1) AND status = 'open'`,
        [ids],
      );
      expect(nexts).toHaveLength(40);
      for (const f of nexts) {
        expect(f.queued).toBe(false);
        expect(f.overdue_reported_at).not.toBeNull();
      }
      const nextIds = new Set(nexts.map((f) => f.id));
      const assigned = seen.filter((s) => s.name === DomainEvents.FollowUpAssigned && nextIds.has(s.id));
      const overdue = seen.filter((s) => s.name === DomainEvents.FollowUpOverdue && nextIds.has(s.id));
      // Dispatch: once per follow-up. Overdue: reported once each, and reassigned (one more assignment each).
      expect(dispatchResults.reduce((n, r) => n + r.dispatched, 0)).toBe(40);
      expect(overdueResults.reduce((n, r) => n + r.overdue, 0)).toBe(40);
      expect(new Set(overdue.map((s) => s.id)).size).toBe(40);
      expect(overdue).toHaveLength(40);
      expect(assigned).toHaveLength(80);
      scheduler.batchSize = 5000;
      // Both processes took part.
      expect(new Set(seen.map((s) => s.bus)).size).toBe(2);
      // Loads stay even across the three doctors.
      const loads = await app.db.query<{ n: number }[]>(
        `SELECT doctor_id, count(*)::int AS n FROM follow_ups WHERE patient_id = ANY($1) AND status = 'open' GROUP BY 1`,
        [ids],
      );
      expect(loads).toHaveLength(3);
    });
  });

  it('a follow-up completed by many requests at once is completed once; the patient keeps exactly one open follow-up', async () => {
    app.clock.freeze(new Date(start.getTime() + hours(700)));
    await careDoctor(app);
    const patient = await createPatient(app, careTeam);
    const [first] = await app.db.query<{ id: string }[]>(
      `SELECT id FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [patient.id],
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.http
          .post(`/api/follow-ups/${first.id}/complete`)
          .auth(careTeam, { type: 'bearer' })
          .send(i % 2 ? { reached: false } : { reached: true, observation: GREEN_OBS }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const rows = await app.db.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM follow_ups WHERE patient_id = $1 GROUP BY 1 ORDER BY 1`,
      [patient.id],
    );
    expect(rows.find((r) => r.status === 'open')?.n).toBe(1);
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(2);
  });

  it("bulk reassignment moves a dropped-out doctor's patients and open follow-ups", async () => {
    const t0 = new Date(start.getTime() + hours(600));
    app.clock.freeze(t0);
    await app.db.query(`UPDATE doctors SET active = false WHERE "group" = 'active_care'`);
    const leaving = await careDoctor(app);
    const patients = [];
    for (let i = 0; i < 6; i++) patients.push(await createPatient(app, careTeam));
    for (const p of patients) expect(p.assignedDoctorId).toBe(leaving.id);
    const x = await careDoctor(app);
    const y = await careDoctor(app);
    await app.http
      .post('/api/patients/reassign')
      .auth(careTeam, { type: 'bearer' })
      .send({ fromDoctorId: leaving.id })
      .expect(403);
    await app.http
      .post('/api/patients/reassign')
      .auth(coordinator, { type: 'bearer' })
      .send({ fromDoctorId: leaving.id, toDoctorId: leaving.id })
      .expect(400);
    const spread = await app.http
      .post('/api/patients/reassign')
      .auth(coordinator, { type: 'bearer' })
      .send({ fromDoctorId: leaving.id })
      .expect(200);
    expect(spread.body.moved).toBe(6);
    expect(spread.body.to.map((t: { patients: number }) => t.patients).sort()).toEqual([3, 3]);
    const open = await app.db.query(
      `SELECT f.doctor_id, p.assigned_doctor_id FROM follow_ups f JOIN patients p ON p.id = f.patient_id
       WHERE f.status = 'open' AND p.id = ANY($1)`,
      [patients.map((p) => p.id)],
    );
    for (const r of open) expect(r.doctor_id).toBe(r.assigned_doctor_id);
    const one = await app.http
      .post('/api/patients/reassign')
      .auth(coordinator, { type: 'bearer' })
      .send({ fromDoctorId: x.id, toDoctorId: y.id })
      .expect(200);
    expect(one.body).toEqual({ moved: 3, to: [{ doctorId: y.id, patients: 3 }] });
  });
});
