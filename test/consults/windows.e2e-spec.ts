import { DateTime } from 'luxon';
import { ConsultJobs } from '../../src/consults/consult-jobs';
import { startTestApp, TestApp } from '../support/test-app';
import {
  availableDoctor,
  createConsult,
  expectInvariants,
  Offered,
  rosteredDoctor,
  TestClient,
} from './helpers';

/** Consult windows 09-11 only: nothing is offered outside a window; the queue drains when one opens. */
describe('consults: windows', () => {
  let app: TestApp;
  let coordinator: string;
  let jobs: ConsultJobs;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    app = await startTestApp({ CONSULT_WINDOWS: '09-11', BACKGROUND_JOBS: '0' });
    coordinator = await app.tokenFor('coordinator');
    jobs = app.server.app.get(ConsultJobs);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await app.close();
  });

  it('queues outside the window, offers FCFS to the longest idle as soon as the window opens, and stops when it closes', async () => {
    const zone = app.config.operationsTz;
    const today = DateTime.now().setZone(zone).startOf('day');
    app.clock.freeze(today.set({ hour: 8, minute: 30 }).toJSDate());
    const d1 = await rosteredDoctor(app);
    const d2 = await rosteredDoctor(app);
    const a = await availableDoctor(app, d1);
    app.clock.advance(60_000);
    const b = await availableDoctor(app, d2);
    clients.push(a, b);
    const first = await createConsult(app, coordinator);
    app.clock.advance(1000);
    const second = await createConsult(app, coordinator);
    app.clock.advance(1000);
    const third = await createConsult(app, coordinator);
    await jobs.tick();
    expect(a.all('consult:offered')).toHaveLength(0);
    expect(b.all('consult:offered')).toHaveLength(0);
    const before = await app.http
      .get('/api/consults/queue')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(before.body).toMatchObject({ queued: 3, offered: 0, doctorsAvailable: 0 });

    // 09:00: the window opens; the periodic pass drains the queue in arrival order, longest idle first
    app.clock.travelTo(today.set({ hour: 9 }).toJSDate());
    await jobs.tick();
    expect((await a.next<Offered>('consult:offered')).consult.id).toBe(first.id);
    expect((await b.next<Offered>('consult:offered')).consult.id).toBe(second.id);
    const during = await app.http
      .get('/api/consults/queue')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(during.body).toMatchObject({
      queued: 1,
      offered: 2,
      doctorsAvailable: 0,
      longestWaitSeconds: 29 * 60,
    });
    await expectInvariants(app.db);

    // 11:00: the window has closed: a declined consult waits for the next window
    app.clock.travelTo(today.set({ hour: 11, minute: 0, second: 1 }).toJSDate());
    const [offerA] = a.all<Offered>('consult:offered');
    expect(await a.emit('consult:decline', { offerId: offerA.offerId })).toMatchObject({ ok: true });
    await jobs.tick();
    expect(a.all('consult:offered')).toHaveLength(1);
    expect(b.all('consult:offered')).toHaveLength(1);
    const after = await app.http
      .get(`/api/consults/${third.id}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(after.body.status).toBe('queued');
    await expectInvariants(app.db);
  });
});
