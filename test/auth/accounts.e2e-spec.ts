import { JwtService } from '@nestjs/jwt';
import { URL } from 'node:url';
import { totpCode } from '../../src/auth/totp';
import { LISTENER_APPLICATION_NAME, UserAccessService } from '../../src/auth/user-access.service';
import {
  availableDoctor,
  connect,
  createConsult,
  Offered,
  rosteredDoctor,
  TestClient,
  until,
} from '../consults/helpers';
import { createDoctor } from '../support/factories';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

const INVALID = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'Invalid email or password',
  code: 'unauthorized',
};
let n = 0;

/** Accounts on one process: logout, passwords, resets, the admin's user list, disabling, TOTP, sockets. */
describe('accounts', () => {
  let app: TestApp;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    app = await startTestApp({ CONSULT_WINDOWS: '00-24', MFA_REQUIRED_ROLES: 'coordinator' });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(() => app.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (email: string, password: string, otp?: string) =>
    app.http.post('/api/auth/login').send({ email, password, ...(otp ? { otp } : {}) });

  /** A staff login made by the admin; returns its id and credentials. */
  async function staff(role: 'admin' | 'coordinator' | 'care_team' = 'care_team') {
    const email = `staff${++n}-${process.pid}@test.local`;
    const password = `staff-password-${n}`;
    const res = await app.http
      .post('/api/users')
      .set(bearer(app.adminToken))
      .send({ email, password, fullName: `Staff ${n}`, role })
      .expect(201);
    return { id: res.body.id as string, email, password };
  }

  it('logout refuses that token from then on; signing in again works', async () => {
    const user = await staff();
    const token = (await login(user.email, user.password).expect(200)).body.accessToken;
    await app.http.get('/api/auth/me').set(bearer(token)).expect(200);
    await app.http.post('/api/auth/logout').set(bearer(token)).expect(204);
    await app.http.get('/api/auth/me').set(bearer(token)).expect(401);
    await app.http.post('/api/auth/logout').set(bearer(token)).expect(401);
    const again = (await login(user.email, user.password).expect(200)).body.accessToken;
    await app.http.get('/api/auth/me').set(bearer(again)).expect(200);
  });

  it('a password change ends every other session and hands back a fresh token', async () => {
    const user = await staff();
    const one = (await login(user.email, user.password).expect(200)).body.accessToken;
    const two = (await login(user.email, user.password).expect(200)).body.accessToken;
    const wrong = await app.http
      .post('/api/auth/password')
      .set(bearer(one))
      .send({ currentPassword: 'not-the-password', newPassword: 'a-brand-new-password' })
      .expect(400);
    expect(JSON.stringify(wrong.body.message)).toContain('currentPassword');
    const weak = await app.http
      .post('/api/auth/password')
      .set(bearer(one))
      .send({ currentPassword: user.password, newPassword: '1qaz2wsx3edc' })
      .expect(400);
    expect(weak.body.message).toEqual([
      'newPassword is among the 10,000 most common passwords; choose another',
    ]);
    await app.http.get('/api/auth/me').set(bearer(two)).expect(200);

    const changed = await app.http
      .post('/api/auth/password')
      .set(bearer(one))
      .send({ currentPassword: user.password, newPassword: 'a-brand-new-password' })
      .expect(200);
    expect(changed.body).toEqual({ accessToken: expect.any(String) });
    await app.http.get('/api/auth/me').set(bearer(one)).expect(401);
    await app.http.get('/api/auth/me').set(bearer(two)).expect(401);
    await app.http.get('/api/auth/me').set(bearer(changed.body.accessToken)).expect(200);
    await login(user.email, user.password).expect(401);
    await login(user.email, 'a-brand-new-password').expect(200);
  });

  it('an admin reset gives a temporary password; its token is good only for /auth/me and /auth/password (403 password_change_required)', async () => {
    const user = await staff('care_team');
    const before = (await login(user.email, user.password).expect(200)).body.accessToken;
    const reset = await app.http
      .post(`/api/users/${user.id}/reset-password`)
      .set(bearer(app.adminToken))
      .expect(200);
    expect(reset.body).toEqual({ temporaryPassword: expect.any(String) });
    const temporary: string = reset.body.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await app.http.get('/api/auth/me').set(bearer(before)).expect(401);
    await login(user.email, user.password).expect(401);

    const signedIn = await login(user.email, temporary).expect(200);
    expect(signedIn.body).toMatchObject({ mustChangePassword: true, mustEnrollOtp: false });
    const limited: string = signedIn.body.accessToken;
    const refused = await app.http.get('/api/patients').set(bearer(limited)).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'password_change_required' });
    await app.http.post('/api/auth/logout').set(bearer(limited)).expect(403);
    await app.http.get('/api/auth/me').set(bearer(limited)).expect(200);
    // a restricted token opens no socket
    await expect(connect(app.url, limited)).rejects.toThrow('password_change_required');

    const changed = await app.http
      .post('/api/auth/password')
      .set(bearer(limited))
      .send({ currentPassword: temporary, newPassword: 'chosen-after-reset' })
      .expect(200);
    await app.http.get('/api/patients').set(bearer(changed.body.accessToken)).expect(200);
    await app.http.get('/api/auth/me').set(bearer(limited)).expect(401);
    expect((await login(user.email, 'chosen-after-reset').expect(200)).body.mustChangePassword).toBe(false);
    // admins only
    await app.http
      .post(`/api/users/${user.id}/reset-password`)
      .set(bearer(changed.body.accessToken))
      .expect(403);
  });

  it('lists users for admins, by role and text, paged', async () => {
    const a = await staff('care_team');
    await staff('care_team');
    const all = await app.http
      .get('/api/users?role=care_team&limit=1&page=2')
      .set(bearer(app.adminToken))
      .expect(200);
    expect(all.body).toMatchObject({
      page: 2,
      limit: 1,
      items: [expect.objectContaining({ role: 'care_team' })],
    });
    expect(all.body.total).toBeGreaterThanOrEqual(2);
    const found = await app.http
      .get(`/api/users?q=${encodeURIComponent(a.email)}`)
      .set(bearer(app.adminToken))
      .expect(200);
    expect(found.body).toEqual({
      items: [
        {
          id: a.id,
          email: a.email,
          role: 'care_team',
          doctorId: null,
          district: null,
          fullName: expect.stringMatching(/^Staff /),
          disabled: false,
          mustChangePassword: false,
          otpEnabled: false,
          createdAt: expect.any(String),
        },
      ],
      total: 1,
      page: 1,
      limit: 50,
    });
    expect(JSON.stringify(found.body)).not.toMatch(/hash|otpSecret|argon/i);
    const bad = await app.http.get('/api/users?role=wizard&page=0').set(bearer(app.adminToken)).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/role.*page|page.*role/);
    const other = (await login(a.email, a.password).expect(200)).body.accessToken;
    await app.http.get('/api/users').set(bearer(other)).expect(403);
  });

  it('disabling a user refuses their tokens at once, closes their sockets and their login (the 401 of a wrong password); enabling lets them sign in afresh', async () => {
    const user = await staff('admin');
    const token = (await login(user.email, user.password).expect(200)).body.accessToken;
    const socket = await connect(app.url, token);
    clients.push(socket);
    const wrong = await login(user.email, 'not-the-password').expect(401);

    const patched = await app.http
      .patch(`/api/users/${user.id}`)
      .set(bearer(app.adminToken))
      .send({ disabled: true, fullName: 'Gone Away' })
      .expect(200);
    expect(patched.body).toMatchObject({ id: user.id, disabled: true, fullName: 'Gone Away' });
    await app.http.get('/api/auth/me').set(bearer(token)).expect(401);
    await until(() => !socket.socket.connected, 1000);
    const refused = await login(user.email, user.password).expect(401);
    expect(refused.body).toEqual(wrong.body);
    expect(refused.body).toEqual(INVALID);
    await expect(connect(app.url, token)).rejects.toThrow('unauthorized');

    await app.http
      .patch(`/api/users/${user.id}`)
      .set(bearer(app.adminToken))
      .send({ disabled: false })
      .expect(200);
    await app.http.get('/api/auth/me').set(bearer(token)).expect(401);
    const fresh = (await login(user.email, user.password).expect(200)).body.accessToken;
    await app.http.get('/api/auth/me').set(bearer(fresh)).expect(200);
  });

  it('a new role voids old tokens; a doctor keeps their role; the last enabled admin stays; bad patches are 400', async () => {
    const user = await staff('care_team');
    const token = (await login(user.email, user.password).expect(200)).body.accessToken;
    await app.http
      .patch(`/api/users/${user.id}`)
      .set(bearer(app.adminToken))
      .send({ role: 'admin' })
      .expect(200);
    await app.http.get('/api/auth/me').set(bearer(token)).expect(401);
    expect((await login(user.email, user.password).expect(200)).body.user.role).toBe('admin');

    const doctor = await createDoctor(app);
    const [{ id: doctorUserId }] = await app.db.query(`SELECT id FROM users WHERE doctor_id = $1`, [
      doctor.id,
    ]);
    const tied = await app.http
      .patch(`/api/users/${doctorUserId}`)
      .set(bearer(app.adminToken))
      .send({ role: 'care_team' })
      .expect(400);
    expect(JSON.stringify(tied.body.message)).toContain('role');

    const bad = await app.http
      .patch(`/api/users/${user.id}`)
      .set(bearer(app.adminToken))
      .send({ disabled: 'yes', role: 'doctor', fullName: '', password: 'x' })
      .expect(400);
    for (const field of ['disabled', 'role', 'fullName', 'password'])
      expect(JSON.stringify(bad.body.message)).toContain(field);
    await app.http.patch('/api/users/not-a-uuid').set(bearer(app.adminToken)).send({}).expect(400);
    await app.http
      .patch('/api/users/00000000-0000-4000-8000-000000000999')
      .set(bearer(app.adminToken))
      .send({ disabled: true })
      .expect(404);

    // every other admin disabled: the first admin cannot be disabled or demoted
    await app.db.query(`UPDATE users SET disabled = true WHERE role = 'admin' AND email <> $1`, [
      ADMIN.email,
    ]);
    const [{ id: adminId }] = await app.db.query(`SELECT id FROM users WHERE email = $1`, [ADMIN.email]);
    await app.http
      .patch(`/api/users/${adminId}`)
      .set(bearer(app.adminToken))
      .send({ disabled: true })
      .expect(409);
    await app.http
      .patch(`/api/users/${adminId}`)
      .set(bearer(app.adminToken))
      .send({ role: 'coordinator' })
      .expect(409);
    await app.http.get('/api/auth/me').set(bearer(app.adminToken)).expect(200);
  });

  it('deactivating a doctor refuses their token and login, closes their socket, and their held offer goes to another doctor', async () => {
    const coordinatorUser = await staff('care_team');
    const careToken = (await login(coordinatorUser.email, coordinatorUser.password).expect(200)).body
      .accessToken;
    const holder = await rosteredDoctor(app);
    const other = await rosteredDoctor(app);
    const a = await availableDoctor(app, holder);
    clients.push(a);
    await new Promise((r) => setTimeout(r, 20));
    const b = await availableDoctor(app, other);
    clients.push(b);
    const consult = await createConsult(app, app.adminToken);
    const held = await a.next<Offered>('consult:offered');
    expect(held.consult.id).toBe(consult.id);
    const wrong = await login(holder.email, 'not-the-password').expect(401);

    await app.http
      .patch(`/api/doctors/${holder.id}`)
      .set(bearer(app.adminToken))
      .send({ active: false })
      .expect(200);
    const moved = await b.next<Offered>('consult:offered');
    expect(moved.consult.id).toBe(consult.id);
    await until(() => !a.socket.connected, 1000);
    await app.http.get(`/api/doctors/${holder.id}`).set(bearer(holder.token)).expect(401);
    const refused = await login(holder.email, holder.password).expect(401);
    expect(refused.body).toEqual(wrong.body);
    const [offer] = await app.db.query(`SELECT status FROM consult_offers WHERE id = $1`, [held.offerId]);
    expect(offer.status).toBe('revoked');
    await app.http.get('/api/doctors').set(bearer(careToken)).expect(403);

    // active again: a fresh sign-in works, the old token stays refused
    await app.http
      .patch(`/api/doctors/${holder.id}`)
      .set(bearer(app.adminToken))
      .send({ active: true })
      .expect(200);
    await login(holder.email, holder.password).expect(200);
    await app.http.get(`/api/doctors/${holder.id}`).set(bearer(holder.token)).expect(401);
  });

  it('MFA_REQUIRED_ROLES: a coordinator without TOTP gets a token good only for enrolment; with TOTP, login needs the code', async () => {
    const user = await staff('coordinator');
    const first = await login(user.email, user.password).expect(200);
    expect(first.body).toMatchObject({ mustChangePassword: false, mustEnrollOtp: true });
    const limited: string = first.body.accessToken;
    const refused = await app.http.get('/api/doctors').set(bearer(limited)).expect(403);
    expect(refused.body).toMatchObject({ code: 'otp_enrolment_required' });
    await app.http.get('/api/auth/me').set(bearer(limited)).expect(200);
    await app.http
      .post('/api/auth/password')
      .set(bearer(limited))
      .send({ currentPassword: user.password, newPassword: 'another-good-password' })
      .expect(403);

    await app.http.post('/api/auth/otp/enable').set(bearer(limited)).send({ otp: '123456' }).expect(409);
    const setup = await app.http.post('/api/auth/otp/setup').set(bearer(limited)).expect(200);
    const url = new URL(setup.body.otpauthUrl as string);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    const secret = url.searchParams.get('secret') as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const badCode = await app.http
      .post('/api/auth/otp/enable')
      .set(bearer(limited))
      .send({ otp: 'abc' })
      .expect(400);
    expect(JSON.stringify(badCode.body.message)).toContain('otp');
    const wrongCode = String((Number(totpCode(secret, app.clock.now())) + 500_000) % 1_000_000).padStart(
      6,
      '0',
    );
    await app.http.post('/api/auth/otp/enable').set(bearer(limited)).send({ otp: wrongCode }).expect(400);
    await app.http
      .post('/api/auth/otp/enable')
      .set(bearer(limited))
      .send({ otp: totpCode(secret, app.clock.now()) })
      .expect(204);
    await app.http.get('/api/auth/me').set(bearer(limited)).expect(401);

    const noCode = await login(user.email, user.password).expect(401);
    expect(noCode.body).toEqual(INVALID);
    await login(user.email, user.password, wrongCode).expect(401);
    const ok = await login(user.email, user.password, totpCode(secret, app.clock.now())).expect(200);
    expect(ok.body).toMatchObject({ mustChangePassword: false, mustEnrollOtp: false });
    await app.http.get('/api/doctors').set(bearer(ok.body.accessToken)).expect(200);
    await app.http.post('/api/auth/otp/setup').set(bearer(ok.body.accessToken)).expect(409);
    expect(
      (await app.db.query(`SELECT otp_enabled FROM users WHERE id = $1`, [user.id]))[0].otp_enabled,
    ).toBe(true);

    // a lost authenticator: the admin turns TOTP off; the user signs in without a code and enrols again
    await app.http
      .patch(`/api/users/${user.id}`)
      .set(bearer(app.adminToken))
      .send({ otpEnabled: true })
      .expect(400);
    const off = await app.http
      .patch(`/api/users/${user.id}`)
      .set(bearer(app.adminToken))
      .send({ otpEnabled: false })
      .expect(200);
    expect(off.body).toMatchObject({ otpEnabled: false });
    await app.http.get('/api/doctors').set(bearer(ok.body.accessToken)).expect(401);
    expect((await login(user.email, user.password).expect(200)).body.mustEnrollOtp).toBe(true);
  });

  it('a socket ends when its token expires', async () => {
    const doctor = await createDoctor(app);
    const claims = app.server.app.get(JwtService).decode<Record<string, unknown>>(doctor.token);
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const shortLived = await app.server.app.get(JwtService).signAsync(rest, { expiresIn: 2 });
    const socket = await connect(app.url, shortLived);
    clients.push(socket);
    expect(socket.socket.connected).toBe(true);
    await until(() => !socket.socket.connected, 4000);
  });

  it('changes made by any writer reach the cache through NOTIFY; a dropped listener reconnects (cold cache meanwhile)', async () => {
    const user = await staff();
    const token = (await login(user.email, user.password).expect(200)).body.accessToken;
    await app.http.get('/api/auth/me').set(bearer(token)).expect(200); // cached now
    const access = app.server.app.get(UserAccessService);
    await app.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    await until(() => !access.isListening, 2000);
    // meanwhile every check reads the row: a change is seen at once
    await app.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [user.id]);
    await app.http.get('/api/auth/me').set(bearer(token)).expect(401);
    await app.db.query(`UPDATE users SET disabled = false WHERE id = $1`, [user.id]);
    await until(() => access.isListening, 5000);
    await app.http.get('/api/auth/me').set(bearer(token)).expect(200); // cached again
    const at = Date.now();
    await app.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [user.id]);
    await until(async () => (await app.http.get('/api/auth/me').set(bearer(token))).status === 401, 1000, 10);
    expect(Date.now() - at).toBeLessThan(1000);
  });
});
