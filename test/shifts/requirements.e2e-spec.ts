import { windowsBetween } from '../../src/common/time/windows';
import { createDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { auth } from './helpers';

describe('shift requirements and windows', () => {
  let app: TestApp;
  let coordinator: string;
  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0', CARE_SHIFTS: '08-20' });
    coordinator = await app.tokenFor('coordinator');
  });
  afterAll(() => app.close());

  const put = (body: object, token = coordinator) =>
    app.http.put('/api/shifts/requirements').set(auth(token)).send(body);

  it('answers a default of 1 and no overrides before anyone sets them', async () => {
    const res = await app.http
      .get('/api/shifts/requirements?group=consult')
      .set(auth(coordinator))
      .expect(200);
    expect(res.body).toEqual({ group: 'consult', default: 1, overrides: {} });
  });

  it('sets the default and the overrides, and a PUT replaces every override', async () => {
    await put({
      group: 'consult',
      default: 4,
      overrides: { '2027-03-01/19-21': 7, '2027-03-02/09-11': 0 },
    }).expect(200);
    let res = await app.http.get('/api/shifts/requirements?group=consult').set(auth(coordinator)).expect(200);
    expect(res.body).toEqual({
      group: 'consult',
      default: 4,
      overrides: { '2027-03-01/19-21': 7, '2027-03-02/09-11': 0 },
    });
    await put({ group: 'consult', default: 3, overrides: { '2027-03-01/15-17': 5 } }).expect(200);
    res = await app.http.get('/api/shifts/requirements?group=consult').set(auth(coordinator)).expect(200);
    expect(res.body).toEqual({ group: 'consult', default: 3, overrides: { '2027-03-01/15-17': 5 } });
    // the other group is separate
    res = await app.http.get('/api/shifts/requirements?group=active_care').set(auth(coordinator)).expect(200);
    expect(res.body).toEqual({ group: 'active_care', default: 1, overrides: {} });
  });

  it.each([
    [
      { group: 'consult', default: 2, overrides: { '2027-03-01/08-20': 3 } },
      /overrides.*2027-03-01\/08-20.*not a window of the consult group/,
    ],
    [
      { group: 'active_care', default: 2, overrides: { '2027-03-01/09-11': 3 } },
      /overrides.*not a window of the active_care group/,
    ],
    [{ group: 'consult', default: 2, overrides: { '2027-02-30/09-11': 3 } }, /overrides/],
    [{ group: 'consult', default: 2, overrides: { '2027-03-01/09-11': -1 } }, /overrides/],
    [{ group: 'consult', default: 2, overrides: { '2027-03-01/09-11': 1.5 } }, /overrides/],
    [{ group: 'consult', default: -1, overrides: {} }, /default/],
    [{ group: 'nobody', default: 1, overrides: {} }, /group/],
    [{ group: 'consult', default: 1, overrides: [] }, /overrides/],
    [{ group: 'consult', default: 1, overrides: {}, extra: true }, /extra/],
  ])('refuses %j with 400 naming the field, changing nothing', async (body, message) => {
    const before = await app.http.get('/api/shifts/requirements?group=consult').set(auth(coordinator));
    const res = await put(body).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
    const after = await app.http.get('/api/shifts/requirements?group=consult').set(auth(coordinator));
    expect(after.body).toEqual(before.body);
  });

  it('is for coordinators and admins only', async () => {
    const doctor = await createDoctor(app);
    await put({ group: 'consult', default: 1, overrides: {} }, doctor.token).expect(403);
    await app.http.get('/api/shifts/requirements?group=consult').set(auth(doctor.token)).expect(403);
    await app.http
      .get('/api/shifts/windows?group=consult&from=2027-03-01&to=2027-03-01')
      .set(auth(doctor.token))
      .expect(403);
    await app.http
      .get('/api/shifts/understaffed?group=consult&from=2027-03-01&to=2027-03-01')
      .set(auth(doctor.token))
      .expect(403);
    await app.http.get('/api/shifts/requirements?group=consult').expect(401);
    await put({ group: 'active_care', default: 2, overrides: {} }, app.adminToken).expect(200);
  });

  it('lists the configured windows of a range with their requirement, in the operations zone', async () => {
    const res = await app.http
      .get('/api/shifts/windows?group=consult&from=2027-03-01&to=2027-03-02')
      .set(auth(coordinator))
      .expect(200);
    expect(res.body.map((w: { key: string; required: number }) => [w.key, w.required])).toEqual([
      ['2027-03-01/09-11', 3],
      ['2027-03-01/15-17', 5],
      ['2027-03-01/19-21', 3],
      ['2027-03-02/09-11', 3],
      ['2027-03-02/15-17', 3],
      ['2027-03-02/19-21', 3],
    ]);
    expect(res.body[0]).toEqual({
      key: '2027-03-01/09-11',
      group: 'consult',
      startsAt: '2027-03-01T02:00:00.000Z',
      endsAt: '2027-03-01T04:00:00.000Z',
      required: 3,
      doctorIds: [],
    });
    const care = await app.http
      .get('/api/shifts/windows?group=active_care&from=2027-03-01&to=2027-03-01')
      .set(auth(coordinator))
      .expect(200);
    expect(care.body).toEqual([
      expect.objectContaining({ key: '2027-03-01/08-20', required: 2, startsAt: '2027-03-01T01:00:00.000Z' }),
    ]);
    // nothing published: every window is short by its whole requirement
    const short = await app.http
      .get('/api/shifts/understaffed?group=consult&from=2027-03-01&to=2027-03-01')
      .set(auth(coordinator))
      .expect(200);
    expect(short.body.map((w: { key: string; missing: number }) => [w.key, w.missing])).toEqual([
      ['2027-03-01/09-11', 3],
      ['2027-03-01/15-17', 5],
      ['2027-03-01/19-21', 3],
    ]);
  });

  it('validates the range', async () => {
    await app.http
      .get('/api/shifts/windows?group=consult&from=2027-03-02&to=2027-03-01')
      .set(auth(coordinator))
      .expect(400);
    await app.http
      .get('/api/shifts/windows?group=consult&from=2027-01-01&to=2027-12-31')
      .set(auth(coordinator))
      .expect(400);
    await app.http
      .get('/api/shifts/windows?group=consult&from=2027-03-01')
      .set(auth(coordinator))
      .expect(400);
  });

  describe('caps across rosters that share an ISO week', () => {
    it('counts the windows another published roster gives a doctor in the same week', async () => {
      const x = await createDoctor(app, { maxWindowsPerWeek: 3, maxWindowsPerDay: 1 });
      const week = windowsBetween(
        '2027-04-05',
        '2027-04-11',
        app.config.consultWindows,
        app.config.operationsTz,
      ).map((w) => w.key);
      await app.http
        .put(`/api/doctors/${x.id}/availability`)
        .set(auth(coordinator))
        .send({ from: '2027-04-05', to: '2027-04-11', windows: week })
        .expect(200);
      const monTue = await app.http
        .post('/api/rosters')
        .set(auth(coordinator))
        .send({ group: 'consult', from: '2027-04-05', to: '2027-04-06' })
        .expect(201);
      expect(monTue.body.assignments.filter((a: { doctorId: string }) => a.doctorId === x.id)).toHaveLength(
        2,
      );
      await app.http.post(`/api/rosters/${monTue.body.id}/publish`).set(auth(coordinator)).expect(200);

      const rest = await app.http
        .post('/api/rosters')
        .set(auth(coordinator))
        .send({ group: 'consult', from: '2027-04-07', to: '2027-04-11' })
        .expect(201);
      const mine = rest.body.assignments.filter((a: { doctorId: string }) => a.doctorId === x.id);
      expect(mine).toHaveLength(1); // 3 a week, 2 already on the Monday–Tuesday roster
      const other = week.find(
        (k) =>
          k >= '2027-04-08' &&
          !mine.some((a: { windowKey: string }) => a.windowKey.slice(0, 10) === k.slice(0, 10)),
      ) as string;
      const refused = await app.http
        .patch(`/api/rosters/${rest.body.id}/assignments`)
        .set(auth(coordinator))
        .send({ add: [{ doctorId: x.id, windowKey: other }] })
        .expect(409);
      expect(refused.body.violations).toEqual([
        expect.objectContaining({ doctorId: x.id, windowKey: other, constraint: 'max_per_week' }),
      ]);
      // both published side by side: they do not overlap, so neither supersedes the other
      await app.http.post(`/api/rosters/${rest.body.id}/publish`).set(auth(coordinator)).expect(200);
      const [{ n }] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM rosters WHERE status = 'published'`,
      );
      expect(n).toBe(2);
      const shifts = await app.http
        .get(`/api/doctors/${x.id}/shifts?from=2027-04-05&to=2027-04-11`)
        .set(auth(x.token))
        .expect(200);
      expect(shifts.body.windows).toHaveLength(3);
    });

    it('refuses to publish a draft that a change since drafting has broken (409 with the violations, still a draft)', async () => {
      const y = await createDoctor(app);
      await app.http
        .put(`/api/doctors/${y.id}/availability`)
        .set(auth(coordinator))
        .send({ from: '2027-04-12', to: '2027-04-12', windows: ['2027-04-12/09-11'] })
        .expect(200);
      const draft = await app.http
        .post('/api/rosters')
        .set(auth(coordinator))
        .send({ group: 'consult', from: '2027-04-12', to: '2027-04-12' })
        .expect(201);
      expect(draft.body.assignments).toContainEqual({ doctorId: y.id, windowKey: '2027-04-12/09-11' });
      await app.http.patch(`/api/doctors/${y.id}`).set(auth(coordinator)).send({ active: false }).expect(200);
      const res = await app.http
        .post(`/api/rosters/${draft.body.id}/publish`)
        .set(auth(coordinator))
        .expect(409);
      expect(res.body.violations).toEqual([
        expect.objectContaining({ doctorId: y.id, constraint: 'unknown_doctor' }),
      ]);
      expect(
        (await app.http.get(`/api/rosters/${draft.body.id}`).set(auth(coordinator)).expect(200)).body.status,
      ).toBe('draft');
    });
  });
});
