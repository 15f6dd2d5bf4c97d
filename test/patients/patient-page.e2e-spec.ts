import { createDoctor, type CreatedDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { careDoctor, createPatient, hours, publishCareShift } from './helpers';

const GREEN_OBS = { spo2: 98, respiratoryRate: 16 };
const RED_OBS = { spo2: 93, respiratoryRate: 24, heartRate: 110, temperature: 38.5 };

/** What the care team's patient page reads: tier counts, the detail fields and the observations. */
describe('the patient page reads', () => {
  let app: TestApp;
  let careTeam: string;
  let doctor: CreatedDoctor;
  let other: CreatedDoctor;

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.freeze('2026-11-26T03:00:00Z'); // 10:00 in Hanoi
    careTeam = await app.tokenFor('care_team');
    doctor = await careDoctor(app);
    const now = app.clock.now();
    await publishCareShift(
      app,
      [doctor.id],
      new Date(now.getTime() - hours(2)),
      new Date(now.getTime() + hours(8)),
    );
    other = await careDoctor(app);
  });
  afterAll(() => app.close());

  it('counts each tier over the whole filtered list, not the page', async () => {
    for (let i = 0; i < 5; i++) await createPatient(app, careTeam, { district: 'Đống Đa' });
    const p = await createPatient(app, careTeam, { district: 'Đống Đa' });
    await app.http
      .put(`/api/patients/${p.id}/risk-tier`)
      .auth(careTeam, { type: 'bearer' })
      .send({ tier: 'red', reason: 'breathless on the call' })
      .expect(200);
    const page = await app.http
      .get('/api/patients?district=Đống Đa&limit=2')
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBe(6);
    expect(page.body.tierCounts).toEqual({ green: 5, yellow: 0, orange: 0, red: 1 });
    // the tier filter narrows the items, not the counts
    const red = await app.http
      .get('/api/patients?district=Đống Đa&tier=red')
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(red.body.total).toBe(1);
    expect(red.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(red.body.tierCounts).toEqual(page.body.tierCounts);
    // a doctor's counts are of their own patients only
    const mine = await app.http.get('/api/patients').auth(other.token, { type: 'bearer' }).expect(200);
    const [own] = await app.db.query<{ n: number; red: number }[]>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE risk_tier = 'red')::int AS red
         FROM patients WHERE assigned_doctor_id = $1`,
      [other.id],
    );
    expect(mine.body.total).toBe(own.n);
    expect(mine.body.tierCounts.red).toBe(own.red);
    expect(Object.values(mine.body.tierCounts as Record<string, number>).reduce((a, b) => a + b)).toBe(own.n);
  });

  it('gives the assigned doctor’s name and the next follow-up with the record', async () => {
    const p = await createPatient(app, careTeam);
    const res = await app.http.get(`/api/patients/${p.id}`).auth(careTeam, { type: 'bearer' }).expect(200);
    const [due] = await app.db.query<{ due_at: Date }[]>(
      `SELECT min(due_at) AS due_at FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
      [p.id],
    );
    const [name] = await app.db.query<{ full_name: string }[]>(
      `SELECT full_name FROM doctors WHERE id = $1`,
      [p.assignedDoctorId],
    );
    expect(res.body).toMatchObject({
      id: p.id,
      assignedDoctorId: p.assignedDoctorId,
      assignedDoctorName: name.full_name,
      nextFollowUpDueAt: due.due_at.toISOString(),
    });
    await app.http
      .patch(`/api/patients/${p.id}`)
      .auth(careTeam, { type: 'bearer' })
      .send({ status: 'recovered' });
    const after = await app.http.get(`/api/patients/${p.id}`).auth(careTeam, { type: 'bearer' }).expect(200);
    expect(after.body.nextFollowUpDueAt).toBeNull();
  });

  it('lists the observations newest first with their assessment, audited, for whoever may read the patient', async () => {
    const p = await createPatient(app, careTeam);
    for (const [obs, at] of [
      [GREEN_OBS, '2026-11-26T01:00:00Z'],
      [RED_OBS, '2026-11-26T02:00:00Z'],
    ] as const) {
      await app.http
        .post(`/api/patients/${p.id}/observations`)
        .auth(careTeam, { type: 'bearer' })
        .send({ ...obs, takenAt: at })
        .expect(201);
    }
    const res = await app.http
      .get(`/api/patients/${p.id}/observations?limit=10`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, limit: 10 });
    const [newest, oldest] = res.body.items as {
      observation: { takenAt: string; spo2: number };
      assessment: { tier: string; reasons: string[]; applied: boolean; at: string };
    }[];
    expect(newest.observation).toMatchObject({ takenAt: '2026-11-26T02:00:00.000Z', spo2: 93 });
    expect(newest.assessment.tier).toBe('red');
    expect(newest.assessment.reasons).toContain('danger:spo2<=95');
    expect(oldest.observation.spo2).toBe(98);
    expect(oldest.assessment.tier).toBe('green');
    const second = await app.http
      .get(`/api/patients/${p.id}/observations?limit=1&page=2`)
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].observation.spo2).toBe(98);

    const audit = await app.http
      .get(`/api/patients/${p.id}/audit`)
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    const reads = audit.body.items.filter(
      (a: { detail: { of?: string } }) => a.detail?.of === 'observations',
    );
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ action: 'history', userRole: 'care_team' });

    // the patient's own doctor reads them; a doctor with no part in their care is refused (not the other
    // care doctor: when the patient's own doctor is off shift, their follow-ups go to the one on shift,
    // who may then read the patient)
    const own = p.assignedDoctorId === doctor.id ? doctor : other;
    const stranger = await createDoctor(app, { group: 'consult' });
    await app.http.get(`/api/patients/${p.id}/observations`).auth(own.token, { type: 'bearer' }).expect(200);
    await app.http
      .get(`/api/patients/${p.id}/observations`)
      .auth(stranger.token, { type: 'bearer' })
      .expect(403);
    await app.http
      .get('/api/patients/00000000-0000-4000-8000-000000000999/observations')
      .auth(careTeam, { type: 'bearer' })
      .expect(404);
    await app.http
      .get(`/api/patients/${p.id}/observations?limit=0`)
      .auth(careTeam, { type: 'bearer' })
      .expect(400);
  });
});
