import { randomUUID } from 'node:crypto';
import { availableDoctor, createConsult, Offered, rosteredDoctor, TestClient } from '../consults/helpers';
import { startTestApp, TestApp } from '../support/test-app';

/** CONTRACT.md "Retries": Idempotency-Key on POST /api/consults; accepting one's own accepted offer again. */
describe('retries', () => {
  let app: TestApp;
  let coordinator: string;
  const clients: TestClient[] = [];
  const body = { callerPhone: '0889556655', reason: 'Fever for three days' };

  beforeAll(async () => {
    app = await startTestApp({ CONSULT_WINDOWS: '00-24' });
    coordinator = await app.tokenFor('coordinator');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await app.close();
  });

  const post = (token: string, key: string | undefined, send: Record<string, unknown> = body) => {
    const req = app.http.post('/api/consults').auth(token, { type: 'bearer' });
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(send);
  };
  const rowsWith = async (ids: string[]) =>
    (
      await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM consults WHERE id = ANY ($1::uuid[])`,
        [ids],
      )
    )[0].n;

  it('the same key from the same user returns the first answer and writes nothing more', async () => {
    const total = async () =>
      (await app.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM consults`))[0].n;
    const before = await total();
    const key = randomUUID();
    const first = await post(coordinator, key).expect(201);
    const again = await post(coordinator, key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await total()).toBe(before + 1);
  });

  it('concurrent duplicates wait for the first answer: one consult, every answer the same', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(coordinator, key)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const ids = new Set(answers.map((r) => (r.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(await rowsWith([...ids])).toBe(1);
  });

  it('without a key every request creates; another user with the same key gets their own consult', async () => {
    const a = await post(coordinator, undefined).expect(201);
    const b = await post(coordinator, undefined).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    const key = randomUUID();
    const mine = await post(coordinator, key).expect(201);
    const theirs = await post(app.adminToken, key).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('the same key with a different body is 422; a malformed key is 400 naming the header; a failed request keeps no key', async () => {
    const key = randomUUID();
    await post(coordinator, key).expect(201);
    const reused = await post(coordinator, key, { ...body, reason: 'Something else' }).expect(422);
    expect(reused.body.message).toMatch(/Idempotency-Key/);
    const bad = await post(coordinator, 'x'.repeat(256)).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/Idempotency-Key/);
    // a 400 rolls the key back with everything else: the corrected retry runs
    const retryKey = randomUUID();
    await post(coordinator, retryKey, { ...body, callerPhone: 'not a phone' }).expect(400);
    const ok = await post(coordinator, retryKey).expect(201);
    expect(ok.body.status).toBe('queued');
  });

  it('a key answers for 24 hours; after that it is a new request', async () => {
    const key = randomUUID();
    const first = await post(coordinator, key).expect(201);
    app.clock.advance(23 * 3600_000);
    expect((await post(coordinator, key).expect(201)).body.id).toBe(first.body.id);
    app.clock.advance(2 * 3600_000);
    expect((await post(coordinator, key).expect(201)).body.id).not.toBe(first.body.id);
    app.clock.travelTo(new Date());
  });

  it('the OpenAPI document names the header', async () => {
    const doc = await app.http.get('/api/docs-json').expect(200);
    const params = doc.body.paths['/api/consults'].post.parameters as { name: string; in: string }[];
    expect(params).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
  });

  it('accepting an offer one already accepted answers { ok: true, consult } again (HTTP and socket); another doctor still cannot', async () => {
    await app.db.query(
      `UPDATE consults SET status = 'cancelled', cancelled_at = now() WHERE status IN ('queued', 'offered')`,
    );
    const doctor = await rosteredDoctor(app);
    const other = await rosteredDoctor(app);
    const client = await availableDoctor(app, doctor);
    clients.push(client);
    const consult = await createConsult(app, coordinator);
    const offer = await client.next<Offered>('consult:offered');
    expect(offer.consult.id).toBe(consult.id);
    const first = await client.emit('consult:accept', { offerId: offer.offerId });
    expect(first).toMatchObject({
      ok: true,
      consult: { id: consult.id, status: 'assigned', callerPhone: '+84889556655' },
    });
    // the ack was "lost": the same doctor retries, over the socket and over HTTP
    const again = await client.emit('consult:accept', { offerId: offer.offerId });
    expect(again).toEqual(first);
    const http = await app.http
      .post(`/api/consults/offers/${offer.offerId}/accept`)
      .auth(doctor.token, { type: 'bearer' })
      .expect(200);
    expect(http.body.consult).toEqual(first.consult);
    await app.http
      .post(`/api/consults/offers/${offer.offerId}/accept`)
      .auth(other.token, { type: 'bearer' })
      .expect(404);
    const [{ n }] = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM consult_offers WHERE consult_id = $1 AND status = 'accepted'`,
      [consult.id],
    );
    expect(n).toBe(1);
    // a declined offer stays a conflict
    await app.http
      .post(`/api/consults/${consult.id}/complete`)
      .auth(doctor.token, { type: 'bearer' })
      .send({ outcome: 'advised' })
      .expect(200);
    const next = await createConsult(app, coordinator);
    const offer2 = await client.next<Offered>('consult:offered');
    expect(offer2.consult.id).toBe(next.id);
    expect(await client.emit('consult:decline', { offerId: offer2.offerId })).toMatchObject({ ok: true });
    expect(await client.emit('consult:accept', { offerId: offer2.offerId })).toMatchObject({
      ok: false,
      error: 'conflict',
    });
  });
});
