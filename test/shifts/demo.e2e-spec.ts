import { startTestApp, TestApp } from '../support/test-app';
import { auth } from './helpers';

describe('rosters demo seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DEMO_SEED: 'on', BACKGROUND_JOBS: '0' });
  }, 240_000); // the demo seed (a week of three rosters, a day of hotline work) is slow on a loaded machine
  afterAll(() => app.close());

  it('publishes a consult, an active-care and an operators roster for the current week', async () => {
    const rosters = await app.db.query<
      { group: string; status: string; from: string; to: string; n: number }[]
    >(
      `SELECT r."group", r.status, r.from_date::text AS "from", r.to_date::text AS "to", count(ra.*)::int AS n
         FROM rosters r LEFT JOIN roster_assignments ra ON ra.roster_id = r.id GROUP BY r.id ORDER BY r."group"`,
    );
    expect(rosters.map((r) => [r.group, r.status])).toEqual([
      ['active_care', 'published'],
      ['consult', 'published'],
      ['operators', 'published'],
    ]);
    for (const r of rosters) expect(r.n).toBeGreaterThan(50);
    const coordinator = await app.login('coordinator@donghanh.local', app.demoPassword());
    const windows = await app.http
      .get(`/api/shifts/windows?group=consult&from=${rosters[1].from}&to=${rosters[1].to}`)
      .set(auth(coordinator))
      .expect(200);
    expect(windows.body).toHaveLength(21);
    expect(windows.body.every((w: { doctorIds: string[] }) => w.doctorIds.length > 0)).toBe(true);
    const [onShift] = await app.db.query<{ doctor_id: string; email: string }[]>(
      `SELECT ra.doctor_id, d.email FROM roster_assignments ra JOIN doctors d ON d.id = ra.doctor_id LIMIT 1`,
    );
    const token = await app.login(onShift.email, app.demoPassword());
    const shifts = await app.http
      .get(`/api/doctors/${onShift.doctor_id}/shifts`)
      .set(auth(token))
      .expect(200);
    expect(shifts.body.windows.length).toBeGreaterThan(0);
  });
});
