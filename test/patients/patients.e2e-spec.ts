import { DomainEvents } from '../../src/common/events';
import type { CreatedDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  careDoctor,
  connectSocket,
  createPatient,
  hours,
  patientBody,
  publishCareShift,
  recordEvents,
  waitFor,
} from './helpers';

const RED_OBS = { spo2: 93, respiratoryRate: 24, heartRate: 110, temperature: 38.5 };
const GREEN_OBS = {
  spo2: 98,
  respiratoryRate: 16,
  heartRate: 72,
  temperature: 36.8,
  systolicBp: 120,
  diastolicBp: 80,
  consciousness: 'alert',
};

describe('patients and triage', () => {
  let app: TestApp;
  let careTeam: string;
  let coordinator: string;
  let doctorA: CreatedDoctor;
  let doctorB: CreatedDoctor;
  let events: ReturnType<typeof recordEvents>;

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.freeze('2026-11-26T03:00:00Z'); // 10:00 in Hanoi
    careTeam = await app.tokenFor('care_team');
    coordinator = await app.tokenFor('coordinator');
    doctorA = await careDoctor(app);
    doctorB = await careDoctor(app);
    const now = app.clock.now();
    await publishCareShift(
      app,
      [doctorA.id, doctorB.id],
      new Date(now.getTime() - hours(2)),
      new Date(now.getTime() + hours(8)),
    );
    events = recordEvents(app, Object.values(DomainEvents));
  });
  afterAll(() => app.close());

  it('creates a patient with the tier from the rules, a doctor, and a first follow-up due at once', async () => {
    const res = await app.http
      .post('/api/patients')
      .auth(careTeam, { type: 'bearer' })
      .send(patientBody({ dateOfBirth: '1960-01-01', comorbidities: ['diabetes'], phone: '0912 345 678' }))
      .expect(201);
    expect(res.body).toMatchObject({
      riskTier: 'yellow',
      tierSource: 'rules',
      status: 'under_care',
      phone: '+84912345678',
      comorbidities: ['diabetes'],
      pregnant: false,
      vaccineDoses: 2,
    });
    expect([doctorA.id, doctorB.id]).toContain(res.body.assignedDoctorId);
    const followUps = await app.db.query(
      `SELECT doctor_id, due_at, status FROM follow_ups WHERE patient_id = $1`,
      [res.body.id],
    );
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ doctor_id: res.body.assignedDoctorId, status: 'open' });
    expect(followUps[0].due_at.toISOString()).toBe(app.clock.now().toISOString());
    const assigned = events
      .filter((e) => e.name === DomainEvents.FollowUpAssigned)
      .map((e) => e.event as { doctorId: string; payload: { patientId: string } });
    expect(assigned).toContainEqual({
      doctorId: res.body.assignedDoctorId,
      payload: expect.objectContaining({ patientId: res.body.id, tier: 'yellow' }),
    });

    const green = await createPatient(app, careTeam, { dateOfBirth: '1995-03-03' });
    expect(green.riskTier).toBe('green');
  });

  it('spreads new patients over the active care doctors by fewest patients', async () => {
    for (let i = 0; i < 6; i++) await createPatient(app, careTeam);
    const counts = await app.db.query(
      `SELECT assigned_doctor_id, count(*)::int AS n FROM patients WHERE status = 'under_care' GROUP BY 1 ORDER BY 2`,
    );
    expect(counts).toHaveLength(2);
    expect(counts[1].n - counts[0].n).toBeLessThanOrEqual(1);
  });

  it('refuses bad patient input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ phone: '12345' }, 'phone'],
      [{ dateOfBirth: '1990-02-30' }, 'dateOfBirth'],
      [{ dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      [{ sex: 'x' }, 'sex'],
      [{ careSetting: 'beach' }, 'careSetting'],
      [{ comorbidities: ['flu'] }, 'comorbidities'],
      [{ vaccineDoses: -1 }, 'vaccineDoses'],
      [{ nickname: 'x' }, 'nickname'],
    ];
    for (const [overrides, field] of cases) {
      const res = await app.http
        .post('/api/patients')
        .auth(careTeam, { type: 'bearer' })
        .send(patientBody(overrides))
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    const body = patientBody();
    delete body.district;
    const res = await app.http
      .post('/api/patients')
      .auth(careTeam, { type: 'bearer' })
      .send(body)
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('district');
  });

  it('refuses every out-of-range vital sign with 400 naming the field, and accepts the bounds', async () => {
    const patient = await createPatient(app, careTeam);
    const ranges: [string, number, number][] = [
      ['spo2', 50, 100],
      ['respiratoryRate', 0, 80],
      ['heartRate', 20, 250],
      ['systolicBp', 40, 300],
      ['diastolicBp', 20, 200],
      ['temperature', 30, 45],
    ];
    for (const [field, min, max] of ranges) {
      for (const bad of [min - 0.5, max + 0.5]) {
        const res = await app.http
          .post(`/api/patients/${patient.id}/observations`)
          .auth(careTeam, { type: 'bearer' })
          .send({ ...GREEN_OBS, [field]: bad })
          .expect(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
      }
      for (const ok of [min, max]) {
        await app.http
          .post(`/api/patients/${patient.id}/observations`)
          .auth(careTeam, { type: 'bearer' })
          .send({ ...GREEN_OBS, [field]: ok })
          .expect(201);
      }
    }
    for (const [body, field] of [
      [{ respiratoryRate: 16 }, 'spo2'],
      [{ spo2: 97 }, 'respiratoryRate'],
      [{ ...GREEN_OBS, consciousness: 'sleepy' }, 'consciousness'],
      [{ ...GREEN_OBS, symptoms: ['sneezing'] }, 'symptoms'],
      [{ ...GREEN_OBS, takenAt: '2026-11-26T10:00:00' }, 'takenAt'],
      [{ ...GREEN_OBS, takenAt: '2030-01-01T00:00:00Z' }, 'takenAt'],
    ] as [Record<string, unknown>, string][]) {
      const res = await app.http
        .post(`/api/patients/${patient.id}/observations`)
        .auth(careTeam, { type: 'bearer' })
        .send(body)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
  });

  it('an observation that turns red opens exactly one escalation, under concurrency, and coordinators hear it live', async () => {
    const patient = await createPatient(app, careTeam);
    const socket = await connectSocket(app.url, coordinator);
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          app.http
            .post(`/api/patients/${patient.id}/observations`)
            .auth(careTeam, { type: 'bearer' })
            .send(RED_OBS),
        ),
      );
      for (const r of results) expect(r.status).toBe(201);
      expect(results[0].body.assessment).toMatchObject({
        tier: 'red',
        ruleSet: 'vn-moh-2021.2',
        source: 'rules',
      });
      expect(results[0].body.assessment.reasons).toContain('danger:spo2<=95');
      expect(results[0].body.assessment.news2.total).toBeGreaterThanOrEqual(5);
      const open = await app.db.query(`SELECT id, cause, tier FROM escalations WHERE patient_id = $1`, [
        patient.id,
      ]);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ cause: 'red', tier: 'red' });
      const live = await waitFor(() =>
        socket.received.find(
          (r) =>
            r.event === 'patient:escalated' && (r.data as { patientId: string }).patientId === patient.id,
        ),
      );
      expect(live.data).toMatchObject({ escalationId: open[0].id, patientId: patient.id, tier: 'red' });
      const p = await app.http
        .get(`/api/patients/${patient.id}`)
        .auth(careTeam, { type: 'bearer' })
        .expect(200);
      expect(p.body.riskTier).toBe('red');
      const tierChanged = events.filter(
        (e) =>
          e.name === DomainEvents.PatientTierChanged &&
          (e.event as { payload: { patientId: string } }).payload.patientId === patient.id,
      );
      expect(tierChanged).toHaveLength(1);
      expect(tierChanged[0].event).toMatchObject({
        doctorId: patient.assignedDoctorId,
        payload: { from: 'green', to: 'red' },
      });
    } finally {
      socket.socket.disconnect();
    }

    const list = await app.http
      .get('/api/escalations?status=open')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    const mine = list.body.items.find((e: { patientId: string }) => e.patientId === patient.id);
    expect(mine).toBeDefined();
    const resolved = await app.http
      .post(`/api/escalations/${mine.id}/resolve`)
      .auth(coordinator, { type: 'bearer' })
      .send({ outcome: 'hospitalised', notes: 'taken by 115' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'hospitalised' });
    await app.http
      .post(`/api/escalations/${mine.id}/resolve`)
      .auth(coordinator, { type: 'bearer' })
      .send({ outcome: 'other' })
      .expect(409);
    const after = await app.http
      .get(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(after.body.status).toBe('hospitalised');
    const openFollowUps = await app.db.query(
      `SELECT 1 FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [patient.id],
    );
    expect(openFollowUps).toHaveLength(0);
    // Still red, but hospitalised: no new escalation.
    await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(RED_OBS)
      .expect(201);
    const count = await app.db.query(
      `SELECT count(*)::int AS n FROM escalations WHERE patient_id = $1 AND status = 'open'`,
      [patient.id],
    );
    expect(count[0].n).toBe(0);
  });

  it('an override stands against lower assessments and is replaced by a higher one', async () => {
    const patient = await createPatient(app, careTeam);
    const doctorToken = patient.assignedDoctorId === doctorA.id ? doctorA.token : doctorB.token;
    const otherToken = patient.assignedDoctorId === doctorA.id ? doctorB.token : doctorA.token;
    await app.http
      .put(`/api/patients/${patient.id}/risk-tier`)
      .auth(otherToken, { type: 'bearer' })
      .send({ tier: 'orange', reason: 'not mine' })
      .expect(403);
    await app.http
      .put(`/api/patients/${patient.id}/risk-tier`)
      .auth(coordinator, { type: 'bearer' })
      .send({ tier: 'orange', reason: 'x y z' })
      .expect(403);
    await app.http
      .put(`/api/patients/${patient.id}/risk-tier`)
      .auth(careTeam, { type: 'bearer' })
      .send({ tier: 'purple', reason: 'bad' })
      .expect(400);

    const set = await app.http
      .put(`/api/patients/${patient.id}/risk-tier`)
      .auth(doctorToken, { type: 'bearer' })
      .send({ tier: 'orange', reason: 'short of breath on the call' })
      .expect(200);
    expect(set.body).toMatchObject({ riskTier: 'orange', tierSource: 'override' });

    // Lower (green) does not replace it.
    const low = await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(GREEN_OBS)
      .expect(201);
    expect(low.body.assessment).toMatchObject({ tier: 'green', applied: false });
    let p = await app.http.get(`/api/patients/${patient.id}`).auth(careTeam, { type: 'bearer' }).expect(200);
    expect(p.body).toMatchObject({ riskTier: 'orange', tierSource: 'override' });

    // Equal (orange: NEWS2 5) does not either.
    const equal = await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send({ spo2: 96, respiratoryRate: 20, heartRate: 115, temperature: 39.2, systolicBp: 105 })
      .expect(201);
    expect(equal.body.assessment).toMatchObject({ tier: 'orange', applied: false });

    // Higher (red) does.
    const high = await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(RED_OBS)
      .expect(201);
    expect(high.body.assessment).toMatchObject({ tier: 'red', applied: true });
    p = await app.http.get(`/api/patients/${patient.id}`).auth(careTeam, { type: 'bearer' }).expect(200);
    expect(p.body).toMatchObject({ riskTier: 'red', tierSource: 'rules' });

    // Back under the rules: a lower assessment now lowers the tier.
    const down = await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(GREEN_OBS)
      .expect(201);
    expect(down.body.assessment).toMatchObject({ tier: 'green', applied: true });

    const history = await app.http
      .get(`/api/patients/${patient.id}/history`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(
      history.body.items.map((h: { from: string | null; to: string; source: string }) => [
        h.from,
        h.to,
        h.source,
      ]),
    ).toEqual([
      [null, 'green', 'rules'],
      ['green', 'orange', 'override'],
      ['orange', 'red', 'rules'],
      ['red', 'green', 'rules'],
    ]);
    expect(history.body.items[1]).toMatchObject({
      reasons: ['short of breath on the call'],
      changedBy: expect.any(String),
      changedByRole: 'doctor',
    });
    expect(history.body.items[2].reasons).toContain('danger:spo2<=95');
    expect(history.body.items[2].changedByRole).toBe('care_team');
  });

  it('keeps an audit trail of reads and changes, for coordinators and admins only', async () => {
    const patient = await createPatient(app, careTeam);
    await app.http.get(`/api/patients/${patient.id}`).auth(coordinator, { type: 'bearer' }).expect(200);
    await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ ward: 'Định Công', address: '12 ngõ 5' })
      .expect(200);
    await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(GREEN_OBS)
      .expect(201);
    await app.http.get(`/api/patients/${patient.id}/history`).auth(careTeam, { type: 'bearer' }).expect(200);
    await app.http.get(`/api/patients/${patient.id}/audit`).auth(careTeam, { type: 'bearer' }).expect(403);
    const audit = await app.http
      .get(`/api/patients/${patient.id}/audit`)
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    const actions = audit.body.items.map((a: { action: string }) => a.action).reverse();
    // the care team's try at the trail is a denied attempt, recorded too
    expect(actions).toEqual(['create', 'read', 'update', 'observation', 'history', 'denied']);
    const update = audit.body.items.find((a: { action: string }) => a.action === 'update');
    expect(update.detail).toEqual({ fields: ['ward', 'address'] });
    expect(JSON.stringify(audit.body)).not.toContain('Định Công');
    expect(audit.body.items.find((a: { action: string }) => a.action === 'read').userRole).toBe(
      'coordinator',
    );
  });

  it('a doctor reaches only the patients assigned to them', async () => {
    const patient = await createPatient(app, careTeam);
    const own = patient.assignedDoctorId === doctorA.id ? doctorA : doctorB;
    const other = own === doctorA ? doctorB : doctorA;
    await app.http.get(`/api/patients/${patient.id}`).auth(own.token, { type: 'bearer' }).expect(200);
    await app.http.get(`/api/patients/${patient.id}`).auth(other.token, { type: 'bearer' }).expect(403);
    await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(other.token, { type: 'bearer' })
      .send({ ward: 'x' })
      .expect(403);
    await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(other.token, { type: 'bearer' })
      .send(GREEN_OBS)
      .expect(403);
    await app.http
      .get(`/api/patients/${patient.id}/history`)
      .auth(other.token, { type: 'bearer' })
      .expect(403);
    await app.http.post('/api/patients').auth(own.token, { type: 'bearer' }).send(patientBody()).expect(403);
    const list = await app.http
      .get('/api/patients?limit=200')
      .auth(own.token, { type: 'bearer' })
      .expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const p of list.body.items) expect(p.assignedDoctorId).toBe(own.id);
    await app.http
      .get('/api/patients/00000000-0000-4000-8000-000000000999')
      .auth(careTeam, { type: 'bearer' })
      .expect(404);
    await app.http.get('/api/patients/not-a-uuid').auth(careTeam, { type: 'bearer' }).expect(400);
    await app.http.get('/api/patients').expect(401);
  });

  it('lists with filters and pagination', async () => {
    await createPatient(app, careTeam, { district: 'Cầu Giấy', fullName: 'Phạm Văn Khải' });
    await createPatient(app, careTeam, { district: 'Cầu Giấy', dateOfBirth: '1950-01-01' });
    const byDistrict = await app.http
      .get('/api/patients?district=cầu giấy')
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(byDistrict.body.total).toBe(2);
    const byTier = await app.http
      .get('/api/patients?district=Cầu Giấy&tier=yellow')
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(byTier.body.items).toHaveLength(1);
    const byName = await app.http
      .get(`/api/patients?q=${encodeURIComponent('văn khải')}`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(byName.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(['Phạm Văn Khải']);
    const page = await app.http
      .get('/api/patients?page=2&limit=3')
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(page.body).toMatchObject({ page: 2, limit: 3 });
    expect(page.body.items).toHaveLength(3);
    await app.http.get('/api/patients?limit=500').auth(careTeam, { type: 'bearer' }).expect(400);
    await app.http.get('/api/patients?tier=blue').auth(careTeam, { type: 'bearer' }).expect(400);
  });

  it('a status other than under_care stops follow-ups; back under care starts them again', async () => {
    const patient = await createPatient(app, careTeam);
    await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ status: 'recovered' })
      .expect(200);
    let open = await app.db.query(`SELECT status FROM follow_ups WHERE patient_id = $1 ORDER BY created_at`, [
      patient.id,
    ]);
    expect(open.map((r: { status: string }) => r.status)).toEqual(['cancelled']);
    await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ status: 'under_care' })
      .expect(200);
    open = await app.db.query(`SELECT status FROM follow_ups WHERE patient_id = $1 ORDER BY created_at`, [
      patient.id,
    ]);
    expect(open.map((r: { status: string }) => r.status).sort()).toEqual(['cancelled', 'open']);
    await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ fullName: null })
      .expect(400);
    // A change of risk factors re-assesses.
    const older = await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ dateOfBirth: '1950-01-01' })
      .expect(200);
    expect(older.body.riskTier).toBe('yellow');
    // Both at once: back under care with a higher risk (green → yellow); still exactly one open follow-up.
    await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ status: 'lost_to_follow_up', dateOfBirth: '1995-01-01' })
      .expect(200);
    const back = await app.http
      .patch(`/api/patients/${patient.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ status: 'under_care', dateOfBirth: '1950-01-01', pregnant: false })
      .expect(200);
    expect(back.body).toMatchObject({ status: 'under_care', riskTier: 'yellow' });
    const openNow = await app.db.query(`SELECT 1 FROM follow_ups WHERE patient_id = $1 AND status = 'open'`, [
      patient.id,
    ]);
    expect(openNow).toHaveLength(1);
  });
});
