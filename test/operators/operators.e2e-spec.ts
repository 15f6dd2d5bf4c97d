import { windowsBetween } from '../../src/common/time/windows';
import { startTestApp, TestApp } from '../support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const FROM = '2027-03-01'; // a Monday
const TO = '2027-03-07';
const PASSWORD = 'operator-password-1022';

interface Operator {
  id: string;
  userId: string;
  fullName: string;
  phone: string;
  email: string;
  maxWindowsPerWeek: number;
  maxWindowsPerDay: number;
  active: boolean;
}
interface Assignment {
  operatorId?: string;
  doctorId?: string;
  windowKey: string;
}
interface Roster {
  id: string;
  status: string;
  assignments: Assignment[];
  coverage: { windowKey: string; required: number; assigned: number }[];
  unfilled: unknown[];
  stats: { required: number; assigned: number; minLoad: number; maxLoad: number };
}

describe('operators: people on the hotline roster', () => {
  let app: TestApp;
  let coordinator: string;
  let careTeam: string;

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.travelTo('2027-02-24T00:00:00Z');
    coordinator = await app.tokenFor('coordinator');
    careTeam = await app.tokenFor('care_team');
  });
  afterAll(() => app.close());

  const body = (n: number, extra: object = {}) => ({
    fullName: `Tổng đài viên ${n}`,
    phone: `09123450${String(n).padStart(2, '0')}`,
    email: `op${n}@donghanh.test`,
    password: PASSWORD,
    ...extra,
  });
  const create = async (n: number, extra: object = {}): Promise<Operator> =>
    (await app.http.post('/api/operators').set(auth(coordinator)).send(body(n, extra)).expect(201))
      .body as Operator;
  const count = async () =>
    (await app.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM operators`))[0].n;
  const login = async (email: string) =>
    (await app.http.post('/api/auth/login').send({ email, password: PASSWORD }).expect(200)).body as {
      accessToken: string;
      user: { role: string };
    };

  it('creates an operator with defaults, the phone in E.164, and an operator login', async () => {
    const op = await create(1);
    expect(op).toEqual({
      id: expect.any(String),
      userId: expect.any(String),
      fullName: 'Tổng đài viên 1',
      phone: '+84912345001',
      email: 'op1@donghanh.test',
      maxWindowsPerWeek: 7,
      maxWindowsPerDay: 1,
      active: true,
    });
    expect((await login('op1@donghanh.test')).user.role).toBe('operator');
  });

  it.each([
    ['phone', { phone: '12345' }],
    ['email', { email: 'not-an-email' }],
    ['fullName', { fullName: 'X' }],
    ['password', { password: 'short' }],
    ['maxWindowsPerWeek', { maxWindowsPerWeek: 51 }],
    ['maxWindowsPerDay', { maxWindowsPerDay: -1 }],
    ['specialty', { specialty: 'not an operator field' }],
  ])('refuses a bad %s with a 400 naming it, and writes nothing', async (field, extra) => {
    const before = await count();
    const res = await app.http
      .post('/api/operators')
      .set(auth(coordinator))
      .send(body(90, extra))
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await count()).toBe(before);
    const [user] = await app.db.query(`SELECT 1 FROM users WHERE email = 'op90@donghanh.test'`);
    expect(user).toBeUndefined();
  });

  it('refuses a duplicate email with 409 and writes nothing', async () => {
    const before = await count();
    await app.http.post('/api/operators').set(auth(coordinator)).send(body(1)).expect(409);
    expect(await count()).toBe(before);
  });

  it('lists, pages, searches and updates operators; deactivating disables the login', async () => {
    const op = await create(2, { maxWindowsPerWeek: 5 });
    const page = await app.http.get('/api/operators?limit=1&page=2').set(auth(coordinator)).expect(200);
    expect(page.body).toMatchObject({ total: 2, page: 2, limit: 1, items: [expect.any(Object)] });
    const found = await app.http.get('/api/operators?q=op2@').set(auth(coordinator)).expect(200);
    expect(found.body.items.map((o: Operator) => o.id)).toEqual([op.id]);
    const updated = await app.http
      .patch(`/api/operators/${op.id}`)
      .set(auth(coordinator))
      .send({ fullName: 'Nguyễn Thị Hoa', maxWindowsPerDay: 2 })
      .expect(200);
    expect(updated.body).toMatchObject({
      fullName: 'Nguyễn Thị Hoa',
      maxWindowsPerDay: 2,
      maxWindowsPerWeek: 5,
    });
    await app.http.patch(`/api/operators/${op.id}`).set(auth(coordinator)).send({ phone: 'x' }).expect(400);
    const { accessToken } = await login('op2@donghanh.test');
    await app.http
      .patch(`/api/operators/${op.id}`)
      .set(auth(coordinator))
      .send({ active: false })
      .expect(200);
    await app.http.get(`/api/operators/${op.id}`).set(auth(accessToken)).expect(401);
    await app.http
      .post('/api/auth/login')
      .send({ email: 'op2@donghanh.test', password: PASSWORD })
      .expect(401);
    await app.http.patch(`/api/operators/${op.id}`).set(auth(coordinator)).send({ active: true }).expect(200);
    await login('op2@donghanh.test');
    await app.http.get('/api/operators').set(auth(careTeam)).expect(403);
  });

  it('keeps availability: a round trip, own record only, one bad key refuses it all', async () => {
    const op = await create(3);
    const other = await create(4);
    const { accessToken: mine } = await login('op3@donghanh.test');
    const windows = ['2027-03-01/22-06', '2027-03-01/06-14', '2027-03-03/14-22'];
    const put = await app.http
      .put(`/api/operators/${op.id}/availability`)
      .set(auth(mine))
      .send({ from: FROM, to: TO, windows })
      .expect(200);
    expect(put.body.windows).toEqual([...windows].sort());
    const got = await app.http
      .get(`/api/operators/${op.id}/availability?from=${FROM}&to=${TO}`)
      .set(auth(coordinator))
      .expect(200);
    expect(got.body.windows).toEqual(['2027-03-01/06-14', '2027-03-01/22-06', '2027-03-03/14-22']);
    const bad = await app.http
      .put(`/api/operators/${op.id}/availability`)
      .set(auth(mine))
      .send({ from: FROM, to: TO, windows: ['2027-03-02/06-14', '2027-03-02/09-11'] })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('windows');
    const again = await app.http
      .get(`/api/operators/${op.id}/availability?from=${FROM}&to=${TO}`)
      .set(auth(mine))
      .expect(200);
    expect(again.body.windows).toEqual(got.body.windows);
    await app.http
      .get(`/api/operators/${other.id}/availability?from=${FROM}&to=${TO}`)
      .set(auth(mine))
      .expect(403);
    await app.http
      .put(`/api/operators/${other.id}/availability`)
      .set(auth(mine))
      .send({ from: FROM, to: TO, windows: [] })
      .expect(403);
    await app.http.get(`/api/operators/${other.id}/shifts`).set(auth(mine)).expect(403);
  });

  describe("the operators' roster for a week: 18 operators, 3 shifts × 6 × 7 days", () => {
    let roster: Roster;
    let people: Operator[];

    beforeAll(async () => {
      await app.db.query(`UPDATE operators SET active = false`);
      people = [];
      for (let n = 10; n < 28; n++) people.push(await create(n));
      const all = windowsBetween(FROM, TO, app.config.shiftsFor('operators'), app.config.operationsTz).map(
        (w) => w.key,
      );
      for (const op of people) {
        await app.http
          .put(`/api/operators/${op.id}/availability`)
          .set(auth(coordinator))
          .send({ from: FROM, to: TO, windows: all })
          .expect(200);
      }
      const req = await app.http
        .get('/api/shifts/requirements?group=operators')
        .set(auth(coordinator))
        .expect(200);
      expect(req.body).toEqual({ group: 'operators', default: 6, overrides: {} });
      roster = (
        await app.http
          .post('/api/rosters')
          .set(auth(coordinator))
          .send({ group: 'operators', from: FROM, to: TO })
          .expect(201)
      ).body as Roster;
    });

    it('covers all 126 places, 7 shifts each, each assignment naming operatorId', () => {
      expect(roster.stats).toEqual({ required: 126, assigned: 126, minLoad: 7, maxLoad: 7 });
      expect(roster.unfilled).toEqual([]);
      expect(roster.coverage).toHaveLength(21);
      expect(roster.assignments.every((a) => a.operatorId && a.doctorId === undefined)).toBe(true);
    });

    it('gives nobody two shifts less than 12 h apart (checked in SQL on the stored roster)', async () => {
      const [{ n }] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM roster_assignments a JOIN roster_assignments b
           ON a.roster_id = b.roster_id AND a.operator_id = b.operator_id AND a.starts_at < b.starts_at
          WHERE a.roster_id = $1 AND b.starts_at - a.ends_at < interval '12 hours'`,
        [roster.id],
      );
      expect(n).toBe(0);
      const [{ total }] = await app.db.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM roster_assignments WHERE roster_id = $1 AND operator_id IS NOT NULL`,
        [roster.id],
      );
      expect(total).toBe(126);
    });

    it('refuses an edit that breaks the rest rule with 409 naming it, and changes nothing', async () => {
      // someone on Monday's night shift, moved onto Tuesday morning as well
      const night = roster.assignments.find((a) => a.windowKey === '2027-03-01/22-06') as Assignment;
      const morning = roster.assignments.find(
        (a) => a.windowKey === '2027-03-02/06-14' && a.operatorId !== night.operatorId,
      ) as Assignment;
      const res = await app.http
        .patch(`/api/rosters/${roster.id}/assignments`)
        .set(auth(coordinator))
        .send({ remove: [morning], add: [{ operatorId: night.operatorId, windowKey: '2027-03-02/06-14' }] })
        .expect(409);
      expect(res.body.violations).toContainEqual(
        expect.objectContaining({
          operatorId: night.operatorId,
          windowKey: '2027-03-02/06-14',
          constraint: 'min_rest',
          message: expect.stringContaining('2027-03-01/22-06'),
        }),
      );
      const after = (await app.http.get(`/api/rosters/${roster.id}`).set(auth(coordinator)).expect(200))
        .body as Roster;
      expect(after.assignments).toEqual(roster.assignments);
    });

    it('refuses doctorId on an operators roster with a 400 naming the field', async () => {
      const a = roster.assignments[0];
      const res = await app.http
        .patch(`/api/rosters/${roster.id}/assignments`)
        .set(auth(coordinator))
        .send({ remove: [{ doctorId: a.operatorId, windowKey: a.windowKey }] })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('operatorId');
    });

    it('publishes; windows and each operator shifts show the published roster', async () => {
      await app.http.post(`/api/rosters/${roster.id}/publish`).set(auth(coordinator)).expect(200);
      const windows = await app.http
        .get(`/api/shifts/windows?group=operators&from=${FROM}&to=${FROM}`)
        .set(auth(coordinator))
        .expect(200);
      expect(windows.body.map((w: { key: string }) => w.key)).toEqual([
        '2027-03-01/06-14',
        '2027-03-01/14-22',
        '2027-03-01/22-06',
      ]);
      expect(windows.body[2]).toMatchObject({ group: 'operators', required: 6, doctorIds: [] });
      expect(windows.body[2].operatorIds).toHaveLength(6);
      // the night shift ends the next morning
      expect(windows.body[2].endsAt).toBe('2027-03-01T23:00:00.000Z');
      const op = people[0];
      const { accessToken } = await login(op.email);
      const shifts = await app.http
        .get(`/api/operators/${op.id}/shifts?from=${FROM}&to=${TO}`)
        .set(auth(accessToken));
      expect(shifts.status).toBe(200);
      expect(shifts.body.windows).toHaveLength(7);
      expect(shifts.body.windows[0]).toMatchObject({ group: 'operators', rosterId: roster.id });
    });
  });
});
