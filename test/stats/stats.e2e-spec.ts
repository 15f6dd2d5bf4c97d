import { BRANCHES, CATEGORIES, CHANNELS } from '../../src/hotline';
import { startTestApp, TestApp } from '../support/test-app';
import { careDoctor, createPatient, hours, minutes, publishCareShift } from '../patients/helpers';

const GREEN_OBS = { spo2: 98, respiratoryRate: 16 };
const zeros = (keys: readonly (string | number)[]) => Object.fromEntries(keys.map((k) => [String(k), 0]));
/** A day without hotline contacts (test/stats/hotline-stats.e2e-spec.ts has the ones with). */
const NO_CONTACTS = {
  contactsReceived: 0,
  contactsResolved: 0,
  contactsForwarded: 0,
  contactsTransferred: 0,
  byBranch: zeros(BRANCHES),
  byCategory: zeros(CATEGORIES),
  byChannel: zeros(CHANNELS),
  forwardedHandled: 0,
  forwardedOverdue: 0,
};

describe('GET /api/stats/daily', () => {
  let app: TestApp;
  let coordinator: string;
  const day = '2026-11-20';
  const nineAm = new Date('2026-11-20T02:00:00Z'); // 09:00 in Hanoi

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    coordinator = await app.tokenFor('coordinator');
    const careTeam = await app.tokenFor('care_team');
    app.clock.freeze(nineAm);
    const doctor = await careDoctor(app);
    await publishCareShift(
      app,
      [doctor.id],
      new Date(nineAm.getTime() - hours(1)),
      new Date(nineAm.getTime() + hours(11)),
    );
    const green = await createPatient(app, careTeam, { dateOfBirth: '1995-01-01' });
    const yellow = await createPatient(app, careTeam, { dateOfBirth: '1960-01-01' });
    const late = await createPatient(app, careTeam, { dateOfBirth: '1996-01-01' });
    await app.http
      .put(`/api/patients/${late.id}/risk-tier`)
      .auth(careTeam, { type: 'bearer' })
      .send({ tier: 'orange', reason: 'worried' })
      .expect(200);
    app.clock.advance(minutes(10));
    for (const p of [green, yellow]) {
      const [f] = await app.db.query<{ id: string }[]>(
        `SELECT id FROM follow_ups WHERE patient_id = $1 AND status = 'open'`,
        [p.id],
      );
      await app.http
        .post(`/api/follow-ups/${f.id}/complete`)
        .auth(careTeam, { type: 'bearer' })
        .send({ reached: true, observation: GREEN_OBS })
        .expect(200);
    }
    // A patient created the next day does not count on the 20th.
    app.clock.freeze('2026-11-20T17:30:00Z'); // 00:30 on the 21st in Hanoi
    await createPatient(app, careTeam);

    // Consults, around local midnight: 16:59Z on the 19th is 23:59 on the 19th in Hanoi, 17:01Z is 00:01 on the 20th.
    const consult = async (createdAt: string, fields: { assignedAfter?: number; outcome?: string }) => {
      const created = new Date(createdAt);
      const assignedAt =
        fields.assignedAfter === undefined ? null : new Date(created.getTime() + fields.assignedAfter * 1000);
      const status = fields.outcome ? 'completed' : assignedAt ? 'assigned' : 'queued';
      await app.db.query(
        `INSERT INTO consults (status, caller_phone, reason, created_at, queued_at, assigned_doctor_id, assigned_at, completed_at, outcome)
         VALUES ($1, '+84912345678', 'cough', $2, $2, $3, $4, $5, $6)`,
        [
          status,
          created,
          assignedAt ? doctor.id : null,
          assignedAt,
          fields.outcome ? new Date(created.getTime() + 600_000) : null,
          fields.outcome ?? null,
        ],
      );
    };
    await consult('2026-11-19T16:59:00Z', {});
    await consult('2026-11-19T17:01:00Z', {});
    await consult('2026-11-20T03:00:00Z', { assignedAfter: 30, outcome: 'advised' });
    await consult('2026-11-20T04:00:00Z', { assignedAfter: 90, outcome: 'referred_115' });
    await consult('2026-11-20T05:00:00Z', { assignedAfter: 200 });
    app.clock.freeze('2026-11-21T05:00:00Z');
  });
  afterAll(() => app.close());

  it('gives consult, follow-up and tier figures per local date', async () => {
    const res = await app.http
      .get(`/api/stats/daily?from=2026-11-19&to=${day}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(res.body).toEqual([
      {
        date: '2026-11-19',
        consultsReceived: 1,
        consultsCompleted: 0,
        byOutcome: {},
        medianWaitSeconds: null,
        followUpsDone: 0,
        followUpsOverdue: 0,
        patientsDue: 0,
        patientsSeen: 0,
        coverage: null,
        patientsByTier: { green: 0, yellow: 0, orange: 0, red: 0 },
        ...NO_CONTACTS,
      },
      {
        date: day,
        consultsReceived: 4,
        consultsCompleted: 2,
        byOutcome: { advised: 1, referred_115: 1 },
        medianWaitSeconds: 90,
        followUpsDone: 2,
        // the orange patient's first one, and the yellow patient's second (due 12 h after 09:10, at 21:10)
        followUpsOverdue: 2,
        patientsDue: 3,
        patientsSeen: 2,
        coverage: 0.6667,
        patientsByTier: { green: 1, yellow: 1, orange: 1, red: 0 },
        ...NO_CONTACTS,
      },
    ]);
  });

  it('is for coordinators and admins, with a valid range', async () => {
    const careTeam = await app.tokenFor('care_team');
    await app.http
      .get(`/api/stats/daily?from=${day}&to=${day}`)
      .auth(careTeam, { type: 'bearer' })
      .expect(403);
    await app.http
      .get(`/api/stats/daily?from=${day}&to=${day}`)
      .auth(app.adminToken, { type: 'bearer' })
      .expect(200);
    await app.http
      .get(`/api/stats/daily?from=${day}&to=2026-11-01`)
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
    const res = await app.http
      .get(`/api/stats/daily?to=${day}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('from');
    await app.http
      .get(`/api/stats/daily?from=2020-01-01&to=${day}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
  });

  it('gives the day hour by hour (the chart of the day), adding up to the daily figures', async () => {
    const res = await app.http
      .get(`/api/stats/hourly?date=${day}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    const hours = res.body.hours as {
      label: string;
      startsAt: string;
      consultsReceived: number;
      consultsCompleted: number;
      medianWaitSeconds: number | null;
      contactsReceived: number;
    }[];
    expect(res.body.date).toBe(day);
    expect(hours.map((h) => h.label)).toEqual(
      Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}:00`),
    );
    expect(hours[0].startsAt).toBe('2026-11-19T17:00:00.000Z');
    const at = (label: string) => hours.find((h) => h.label === label);
    // 00:01 local (17:01Z the day before), never assigned
    expect(at('00:00')).toMatchObject({ consultsReceived: 1, consultsCompleted: 0, medianWaitSeconds: null });
    expect(at('10:00')).toMatchObject({ consultsReceived: 1, consultsCompleted: 1, medianWaitSeconds: 30 });
    expect(at('11:00')).toMatchObject({ consultsReceived: 1, consultsCompleted: 1, medianWaitSeconds: 90 });
    expect(at('12:00')).toMatchObject({ consultsReceived: 1, consultsCompleted: 0, medianWaitSeconds: 200 });
    expect(at('13:00')).toMatchObject({ consultsReceived: 0, medianWaitSeconds: null, contactsReceived: 0 });
    const [daily] = (
      await app.http
        .get(`/api/stats/daily?from=${day}&to=${day}`)
        .auth(coordinator, { type: 'bearer' })
        .expect(200)
    ).body as { consultsReceived: number; consultsCompleted: number }[];
    const sum = (k: 'consultsReceived' | 'consultsCompleted') => hours.reduce((n, h) => n + h[k], 0);
    expect(sum('consultsReceived')).toBe(daily.consultsReceived);
    expect(sum('consultsCompleted')).toBe(daily.consultsCompleted);
  });

  it('gives the hours to coordinators and admins only, for a valid date', async () => {
    const careTeam = await app.tokenFor('care_team');
    await app.http.get(`/api/stats/hourly?date=${day}`).auth(careTeam, { type: 'bearer' }).expect(403);
    await app.http.get(`/api/stats/hourly?date=${day}`).auth(app.adminToken, { type: 'bearer' }).expect(200);
    const res = await app.http
      .get('/api/stats/hourly?date=2026-13-01')
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('date');
    await app.http.get('/api/stats/hourly').auth(coordinator, { type: 'bearer' }).expect(400);
  });

  it('links consults to patients once both tables exist', async () => {
    const fk = await app.db.query(`SELECT 1 FROM pg_constraint WHERE conname = 'consults_patient_fk'`);
    expect(fk).toHaveLength(1);
  });
});
