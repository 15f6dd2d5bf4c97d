import { startTestApp, TestApp } from '../support/test-app';
import { invariantViolations } from './helpers';

describe('consults: demo seed', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ DEMO_SEED: 'on', BACKGROUND_JOBS: '0' });
  }, 240_000); // the demo seed (a week of three rosters, a day of hotline work) is slow on a loaded machine

  afterAll(async () => {
    await app.close();
  });

  it('seeds a week of answered consults (by consult doctors, with their accepted offers) and two waiting, keeping every invariant', async () => {
    const byStatus = await app.db.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM consults GROUP BY status ORDER BY status`,
    );
    const counts = Object.fromEntries(byStatus.map((r) => [r.status, r.n]));
    expect(counts.completed).toBeGreaterThan(20);
    expect(counts.queued).toBe(2);
    const wrongGroup = await app.db.query<unknown[]>(
      `SELECT c.id FROM consults c JOIN doctors d ON d.id = c.assigned_doctor_id WHERE d."group" <> 'consult'`,
    );
    expect(wrongGroup).toEqual([]);
    expect(await invariantViolations(app.db)).toEqual([]);
    const coordinator = await app.login('coordinator@donghanh.local', app.demoPassword());
    const queue = await app.http.get('/api/consults/queue').auth(coordinator, { type: 'bearer' }).expect(200);
    expect(queue.body).toMatchObject({ queued: 2, offered: 0 });
  });
});
