import { ADMIN, startTestApp, TestApp } from '../support/test-app';
import { createDoctor } from '../support/factories';

describe('auth and users', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('logs in with the right password and answers who the caller is', async () => {
    const res = await app.http
      .post('/api/auth/login')
      .send({ email: ADMIN.email.toUpperCase(), password: ADMIN.password })
      .expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      user: { id: expect.any(String), email: ADMIN.email, role: 'admin', doctorId: null, district: null },
      mustChangePassword: false,
      mustEnrollOtp: false,
    });
    const me = await app.http.get('/api/auth/me').auth(res.body.accessToken, { type: 'bearer' }).expect(200);
    expect(me.body).toEqual(res.body.user);
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const wrong = await app.http
      .post('/api/auth/login')
      .send({ email: ADMIN.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await app.http
      .post('/api/auth/login')
      .send({ email: 'nobody@donghanh.local', password: 'whatever-123' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid email or password',
      code: 'unauthorized',
    });
  });

  it('locks an email after 10 failures in 15 minutes (429 with Retry-After, even for the right password); other emails still sign in', async () => {
    await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({
        email: 'victim@donghanh.local',
        password: 'victim-password-1',
        fullName: 'Victim',
        role: 'care_team',
      })
      .expect(201);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (
          await app.http
            .post('/api/auth/login')
            .send({ email: 'victim@donghanh.local', password: 'guess-number-' + i })
        ).status,
      );
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await app.http
      .post('/api/auth/login')
      .send({ email: 'Victim@donghanh.local', password: 'victim-password-1' })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'too_many_requests' });
    // refused attempts do not extend the lock: it lifts 15 minutes after the failures
    await app.http.post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
    app.clock.advance(15 * 60_000);
    await app.http
      .post('/api/auth/login')
      .send({ email: 'victim@donghanh.local', password: 'victim-password-1' })
      .expect(200);
  });

  it('refuses calls without a valid token (401)', async () => {
    await app.http.get('/api/auth/me').expect(401);
    await app.http.get('/api/auth/me').auth('not-a-token', { type: 'bearer' }).expect(401);
    await app.http.get('/api/doctors').expect(401);
  });

  it('lets an admin create staff logins, hashed, and nobody else', async () => {
    const res = await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({
        email: 'Dieu.Phoi@donghanh.local',
        password: 'long-enough-12',
        fullName: 'Điều Phối',
        role: 'coordinator',
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: 'dieu.phoi@donghanh.local',
      role: 'coordinator',
      doctorId: null,
      district: null,
    });
    const [row] = await app.db.query(
      `SELECT password_hash FROM users WHERE email = 'dieu.phoi@donghanh.local'`,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const token = await app.login('dieu.phoi@donghanh.local', 'long-enough-12');
    await app.http
      .post('/api/users')
      .auth(token, { type: 'bearer' })
      .send({ email: 'x@donghanh.local', password: 'long-enough-12', fullName: 'X Y', role: 'admin' })
      .expect(403);
    const doctor = await createDoctor(app);
    await app.http
      .post('/api/users')
      .auth(doctor.token, { type: 'bearer' })
      .send({ email: 'y@donghanh.local', password: 'long-enough-12', fullName: 'X Y', role: 'admin' })
      .expect(403);
  });

  it('validates new users, naming each field, and refuses duplicates with 409', async () => {
    const bad = await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({ email: 'nope', password: 'short', fullName: '', role: 'doctor', extra: 1 })
      .expect(400);
    const text = JSON.stringify(bad.body.message);
    for (const field of ['email', 'password', 'fullName', 'role', 'extra']) expect(text).toContain(field);
    const common = await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({
        email: 'common@donghanh.local',
        password: 'qwertyqwerty',
        fullName: 'Common',
        role: 'care_team',
      })
      .expect(400);
    expect(common.body.message).toEqual([
      'password is among the 10,000 most common passwords; choose another',
    ]);
    const short = await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({ email: 'short@donghanh.local', password: 'eleven-char', fullName: 'Short', role: 'care_team' })
      .expect(400);
    expect(short.body.message).toEqual(['password must be at least 12 characters']);
    expect(
      await app.db.query(
        `SELECT 1 FROM users WHERE email IN ('common@donghanh.local', 'short@donghanh.local')`,
      ),
    ).toEqual([]);
    await app.http
      .post('/api/users')
      .auth(app.adminToken, { type: 'bearer' })
      .send({ email: ADMIN.email, password: 'long-enough-12', fullName: 'Again', role: 'admin' })
      .expect(409);
  });
});
