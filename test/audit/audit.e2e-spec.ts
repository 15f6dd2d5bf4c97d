import { availableDoctor, createConsult, type Offered, rosteredDoctor } from '../consults/helpers';
import { careDoctor, createPatient, hours, publishCareShift } from '../patients/helpers';
import type { CreatedDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const RED_OBS = { spo2: 91, respiratoryRate: 26, heartRate: 120, temperature: 39 };

interface Entry {
  resource: string;
  resourceId: string | null;
  patientId: string | null;
  userId: string | null;
  userRole: string | null;
  action: string;
  detail: Record<string, unknown>;
}

describe('audit trail', () => {
  let app: TestApp;
  let careTeam: string;
  let coordinator: string;
  let doctorA: CreatedDoctor;
  let doctorB: CreatedDoctor;

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.freeze('2026-11-26T03:00:00Z');
    careTeam = await app.tokenFor('care_team');
    coordinator = await app.tokenFor('coordinator');
    doctorA = await careDoctor(app);
    doctorB = await careDoctor(app);
    const now = app.clock.now().getTime();
    await publishCareShift(app, [doctorA.id, doctorB.id], new Date(now - hours(2)), new Date(now + hours(8)));
  });
  afterAll(() => app.close());

  const trail = async (query: Record<string, string>): Promise<Entry[]> => {
    const res = await app.http
      .get('/api/audit')
      .query(query)
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    return res.body.items as Entry[];
  };

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const patient = await createPatient(app, careTeam);
    const [row] = await app.db.query<{ id: string }[]>(`SELECT id FROM patient_audit WHERE patient_id = $1`, [
      patient.id,
    ]);
    expect(row).toBeDefined();
    await expect(
      app.db.query(`UPDATE patient_audit SET action = 'read' WHERE id = $1`, [row.id]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(app.db.query(`DELETE FROM patient_audit WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(app.db.query(`TRUNCATE patient_audit`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const [still] = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM patient_audit WHERE id = $1`,
      [row.id],
    );
    expect(still.n).toBe(1);
  });

  it('records reads of follow-ups, escalations and consults, one entry per record, without personal data', async () => {
    const patient = await createPatient(app, careTeam);
    await app.http
      .post(`/api/patients/${patient.id}/observations`)
      .auth(careTeam, { type: 'bearer' })
      .send(RED_OBS)
      .expect(201);
    const consult = await createConsult(app, coordinator, { patientId: patient.id });

    const followUps = await app.http
      .get('/api/follow-ups?status=open')
      .auth(careTeam, { type: 'bearer' })
      .expect(200);
    const escalations = await app.http
      .get('/api/escalations')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    await app.http.get('/api/consults').auth(coordinator, { type: 'bearer' }).expect(200);
    await app.http.get(`/api/consults/${consult.id}`).auth(careTeam, { type: 'bearer' }).expect(200);

    const entries = await trail({ patientId: patient.id });
    const of = (resource: string, action: string) =>
      entries.filter((e) => e.resource === resource && e.action === action);
    const followUp = (followUps.body.items as { id: string; patientId: string }[]).find(
      (f) => f.patientId === patient.id,
    );
    const escalation = (escalations.body.items as { id: string; patientId: string }[]).find(
      (e) => e.patientId === patient.id,
    );
    expect(of('follow_up', 'list')).toEqual([
      expect.objectContaining({ resourceId: followUp?.id, userRole: 'care_team' }),
    ]);
    expect(of('escalation', 'list')).toEqual([
      expect.objectContaining({ resourceId: escalation?.id, userRole: 'coordinator' }),
    ]);
    expect(of('consult', 'list')).toEqual([
      expect.objectContaining({ resourceId: consult.id, userRole: 'coordinator' }),
    ]);
    expect(of('consult', 'read')).toEqual([
      expect.objectContaining({ resourceId: consult.id, userRole: 'care_team' }),
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(String(patient.fullName));
    expect(text).not.toContain('Trần Thị Bình');
    expect(text).not.toContain('889556655');
  });

  it('records every denied attempt on patient data, with method and path but not the query string', async () => {
    const patient = await createPatient(app, careTeam);
    const other = patient.assignedDoctorId === doctorA.id ? doctorB : doctorA;
    await app.http.get(`/api/patients/${patient.id}`).auth(other.token, { type: 'bearer' }).expect(403);
    await app.http.get(`/api/patients/${patient.id}/audit`).auth(careTeam, { type: 'bearer' }).expect(403);
    await app.http.get('/api/escalations?q=Nguyen').auth(other.token, { type: 'bearer' }).expect(403);

    const denied = await trail({ action: 'denied' });
    expect(denied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource: 'patient',
          resourceId: patient.id,
          patientId: patient.id,
          userRole: 'doctor',
          detail: expect.objectContaining({ method: 'GET', path: `/api/patients/${patient.id}` }),
        }),
        expect.objectContaining({
          resource: 'patient',
          patientId: patient.id,
          userRole: 'care_team',
          detail: expect.objectContaining({ path: `/api/patients/${patient.id}/audit` }),
        }),
        expect.objectContaining({
          resource: 'escalation',
          resourceId: null,
          userRole: 'doctor',
          detail: expect.objectContaining({ path: '/api/escalations' }),
        }),
      ]),
    );
    expect(JSON.stringify(denied)).not.toContain('Nguyen');
  });

  it('GET /api/audit is for admins, pages, filters, and every read of the trail is itself recorded', async () => {
    await app.http.get('/api/audit').auth(coordinator, { type: 'bearer' }).expect(403);
    await app.http.get('/api/audit').expect(401);
    const bad = await app.http
      .get('/api/audit?action=erase&page=0&from=yesterday')
      .auth(app.adminToken, { type: 'bearer' })
      .expect(400);
    expect(String(bad.body.message)).toMatch(/action/);
    expect(String(bad.body.message)).toMatch(/page/);
    expect(String(bad.body.message)).toMatch(/from/);

    const page = await app.http
      .get('/api/audit?limit=2&page=1')
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    expect(page.body).toMatchObject({ page: 1, limit: 2 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);

    const reads = await trail({ resource: 'audit', action: 'audit' });
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          userRole: 'admin',
          detail: expect.objectContaining({ page: 1, entries: 2 }),
        }),
      ]),
    );
    // the coordinator's try is a denied attempt on the trail
    expect(await trail({ resource: 'audit', action: 'denied' })).toEqual([
      expect.objectContaining({ userRole: 'coordinator' }),
    ]);
  });

  it("records a doctor's accept of an offer, whose answer carries the caller's phone", async () => {
    const live = await startTestApp({ CONSULT_WINDOWS: '00-24', BACKGROUND_JOBS: '0' });
    try {
      const doctor = await rosteredDoctor(live);
      const client = await availableDoctor(live, doctor);
      const consult = await createConsult(live, await live.tokenFor('coordinator'));
      const offered = await client.next<Offered>('consult:offered');
      const ack = await client.emit('consult:accept', { offerId: offered.offerId });
      expect(ack).toMatchObject({ ok: true, consult: { callerPhone: '+84889556655' } });
      client.close();
      const rows = await live.db.query<{ action: string; user_id: string; detail: unknown }[]>(
        `SELECT a.action, a.user_id, a.detail FROM patient_audit a
         WHERE a.resource = 'consult' AND a.resource_id = $1`,
        [consult.id],
      );
      const [user] = await live.db.query<{ id: string }[]>(`SELECT id FROM users WHERE doctor_id = $1`, [
        doctor.id,
      ]);
      expect(rows).toEqual([{ action: 'read', user_id: user.id, detail: { via: 'accept' } }]);
    } finally {
      await live.close();
    }
  });
});
