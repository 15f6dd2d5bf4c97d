import { createDoctor, doctorBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('doctors', () => {
  let app: TestApp;
  let coordinator: string;
  let careTeam: string;
  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.tokenFor('coordinator');
    careTeam = await app.tokenFor('care_team');
  });
  afterAll(() => app.close());

  const post = (token: string, body: object) =>
    app.http.post('/api/doctors').auth(token, { type: 'bearer' }).send(body);

  it('creates a doctor with defaults, the phone in E.164, and a login', async () => {
    const body = doctorBody({ phone: '0889556655', email: 'An.Nguyen@Example.vn' });
    const res = await post(coordinator, body).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      fullName: body.fullName,
      phone: '+84889556655',
      email: 'an.nguyen@example.vn',
      specialty: body.specialty,
      yearsOfExperience: 10,
      group: 'consult',
      languages: ['vi'],
      maxWindowsPerWeek: 7,
      maxWindowsPerDay: 2,
      active: true,
    });
    const login = await app.http
      .post('/api/auth/login')
      .send({ email: 'an.nguyen@example.vn', password: body.password })
      .expect(200);
    expect(login.body.user).toMatchObject({ role: 'doctor', doctorId: res.body.id });
  });

  it.each([
    ['fullName', { fullName: 'A' }],
    ['fullName', { fullName: 42 }],
    ['phone', { phone: '12345' }],
    ['phone', { phone: '+14155550100' }],
    ['email', { email: 'not-an-email' }],
    ['specialty', { specialty: '' }],
    ['yearsOfExperience', { yearsOfExperience: -1 }],
    ['yearsOfExperience', { yearsOfExperience: 7.5 }],
    ['yearsOfExperience', { yearsOfExperience: '12' }],
    ['group', { group: 'surgery' }],
    ['languages', { languages: [] }],
    ['languages', { languages: ['vietnamese'] }],
    ['languages', { languages: ['vi', 'vi'] }],
    ['maxWindowsPerWeek', { maxWindowsPerWeek: -1 }],
    ['maxWindowsPerDay', { maxWindowsPerDay: 100 }],
    ['active', { active: 'yes' }],
    ['password', { password: 'short' }],
    ['unknownField', { unknownField: true }],
  ])('refuses a bad %s with a 400 naming it, writing nothing', async (field, patch) => {
    const body = { ...doctorBody(), ...patch };
    const res = await post(coordinator, body).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    const [{ count }] = await app.db.query(`SELECT count(*)::int AS count FROM doctors WHERE email = $1`, [
      String(body.email).toLowerCase(),
    ]);
    expect(count).toBe(0);
  });

  it.each(['fullName', 'phone', 'email', 'specialty', 'yearsOfExperience', 'group', 'password'])(
    'requires %s',
    async (field) => {
      const body: Record<string, unknown> = { ...doctorBody() };
      delete body[field];
      const res = await post(coordinator, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    },
  );

  it('holds the consult group to 5 years of experience, on create and on every update', async () => {
    const res = await post(coordinator, doctorBody({ yearsOfExperience: 4 })).expect(400);
    expect(res.body.message).toEqual(['yearsOfExperience must be at least 5 for the consult group']);
    await post(coordinator, doctorBody({ yearsOfExperience: 5 })).expect(201);
    const care = await post(coordinator, doctorBody({ yearsOfExperience: 2, group: 'active_care' })).expect(
      201,
    );
    const move = await app.http
      .patch(`/api/doctors/${care.body.id}`)
      .auth(coordinator, { type: 'bearer' })
      .send({ group: 'consult' })
      .expect(400);
    expect(JSON.stringify(move.body.message)).toContain('yearsOfExperience');
    const consult = await post(coordinator, doctorBody({ yearsOfExperience: 6 })).expect(201);
    await app.http
      .patch(`/api/doctors/${consult.body.id}`)
      .auth(coordinator, { type: 'bearer' })
      .send({ yearsOfExperience: 3 })
      .expect(400);
    const unchanged = await app.http
      .get(`/api/doctors/${consult.body.id}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(unchanged.body.yearsOfExperience).toBe(6);
  });

  it('refuses a duplicate email with 409, whatever its case', async () => {
    const body = doctorBody();
    await post(coordinator, body).expect(201);
    await post(coordinator, { ...doctorBody(), email: body.email.toUpperCase() }).expect(409);
  });

  it('lists with filters and pagination, reads, updates and deactivates', async () => {
    const a = await post(
      coordinator,
      doctorBody({ fullName: 'Zê Tìm Kiếm', group: 'active_care', yearsOfExperience: 1 }),
    ).expect(201);
    const list = await app.http
      .get('/api/doctors')
      .query({ q: 'tìm kiếm', group: 'active_care', page: 1, limit: 1 })
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(list.body).toEqual({ items: [a.body], total: 1, page: 1, limit: 1 });
    const all = await app.http
      .get('/api/doctors')
      .query({ limit: 2, page: 2 })
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThan(4);
    await app.http
      .get('/api/doctors')
      .query({ limit: 201 })
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
    await app.http
      .get('/api/doctors')
      .query({ active: 'sometimes' })
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
    const off = await app.http
      .patch(`/api/doctors/${a.body.id}`)
      .auth(coordinator, { type: 'bearer' })
      .send({ active: false, phone: '+84 912 345 678' })
      .expect(200);
    expect(off.body).toMatchObject({ active: false, phone: '+84912345678' });
    const inactive = await app.http
      .get('/api/doctors')
      .query({ active: false })
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(inactive.body.items.map((d: { id: string }) => d.id)).toContain(a.body.id);
    await app.http
      .get('/api/doctors/00000000-0000-4000-8000-000000000999')
      .auth(coordinator, { type: 'bearer' })
      .expect(404);
    const badId = await app.http
      .get('/api/doctors/not-a-uuid')
      .auth(coordinator, { type: 'bearer' })
      .expect(400);
    expect(JSON.stringify(badId.body.message)).toContain('id');
  });

  describe('roles', () => {
    it.each([
      ['post', '/api/doctors'],
      ['get', '/api/doctors'],
      ['post', '/api/doctors/import'],
      ['get', '/api/doctors/:other'],
      ['patch', '/api/doctors/:other'],
      ['put', '/api/doctors/:other/availability'],
      ['get', '/api/doctors/:other/availability?from=2021-08-23&to=2021-08-24'],
      ['patch', '/api/doctors/:self'],
    ])('a doctor may not %s %s (403)', async (method, path) => {
      const self = await createDoctor(app);
      const other = await createDoctor(app);
      const url = path.replace(':other', other.id).replace(':self', self.id);
      const res = await (app.http as unknown as Record<string, (u: string) => import('supertest').Test>)
        [method](url)
        .auth(self.token, { type: 'bearer' })
        .send({});
      expect(res.status).toBe(403);
    });

    it.each([
      ['post', '/api/doctors'],
      ['get', '/api/doctors'],
      ['post', '/api/doctors/import'],
      ['get', '/api/doctors/:other'],
      ['patch', '/api/doctors/:other'],
      ['put', '/api/doctors/:other/availability'],
      ['get', '/api/doctors/:other/availability?from=2021-08-23&to=2021-08-24'],
    ])('the care team may not %s %s (403)', async (method, path) => {
      const other = await createDoctor(app);
      const res = await (app.http as unknown as Record<string, (u: string) => import('supertest').Test>)
        [method](path.replace(':other', other.id))
        .auth(careTeam, { type: 'bearer' })
        .send({});
      expect(res.status).toBe(403);
    });

    it('a doctor reads their own record', async () => {
      const self = await createDoctor(app);
      const res = await app.http
        .get(`/api/doctors/${self.id}`)
        .auth(self.token, { type: 'bearer' })
        .expect(200);
      expect(res.body.id).toBe(self.id);
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('passwordHash');
    });
  });
});
