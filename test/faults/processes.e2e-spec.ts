import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { INSTANCE_DEAD_AFTER_SECONDS } from '../../src/consults/presence.service';
import { connect, consultDoctorAt, expectInvariants, Offered, TestClient, until } from '../consults/helpers';
import { createTestDatabase } from '../support/database';
import { loginAt, Proc, PROCESS_ADMIN, processEnv, startProcess, stop } from '../support/processes';

/** Two real app processes on one database (Postgres adapter): retries across them, and one of them killed. */
describe('faults: two app processes, retries across them and one killed', () => {
  jest.setTimeout(240_000);
  let a: Proc | undefined;
  let b: Proc | undefined;
  let db: DataSource;
  let admin: string;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    const base = processEnv(databaseUrl, {
      // long enough that only the dead process's detection can move the offer on within the test
      OFFER_TIMEOUT_SECONDS: '120',
      SOCKET_ADAPTER: 'postgres',
      BACKGROUND_JOBS: '1',
    });
    b = await startProcess(base);
    a = await startProcess(base);
    db = new DataSource({ type: 'postgres', url: databaseUrl });
    await db.initialize();
    admin = await loginAt(b.url, PROCESS_ADMIN.email, PROCESS_ADMIN.password);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([stop(a), stop(b)]);
    await db?.destroy();
  });

  it('the same Idempotency-Key sent to both processes at once creates one consult', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request((i % 2 ? a : b)!.url)
          .post('/api/consults')
          .auth(admin, { type: 'bearer' })
          .set('Idempotency-Key', key)
          .send({ callerPhone: '0889556655', reason: 'Retried through two processes' }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const ids = new Set(answers.map((r) => (r.body as { id: string }).id));
    expect(ids.size).toBe(1);
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM consults WHERE reason = 'Retried through two processes'`,
    );
    expect(n).toBe(1);
    await request(a!.url)
      .post(`/api/consults/${[...ids][0]}/cancel`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
  });

  it('a killed process: its doctor stops counting and the pending offer moves to a doctor on the other process within seconds', async () => {
    const first = await consultDoctorAt(b!.url, admin, db);
    const second = await consultDoctorAt(b!.url, admin, db);
    const onA = await connect(a!.url, first.token);
    clients.push(onA);
    await onA.setPresence('available');
    const onB = await connect(b!.url, second.token);
    clients.push(onB);
    await new Promise((r) => setTimeout(r, 20));
    await onB.setPresence('available');

    const created = await request(b!.url)
      .post('/api/consults')
      .auth(admin, { type: 'bearer' })
      .send({ callerPhone: '0889556656', reason: 'Short of breath' })
      .expect(201);
    const offer = await onA.next<Offered>('consult:offered', 10_000);
    expect(offer.consult.id).toBe(created.body.id);

    a!.child.kill('SIGKILL');
    const killedAt = Date.now();
    const moved = await onB.next<Offered>('consult:offered', 20_000);
    const tookMs = Date.now() - killedAt;
    expect(moved.consult.id).toBe(created.body.id);
    // found by the missing heartbeat: the dead-after bound plus a sweep or two, not the 120 s offer timeout
    expect(tookMs).toBeLessThan((INSTANCE_DEAD_AFTER_SECONDS + 4) * 1000);
    const [old] = await db.query<{ status: string; reason: string }[]>(
      `SELECT status, reason FROM consult_offers WHERE id = $1`,
      [offer.offerId],
    );
    expect(old).toEqual({ status: 'revoked', reason: 'disconnected' });
    const sockets = await db.query<unknown[]>(`SELECT 1 FROM doctor_sockets WHERE doctor_id = $1`, [
      first.id,
    ]);
    expect(sockets).toHaveLength(0);
    expect(await onB.emit('consult:accept', { offerId: moved.offerId })).toMatchObject({ ok: true });
    await expectInvariants(db);
    await until(async () => {
      const rows = await db.query<unknown[]>(`SELECT 1 FROM realtime_instances`);
      return rows.length === 1;
    });
  });
});
