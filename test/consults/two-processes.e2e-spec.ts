import request from 'supertest';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { PAIR_ADMIN as ADMIN, Proc, ProcessPair, startPair } from '../support/app-process';
import { doctorBody } from '../support/factories';
import { connect, expectInvariants, Offered, publishRoster, TestClient, until } from './helpers';

describe('consults: two app processes on one database', () => {
  jest.setTimeout(180_000);
  let a: Proc | undefined;
  let b: Proc | undefined;
  let db: DataSource;
  let config: AppConfig;
  let pair: ProcessPair | undefined;
  const clock = new SystemClock();
  const clients: TestClient[] = [];

  const login = async (url: string, email: string, password: string) =>
    (await request(url).post('/api/auth/login').send({ email, password }).expect(200)).body
      .accessToken as string;

  async function doctorOn(adminToken: string): Promise<{ id: string; token: string }> {
    const body = doctorBody({ group: 'consult' });
    const res = await request(b!.url)
      .post('/api/doctors')
      .auth(adminToken, { type: 'bearer' })
      .send(body)
      .expect(201);
    const id = (res.body as { id: string }).id;
    await publishRoster({ db, config, clock }, [id]);
    return { id, token: await login(b!.url, body.email, body.password) };
  }

  beforeAll(async () => {
    // A runs no background jobs: every offer below is made by B's dispatcher and reaches A's socket through the adapter.
    pair = await startPair({ OFFER_TIMEOUT_SECONDS: '3' });
    ({ a, b, db, config } = pair);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await pair?.close();
  });

  it('a doctor on process A gets the offer for a consult created through process B; killed A, the offer expires and goes to a doctor on B', async () => {
    const admin = await login(b!.url, ADMIN.email, ADMIN.password);
    const first = await doctorOn(admin);
    const second = await doctorOn(admin);

    const onA = await connect(a!.url, first.token);
    clients.push(onA);
    await onA.setPresence('available');

    const created = await request(b!.url)
      .post('/api/consults')
      .auth(admin, { type: 'bearer' })
      .send({ callerPhone: '0889556655', reason: 'Fever for three days' })
      .expect(201);
    const offer = await onA.next<Offered>('consult:offered', 10_000);
    expect(offer.consult.id).toBe(created.body.id);
    const ack = await onA.emit('consult:accept', { offerId: offer.offerId });
    expect(ack).toMatchObject({ ok: true, consult: { callerPhone: '+84889556655' } });
    // completed through B; A's doctor is free again
    await request(b!.url)
      .post(`/api/consults/${created.body.id}/complete`)
      .auth(first.token, { type: 'bearer' })
      .send({ outcome: 'advised' })
      .expect(200);

    // second doctor, on B, became available after the first: the first is idle longer and gets the next offer
    const onB = await connect(b!.url, second.token);
    clients.push(onB);
    await onB.setPresence('available');
    await new Promise((r) => setTimeout(r, 50));
    const next = await request(b!.url)
      .post('/api/consults')
      .auth(admin, { type: 'bearer' })
      .send({ callerPhone: '0889556656', reason: 'Short of breath' })
      .expect(201);
    const offer2 = await onA.next<Offered>('consult:offered', 10_000);
    expect(offer2.consult.id).toBe(next.body.id);

    // process A dies while its doctor holds the offer
    a!.child.kill('SIGKILL');
    await until(() => a!.child.exitCode !== null || a!.child.signalCode !== null);
    const moved = await onB.next<Offered>('consult:offered', 15_000);
    expect(moved.consult.id).toBe(next.body.id);
    const [expired] = await db.query<{ status: string }[]>(
      `SELECT status FROM consult_offers WHERE id = $1`,
      [offer2.offerId],
    );
    expect(expired.status).toBe('expired');
    expect(await onB.emit('consult:accept', { offerId: moved.offerId })).toMatchObject({ ok: true });
    await expectInvariants(db);

    // and A's dead sockets are purged by B: the doctor it held turns away after the grace period
    await until(
      async () => {
        const rows = await db.query<{ status: string }[]>(
          `SELECT status FROM doctor_presence WHERE doctor_id = $1`,
          [first.id],
        );
        return rows[0]?.status === 'away';
      },
      40_000,
      250,
    );
  });
});
