import { createClient } from 'redis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';
import { loginAt, Proc, PROCESS_ADMIN, processEnv, startProcess, stop } from '../support/processes';
import { connect, consultDoctorAt, expectInvariants, Offered, TestClient, until } from './helpers';

/** Redis when TEST_REDIS_URL is set and answers; otherwise the Postgres adapter over the test database. */
async function adapterEnv(): Promise<Record<string, string>> {
  const url = process.env.TEST_REDIS_URL;
  if (url) {
    const client = createClient({ url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return { REDIS_URL: url };
    } catch {
      /* no Redis here: fall back */
    } finally {
      await client.quit().catch(() => undefined);
    }
  }
  return { SOCKET_ADAPTER: 'postgres' };
}

describe('consults: two app processes on one database', () => {
  jest.setTimeout(180_000);
  let a: Proc | undefined;
  let b: Proc | undefined;
  let db: DataSource;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    const base = processEnv(databaseUrl, { OFFER_TIMEOUT_SECONDS: '3', ...(await adapterEnv()) });
    // A runs no background jobs: every offer below is made by B's dispatcher and reaches A's socket through the adapter.
    // One after the other: two processes creating the first admin at the same instant race on its unique email.
    b = await startProcess({ ...base, BACKGROUND_JOBS: '1' });
    a = await startProcess({ ...base, BACKGROUND_JOBS: '0' });
    db = new DataSource({ type: 'postgres', url: databaseUrl });
    await db.initialize();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([stop(a), stop(b)]);
    await db?.destroy();
  });

  it('a doctor on process A gets the offer for a consult created through process B; killed A, the offer expires and goes to a doctor on B', async () => {
    const admin = await loginAt(b!.url, PROCESS_ADMIN.email, PROCESS_ADMIN.password);
    const first = await consultDoctorAt(b!.url, admin, db);
    const second = await consultDoctorAt(b!.url, admin, db);

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
