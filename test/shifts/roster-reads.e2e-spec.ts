import { createDoctor, CreatedDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { auth } from './helpers';

const FROM = '2027-03-22';
const TO = '2027-03-28';

interface Summary {
  id: string;
  status: string;
  from: string;
  to: string;
}

/** The reads the roster screen tells the truth with: the week's rosters, who is available, deleting a draft. */
describe('rosters: the state of a week, availability, deleting a draft', () => {
  let app: TestApp;
  let coordinator: string;
  let a: CreatedDoctor;
  let b: CreatedDoctor;

  const list = async (from = FROM, to = TO) =>
    (
      await app.http
        .get('/api/rosters')
        .query({ group: 'consult', from, to })
        .set(auth(coordinator))
        .expect(200)
    ).body as Summary[];

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.travelTo('2027-03-01T00:00:00Z');
    coordinator = await app.tokenFor('coordinator');
    a = await createDoctor(app, { group: 'consult' });
    b = await createDoctor(app, { group: 'consult' });
    await app.http
      .put(`/api/doctors/${a.id}/availability`)
      .set(auth(a.token))
      .send({ from: FROM, to: TO, windows: [`${FROM}/09-11`, `${FROM}/15-17`] })
      .expect(200);
  });

  afterAll(async () => {
    await app.close();
  });

  it('a week with no roster lists none; a draft lists as draft; published lists as published, newest first', async () => {
    expect(await list()).toEqual([]);
    const first = await app.http
      .post('/api/rosters')
      .set(auth(coordinator))
      .send({ group: 'consult', from: FROM, to: TO })
      .expect(201);
    expect(await list()).toEqual([
      expect.objectContaining({ id: first.body.id, status: 'draft', from: FROM, to: TO, publishedAt: null }),
    ]);
    await app.http.post(`/api/rosters/${first.body.id}/publish`).set(auth(coordinator)).expect(200);
    const second = await app.http
      .post('/api/rosters')
      .set(auth(coordinator))
      .send({ group: 'consult', from: FROM, to: TO })
      .expect(201);
    expect((await list()).map((r) => [r.id, r.status])).toEqual([
      [second.body.id, 'draft'],
      [first.body.id, 'published'],
    ]);
    // another week, another group: nothing
    expect(await list('2027-03-29', '2027-04-04')).toEqual([]);
    const care = await app.http
      .get('/api/rosters')
      .query({ group: 'active_care', from: FROM, to: TO })
      .set(auth(coordinator))
      .expect(200);
    expect(care.body).toEqual([]);

    // deleting: the draft goes, the published one is history
    await app.http.delete(`/api/rosters/${second.body.id}`).set(auth(coordinator)).expect(204);
    await app.http.get(`/api/rosters/${second.body.id}`).set(auth(coordinator)).expect(404);
    await app.http.delete(`/api/rosters/${second.body.id}`).set(auth(coordinator)).expect(404);
    await app.http.delete(`/api/rosters/${first.body.id}`).set(auth(coordinator)).expect(409);
    expect((await list()).map((r) => r.status)).toEqual(['published']);
  });

  it('availability: each active person of the group with their windows in the range and their caps', async () => {
    const res = await app.http
      .get('/api/shifts/availability')
      .query({ group: 'consult', from: FROM, to: TO })
      .set(auth(coordinator))
      .expect(200);
    expect(res.body).toEqual([
      { id: a.id, maxWindowsPerWeek: 7, maxWindowsPerDay: 2, windows: [`${FROM}/09-11`, `${FROM}/15-17`] },
    ]);
    expect((res.body as { id: string }[]).map((p) => p.id)).not.toContain(b.id);
    await app.http
      .get('/api/shifts/availability')
      .query({ group: 'consult', from: TO, to: FROM })
      .set(auth(coordinator))
      .expect(400);
    await app.http
      .get('/api/shifts/availability')
      .query({ group: 'consult', from: FROM, to: TO })
      .set(auth(a.token))
      .expect(403);
  });
});
