import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { connect, Offered, publishRoster, TestClient, until } from '../consults/helpers';
import { PAIR_ADMIN as ADMIN, Proc, ProcessPair, startPair } from '../support/app-process';
import { doctorBody } from '../support/factories';

/**
 * A POST from a chosen local address (all of 127.0.0.0/8 is the loopback on Linux), so the app sees
 * a different client address (`req.ip`) without any proxy header.
 */
function postFrom(
  url: string,
  path: string,
  body: unknown,
  localAddress: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }> {
  const target = new URL(path, url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text || '{}') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Access taken away on one process holds on the other within a second; login limits are shared. */
describe('accounts: two app processes on one database', () => {
  jest.setTimeout(180_000);
  let a: Proc | undefined;
  let b: Proc | undefined;
  let db: DataSource;
  let config: AppConfig;
  let admin: string;
  let pair: ProcessPair | undefined;
  const clock = new SystemClock();
  const clients: TestClient[] = [];
  let n = 0;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = async (url: string, email: string, password: string) =>
    (await request(url).post('/api/auth/login').send({ email, password }).expect(200)).body
      .accessToken as string;

  async function staff(): Promise<{ id: string; email: string; password: string }> {
    const email = `two-${++n}@test.local`;
    const password = `staff-password-${n}`;
    const res = await request(a!.url)
      .post('/api/users')
      .set(bearer(admin))
      .send({ email, password, fullName: `Staff ${n}`, role: 'care_team' })
      .expect(201);
    return { id: res.body.id as string, email, password };
  }

  /** Polls `url` with `token` until it is refused; returns how long that took after `since`. */
  async function refusedWithin(url: string, token: string, since: number): Promise<number> {
    await until(
      async () => (await request(url).get('/api/auth/me').set(bearer(token))).status === 401,
      2000,
      10,
    );
    return Date.now() - since;
  }

  beforeAll(async () => {
    pair = await startPair({ OFFER_TIMEOUT_SECONDS: '60' });
    ({ a, b, db, config } = pair);
    admin = await login(a.url, ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await pair?.close();
  });

  it('a user disabled on A is refused on B within a second, and their socket on B is closed', async () => {
    const user = await staff();
    const token = await login(b!.url, user.email, user.password);
    // twice on B: the second answer comes from B's cache
    await request(b!.url).get('/api/auth/me').set(bearer(token)).expect(200);
    await request(b!.url).get('/api/auth/me').set(bearer(token)).expect(200);
    const socket = await connect(b!.url, token);
    clients.push(socket);

    const at = Date.now();
    await request(a!.url)
      .patch(`/api/users/${user.id}`)
      .set(bearer(admin))
      .send({ disabled: true })
      .expect(200);
    expect(await refusedWithin(b!.url, token, at)).toBeLessThan(1000);
    await until(() => !socket.socket.connected, 1000 - (Date.now() - at));
    await request(b!.url)
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
  });

  it('logout on A and a password change on A end the sessions held on B', async () => {
    const user = await staff();
    const onB = await login(b!.url, user.email, user.password);
    const onA = await login(a!.url, user.email, user.password);
    await request(b!.url).get('/api/auth/me').set(bearer(onB)).expect(200);
    let at = Date.now();
    await request(a!.url).post('/api/auth/logout').set(bearer(onA)).expect(204);
    expect(await refusedWithin(b!.url, onB, at)).toBeLessThan(1000);

    const again = await login(b!.url, user.email, user.password);
    const fromA = await login(a!.url, user.email, user.password);
    await request(b!.url).get('/api/auth/me').set(bearer(again)).expect(200);
    at = Date.now();
    const changed = await request(a!.url)
      .post('/api/auth/password')
      .set(bearer(fromA))
      .send({ currentPassword: user.password, newPassword: 'changed-on-process-a' })
      .expect(200);
    expect(await refusedWithin(b!.url, again, at)).toBeLessThan(1000);
    await request(b!.url).get('/api/auth/me').set(bearer(changed.body.accessToken)).expect(200);
  });

  it('a doctor deactivated on A loses the offer held on B: the consult goes to a doctor on A; their socket on B closes', async () => {
    const doctors: { id: string; token: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const body = doctorBody({ group: 'consult' });
      const res = await request(a!.url).post('/api/doctors').set(bearer(admin)).send(body).expect(201);
      await publishRoster({ db, config, clock }, [res.body.id]);
      doctors.push({ id: res.body.id, token: await login(a!.url, body.email, body.password) });
    }
    const holderOnB = await connect(b!.url, doctors[0].token);
    clients.push(holderOnB);
    await holderOnB.setPresence('available');
    await new Promise((r) => setTimeout(r, 20));
    const otherOnA = await connect(a!.url, doctors[1].token);
    clients.push(otherOnA);
    await otherOnA.setPresence('available');

    const consult = await request(a!.url)
      .post('/api/consults')
      .set(bearer(admin))
      .send({ callerPhone: '0889556655', reason: 'Fever for three days' })
      .expect(201);
    const held = await holderOnB.next<Offered>('consult:offered', 10_000);
    expect(held.consult.id).toBe(consult.body.id);

    const at = Date.now();
    await request(a!.url)
      .patch(`/api/doctors/${doctors[0].id}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    const moved = await otherOnA.next<Offered>('consult:offered', 10_000);
    expect(moved.consult.id).toBe(consult.body.id);
    await until(() => !holderOnB.socket.connected, 1000 - (Date.now() - at));
    await request(b!.url).get(`/api/doctors/${doctors[0].id}`).set(bearer(doctors[0].token)).expect(401);
  });

  it('10 failures on one email, spread over both processes and 10 client addresses, lock it everywhere (429, Retry-After), even for the right password', async () => {
    const user = await staff();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await postFrom(
        i % 2 === 0 ? a!.url : b!.url,
        '/api/auth/login',
        { email: user.email, password: `wrong-guess-${i}` },
        `127.0.0.${10 + i}`,
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    for (const [url, address] of [
      [a!.url, '127.0.0.30'],
      [b!.url, '127.0.0.31'],
    ]) {
      const locked = await postFrom(
        url,
        '/api/auth/login',
        { email: user.email, password: user.password },
        address,
      );
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    }
    const rows = await db.query(
      `SELECT DISTINCT key FROM login_failures WHERE key LIKE 'address:%127.0.0.1_'`,
    );
    expect(rows.length).toBe(10);
  });

  it('100 failures a minute from one address lock that address on both processes, whatever the email', async () => {
    const user = await staff();
    const address = '127.0.0.99';
    const statuses = new Map<number, number>();
    for (let i = 0; i < 100; i++) {
      const res = await postFrom(
        i % 2 === 0 ? a!.url : b!.url,
        '/api/auth/login',
        { email: `nobody-${i}@test.local`, password: 'wrong-guess-1234' },
        address,
      );
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect([...statuses]).toEqual([[401, 100]]);
    const locked = await postFrom(
      b!.url,
      '/api/auth/login',
      { email: user.email, password: user.password },
      address,
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // another address is not locked
    const elsewhere = await postFrom(
      a!.url,
      '/api/auth/login',
      { email: user.email, password: user.password },
      '127.0.0.98',
    );
    expect(elsewhere.status).toBe(200);
  });
});
