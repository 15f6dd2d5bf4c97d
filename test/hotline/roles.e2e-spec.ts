import { connect } from '../consults/helpers';
import { startTestApp, type TestApp } from '../support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const messageOf = (body: { message?: string | string[] }) =>
  ([] as string[]).concat(body.message ?? []).join('; ');

/** Issue 13: the operator and district officer roles, and a district officer's district. */
describe('hotline roles: operator and district officer', () => {
  let app: TestApp;
  const userCount = async () =>
    Number((await app.db.query(`SELECT count(*)::int AS n FROM users`))[0].n as number);
  const body = (over: Record<string, unknown>) => ({
    email: `u-${Math.random().toString(36).slice(2)}@test.local`,
    password: 'staff-password-1',
    fullName: 'Nguyễn Văn Cán Bộ',
    ...over,
  });

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
  });
  afterAll(() => app.close());

  it('an admin creates a district officer with a district; login and me return it', async () => {
    const input = body({ role: 'district_officer', district: 'Cầu Giấy' });
    const created = await app.http.post('/api/users').set(bearer(app.adminToken)).send(input).expect(201);
    expect(created.body).toMatchObject({ role: 'district_officer', district: 'Cầu Giấy' });
    const login = await app.http
      .post('/api/auth/login')
      .send({ email: input.email, password: input.password })
      .expect(200);
    expect(login.body.user).toMatchObject({ role: 'district_officer', district: 'Cầu Giấy' });
    const me = await app.http
      .get('/api/auth/me')
      .set(bearer(login.body.accessToken as string))
      .expect(200);
    expect(me.body).toMatchObject({ role: 'district_officer', district: 'Cầu Giấy' });
  });

  it("moving an officer to another district closes their socket (it was in the old district's room)", async () => {
    const input = body({ role: 'district_officer', district: 'Tây Hồ' });
    const { id } = (await app.http.post('/api/users').set(bearer(app.adminToken)).send(input).expect(201))
      .body as { id: string };
    const client = await connect(app.url, await app.login(input.email, input.password));
    const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    await app.http
      .patch(`/api/users/${id}`)
      .set(bearer(app.adminToken))
      .send({ district: 'Long Biên' })
      .expect(200);
    await expect(
      Promise.race([
        closed,
        new Promise((_, reject) => setTimeout(() => reject(new Error('still open')), 5000)),
      ]),
    ).resolves.toEqual(expect.any(String));
    client.close();
  });

  it('an operator has no district', async () => {
    const created = await app.http
      .post('/api/users')
      .set(bearer(app.adminToken))
      .send(body({ role: 'operator' }))
      .expect(201);
    expect(created.body).toMatchObject({ role: 'operator', district: null });
  });

  it.each([
    ['no district for a district officer', { role: 'district_officer' }, /district is required/],
    ['a district outside the list', { role: 'district_officer', district: 'Quận 5' }, /district "Quận 5"/],
    ['a ward given as the district', { role: 'district_officer', district: 'Dịch Vọng' }, /district/],
    ['a district for another role', { role: 'operator', district: 'Cầu Giấy' }, /district is only for/],
    ['an unknown role', { role: 'mayor' }, /role/],
  ])('refuses %s: 400 naming the field, nothing written', async (_, over, message) => {
    const before = await userCount();
    const res = await app.http.post('/api/users').set(bearer(app.adminToken)).send(body(over)).expect(400);
    expect(messageOf(res.body)).toMatch(message);
    expect(await userCount()).toBe(before);
  });

  it('PATCH moves an officer to another district (old tokens void), and refuses a bad one', async () => {
    const input = body({ role: 'district_officer', district: 'Ba Đình' });
    const { id } = (await app.http.post('/api/users').set(bearer(app.adminToken)).send(input).expect(201))
      .body as { id: string };
    const token = await app.login(input.email, input.password);
    await app.http
      .patch(`/api/users/${id}`)
      .set(bearer(app.adminToken))
      .send({ district: 'Thủ Đức' })
      .expect(400)
      .expect((r) => expect(messageOf(r.body)).toMatch(/district "Thủ Đức"/));
    const moved = await app.http
      .patch(`/api/users/${id}`)
      .set(bearer(app.adminToken))
      .send({ district: 'Hoàn Kiếm' })
      .expect(200);
    expect(moved.body).toMatchObject({ district: 'Hoàn Kiếm' });
    await app.http.get('/api/auth/me').set(bearer(token)).expect(401);
    const fresh = await app.login(input.email, input.password);
    const me = await app.http.get('/api/auth/me').set(bearer(fresh)).expect(200);
    expect(me.body.district).toBe('Hoàn Kiếm');
    // back to a role without a district: it is dropped; a district with it is refused
    await app.http
      .patch(`/api/users/${id}`)
      .set(bearer(app.adminToken))
      .send({ role: 'operator', district: 'Hoàn Kiếm' })
      .expect(400);
    const op = await app.http
      .patch(`/api/users/${id}`)
      .set(bearer(app.adminToken))
      .send({ role: 'operator' })
      .expect(200);
    expect(op.body).toMatchObject({ role: 'operator', district: null });
    await app.http
      .patch(`/api/users/${id}`)
      .set(bearer(app.adminToken))
      .send({ role: 'district_officer' })
      .expect(400)
      .expect((r) => expect(messageOf(r.body)).toMatch(/district is required/));
  });
});
