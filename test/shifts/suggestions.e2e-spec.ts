import { agentsNeeded } from '../../src/shifts/erlang-c';
import { createDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { auth } from './helpers';

describe('suggested requirements (Erlang C over the consult history)', () => {
  let app: TestApp;
  let coordinator: string;
  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.travelTo('2027-03-01T00:00:00Z'); // Monday 07:00 in Ho Chi Minh City
    coordinator = await app.tokenFor('coordinator');
  });
  afterAll(() => app.close());

  const suggested = (token = coordinator, group = 'consult') =>
    app.http
      .get(`/api/shifts/requirements/suggested?group=${group}&from=2027-03-01&to=2027-03-07`)
      .set(auth(token));

  it('suggests 0 for every window when there is no history', async () => {
    const res = await suggested().expect(200);
    expect(res.body).toMatchObject({
      group: 'consult',
      from: '2027-03-01',
      to: '2027-03-07',
      historyFrom: '2027-02-01',
      historyTo: '2027-02-28',
      consultsInHistory: 0,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 60,
    });
    expect(res.body.windows).toHaveLength(21);
    expect(
      res.body.windows.every(
        (w: { suggested: number; current: number }) => w.suggested === 0 && w.current === 1,
      ),
    ).toBe(true);
  });

  it('reads the consults of the past four weeks and sizes each window by Erlang C', async () => {
    const doctor = await createDoctor(app);
    // every Monday 19-21 (12:00Z-14:00Z) of February 2027: 40 consults, each handled in 300 s
    const created: Date[] = [];
    for (const day of ['2027-02-01', '2027-02-08', '2027-02-15', '2027-02-22']) {
      for (let i = 0; i < 40; i++) created.push(new Date(Date.parse(`${day}T12:00:00Z`) + i * 170_000));
    }
    // one consult before the history and one on a Tuesday morning, never handled
    created.push(new Date('2027-01-25T12:30:00Z'));
    await app.db.query(
      `INSERT INTO consults (status, caller_phone, reason, created_at, queued_at, assigned_doctor_id, assigned_at, completed_at, outcome)
       SELECT 'completed', '+84889556655', 'cough', t, t, $2, t + interval '10 seconds', t + interval '310 seconds', 'advised'
         FROM unnest($1::timestamptz[]) AS t`,
      [created, doctor.id],
    );
    await app.db.query(
      `INSERT INTO consults (status, caller_phone, reason, created_at, queued_at, cancelled_at)
       VALUES ('cancelled', '+84889556655', 'cough', '2027-02-02T02:30:00Z', '2027-02-02T02:30:00Z', '2027-02-02T02:40:00Z')`,
    );
    const res = await suggested().expect(200);
    expect(res.body.consultsInHistory).toBe(161);
    expect(res.body.averageHandleSeconds).toBe(300);
    const monday = res.body.windows.find((w: { windowKey: string }) => w.windowKey === '2027-03-01/19-21');
    const expected = agentsNeeded({
      callsPerHour: 20,
      averageHandleSeconds: 300,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 60,
    });
    expect(monday).toEqual({
      windowKey: '2027-03-01/19-21',
      callsPerHour: 20,
      suggested: expected,
      current: 1,
    });
    expect(expected).toBeGreaterThan(1);
    const tuesday = res.body.windows.find((w: { windowKey: string }) => w.windowKey === '2027-03-02/09-11');
    expect(tuesday.callsPerHour).toBe(0.125);
    expect(res.body.overrides['2027-03-01/19-21']).toBe(expected);
    expect(res.body.overrides['2027-03-03/19-21']).toBe(0);

    // the coordinator accepts the suggestion as it is
    await app.http
      .put('/api/shifts/requirements')
      .set(auth(coordinator))
      .send({ group: 'consult', default: 1, overrides: res.body.overrides })
      .expect(200);
    const again = await suggested().expect(200);
    expect(
      again.body.windows.find((w: { windowKey: string }) => w.windowKey === '2027-03-01/19-21').current,
    ).toBe(expected);
  });

  it('is for the consult group and for coordinators and admins', async () => {
    await suggested(coordinator, 'active_care').expect(400);
    const doctor = await createDoctor(app);
    await suggested(doctor.token).expect(403);
    await suggested(app.adminToken).expect(200);
  });
});
