import { DependencyStatus } from '../../src/common/faults/dependency-status';
import { until } from '../consults/helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { allowConnections, lockTable, refuseConnections, timed } from './helpers';

/** CONTRACT.md "Faults": the database away or a wait past its bound → a fast 503 with Retry-After, nothing written. */
const consult = (reason: string) => ({ callerPhone: '0889556655', reason });

async function countConsults(app: TestApp, reason: string): Promise<number> {
  const [{ n }] = await app.db.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM consults WHERE reason = $1`,
    [reason],
  );
  return n;
}

describe('faults: the database refuses connections', () => {
  let app: TestApp;
  beforeAll(async () => {
    // with the Postgres adapter, whose LISTEN connection is cut too: it must reconnect, not crash,
    // and give the dead connection back (else the app's close below would never return)
    app = await startTestApp({ SOCKET_ADAPTER: 'postgres' });
  });
  afterAll(async () => {
    await allowConnections(app.databaseUrl).catch(() => undefined);
    await app.close();
  });

  it('answers fast 503s with Retry-After, writes nothing, logs the outage once, and recovers without a restart', async () => {
    const dependencies = app.server.app.get(DependencyStatus);
    const logger = (dependencies as unknown as { log: { warn: (...a: unknown[]) => void } }).log;
    const warn = jest.spyOn(logger, 'warn');
    await app.http
      .post('/api/consults')
      .auth(app.adminToken, { type: 'bearer' })
      .send(consult('before'))
      .expect(201);

    await refuseConnections(app.databaseUrl);
    const { value: answers, ms } = await timed(() =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          app.http.post('/api/consults').auth(app.adminToken, { type: 'bearer' }).send(consult('during')),
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 503));
    for (const r of answers) {
      expect(r.headers['retry-after']).toMatch(/^\d+$/);
      expect(r.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    expect(ms).toBeLessThan(4000);
    const health = await timed(() => app.http.get('/api/health'));
    expect(health.value.status).toBe(503);
    expect(health.value.body.details.database.status).toBe('down');
    expect(health.ms).toBeLessThan(3000);
    // a read fails the same way (503, not 500)
    await app.http.get('/api/consults').auth(app.adminToken, { type: 'bearer' }).expect(503);
    for (let i = 0; i < 5; i++) await app.http.get('/api/health').expect(503);
    expect(dependencies.status('database')).toBe('down');
    // one line for the whole outage, not one per request or probe
    expect(warn.mock.calls.filter((c) => String(c[1]).includes('database unavailable'))).toHaveLength(1);

    await allowConnections(app.databaseUrl);
    await until(async () => (await app.http.get('/api/health')).status === 200, 10_000, 100);
    await app.http
      .post('/api/consults')
      .auth(app.adminToken, { type: 'bearer' })
      .send(consult('after'))
      .expect(201);
    expect(dependencies.status('database')).toBe('up');
    await until(() => dependencies.status('socket-broker') === 'up', 10_000, 100);
    expect(await countConsults(app, 'during')).toBe(0);
    expect(await countConsults(app, 'before')).toBe(1);
    expect(await countConsults(app, 'after')).toBe(1);
  });
});

describe('faults: a table lock held past the bound', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      DB_LOCK_TIMEOUT_MS: '1000',
      DB_ACQUIRE_TIMEOUT_MS: '1000',
      DB_POOL_SIZE: '4',
    });
  });
  afterAll(() => app.close());

  it('answers 503 with Retry-After within the bounds, and nothing is written when the lock goes', async () => {
    const lock = await lockTable(app.databaseUrl, 'consults');
    let released = false;
    try {
      // more requests than connections: some wait for the lock, the rest for a connection; all are bounded
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          timed(() =>
            app.http.post('/api/consults').auth(app.adminToken, { type: 'bearer' }).send(consult('locked')),
          ),
        ),
      );
      expect(answers.map((a) => a.value.status)).toEqual(answers.map(() => 503));
      for (const a of answers) {
        expect(a.value.headers['retry-after']).toMatch(/^\d+$/);
        expect(a.ms).toBeLessThan(5000);
      }
      // the service as a whole is alive: the health check has its own connection and only reads
      await app.http.get('/api/health').expect(200);
      await new Promise((r) => setTimeout(r, 1500));
      await lock.release();
      released = true;
    } finally {
      if (!released) await lock.release();
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(await countConsults(app, 'locked')).toBe(0);
    await app.http
      .post('/api/consults')
      .auth(app.adminToken, { type: 'bearer' })
      .send(consult('unlocked'))
      .expect(201);
    expect(await countConsults(app, 'unlocked')).toBe(1);
  });
});
