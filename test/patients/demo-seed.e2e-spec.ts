import { DEMO_PATIENTS } from '../../src/patients/patients.demo-seed';
import { startTestApp, TestApp } from '../support/test-app';

describe('patients demo seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DEMO_SEED: 'on', BACKGROUND_JOBS: '0' });
  }, 240_000); // the demo seed (a week of three rosters, a day of hotline work) is slow on a loaded machine
  afterAll(() => app.close());

  it('seeds patients of every tier across Hanoi, under the demo active care doctors, each with one open follow-up', async () => {
    const tiers = await app.db.query<{ risk_tier: string; n: number }[]>(
      `SELECT risk_tier, count(*)::int AS n FROM patients GROUP BY 1`,
    );
    expect(tiers.map((t) => t.risk_tier).sort()).toEqual(['green', 'orange', 'red', 'yellow']);
    expect(tiers.reduce((n, t) => n + t.n, 0)).toBe(DEMO_PATIENTS);
    const [{ districts }] = await app.db.query<{ districts: number }[]>(
      `SELECT count(DISTINCT district)::int AS districts FROM patients`,
    );
    expect(districts).toBeGreaterThanOrEqual(10);
    const doctors = await app.db.query<{ n: number; group: string; active: boolean }[]>(
      `SELECT DISTINCT right(d.id::text, 3)::int AS n, d."group", d.active FROM patients p JOIN doctors d ON d.id = p.assigned_doctor_id`,
    );
    expect(doctors.length).toBeGreaterThan(50);
    for (const d of doctors) expect(d).toEqual({ n: expect.any(Number), group: 'active_care', active: true });
    for (const d of doctors) expect(d.n % 3).toBe(0);
    const [{ without }] = await app.db.query<{ without: number }[]>(
      `SELECT count(*)::int AS without FROM patients p
       WHERE NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.patient_id = p.id AND f.status = 'open')`,
    );
    expect(without).toBe(0);
    const [{ red, escalated }] = await app.db.query<{ red: number; escalated: number }[]>(
      `SELECT count(*) FILTER (WHERE risk_tier = 'red')::int AS red,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM escalations e WHERE e.patient_id = p.id AND e.status = 'open'))::int AS escalated
       FROM patients p`,
    );
    expect(escalated).toBe(red);
    // The care team login sees them through the API.
    const token = await app.login('careteam@donghanh.local', app.demoPassword());
    const list = await app.http.get('/api/patients?tier=red').auth(token, { type: 'bearer' }).expect(200);
    expect(list.body.total).toBe(red);
  });
});
