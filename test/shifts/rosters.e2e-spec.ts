import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, RosterPublishedEvent } from '../../src/common/events';
import type { DemoDoctor } from '../../src/database/seed/demo-seed';
import { CoverService } from '../../src/shifts/cover.service';
import type { CoverRequestedEvent } from '../../src/common/events';
import { startTestApp, TestApp } from '../support/test-app';
import { auth, SEEDED_PASSWORD, seedDoctors } from './helpers';

interface Assignment {
  doctorId: string;
  windowKey: string;
}
interface Roster {
  id: string;
  group: string;
  from: string;
  to: string;
  status: string;
  assignments: Assignment[];
  coverage: { windowKey: string; required: number; assigned: number }[];
  unfilled: { windowKey: string; missing: number }[];
  stats: { required: number; assigned: number; minLoad: number; maxLoad: number };
}

const FROM = '2027-03-01'; // a Monday
const TO = '2027-03-07';
const REQUIRED = 10;

describe('rosters: generate, edit, publish, supersede', () => {
  let app: TestApp;
  let coordinator: string;
  let doctors: DemoDoctor[];
  const published: RosterPublishedEvent[] = [];

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0' });
    app.clock.travelTo('2027-02-24T00:00:00Z');
    doctors = await seedDoctors(app, { from: FROM, to: '2027-03-14' });
    coordinator = await app.tokenFor('coordinator');
    app.server.app
      .get(EventEmitter2)
      .on(DomainEvents.RosterPublished, (e: RosterPublishedEvent) => published.push(e));
    await app.http
      .put('/api/shifts/requirements')
      .set(auth(coordinator))
      .send({ group: 'consult', default: REQUIRED, overrides: {} })
      .expect(200);
  });
  afterAll(() => app.close());

  const assignmentsInDb = async (rosterId: string): Promise<Assignment[]> =>
    await app.db.query<Assignment[]>(
      `SELECT doctor_id AS "doctorId", window_key AS "windowKey" FROM roster_assignments WHERE roster_id = $1
        ORDER BY window_key COLLATE "C", doctor_id`,
      [rosterId],
    );

  const generate = async (group = 'consult', from = FROM, to = TO): Promise<Roster> =>
    (await app.http.post('/api/rosters').set(auth(coordinator)).send({ group, from, to }).expect(201))
      .body as Roster;

  /** Every hard constraint of CONTRACT.md, checked in SQL on the stored roster. */
  async function expectHardConstraintsHold(rosterId: string): Promise<void> {
    const [bad] = await app.db.query<Record<string, number>[]>(
      `SELECT
         (SELECT count(*)::int FROM roster_assignments ra JOIN doctors d ON d.id = ra.doctor_id JOIN rosters r ON r.id = ra.roster_id
           WHERE ra.roster_id = $1 AND (NOT d.active OR d."group" <> r."group")) AS wrong_doctor,
         (SELECT count(*)::int FROM roster_assignments ra
           WHERE ra.roster_id = $1 AND NOT EXISTS (SELECT 1 FROM doctor_availability a WHERE a.doctor_id = ra.doctor_id AND a.window_key = ra.window_key)) AS unavailable,
         (SELECT count(*)::int FROM (SELECT 1 FROM roster_assignments ra JOIN doctors d ON d.id = ra.doctor_id WHERE ra.roster_id = $1
           GROUP BY ra.doctor_id, ra.date, d.max_windows_per_day HAVING count(*) > d.max_windows_per_day) x) AS over_day,
         (SELECT count(*)::int FROM (SELECT 1 FROM roster_assignments ra JOIN doctors d ON d.id = ra.doctor_id WHERE ra.roster_id = $1
           GROUP BY ra.doctor_id, date_trunc('week', ra.date), d.max_windows_per_week HAVING count(*) > d.max_windows_per_week) x) AS over_week,
         (SELECT count(*)::int FROM (SELECT 1 FROM roster_assignments ra WHERE ra.roster_id = $1
           GROUP BY ra.window_key HAVING count(*) > $2) x) AS over_required`,
      [rosterId, REQUIRED],
    );
    expect(bad).toEqual({ wrong_doctor: 0, unavailable: 0, over_day: 0, over_week: 0, over_required: 0 });
  }

  let first: Roster;

  it('generates a week for 300 doctors: a draft in the contract shape, hard constraints kept, full coverage', async () => {
    first = await generate();
    expect(first).toEqual({
      id: expect.any(String),
      group: 'consult',
      from: FROM,
      to: TO,
      status: 'draft',
      assignments: expect.any(Array),
      coverage: expect.any(Array),
      unfilled: [],
      stats: {
        required: 21 * REQUIRED,
        assigned: 21 * REQUIRED,
        minLoad: expect.any(Number),
        maxLoad: expect.any(Number),
      },
    });
    expect(first.coverage).toHaveLength(21);
    expect(first.coverage[0]).toEqual({
      windowKey: '2027-03-01/09-11',
      required: REQUIRED,
      assigned: REQUIRED,
    });
    expect(first.assignments).toHaveLength(21 * REQUIRED);
    const consult = new Set(doctors.filter((d) => d.group === 'consult').map((d) => d.id));
    expect(first.assignments.every((a) => consult.has(a.doctorId))).toBe(true);
    expect(await assignmentsInDb(first.id)).toEqual(first.assignments);
    await expectHardConstraintsHold(first.id);
    // 210 places over 200 doctors: the fairest roster gives nobody more than 2
    expect(first.stats.maxLoad).toBeLessThanOrEqual(2);
    const got = (await app.http.get(`/api/rosters/${first.id}`).set(auth(coordinator)).expect(200))
      .body as Roster;
    expect(got).toEqual(first);
  });

  it('refuses an edit that breaks hard constraints with 409, listing them, and changes nothing', async () => {
    const before = await assignmentsInDb(first.id);
    const [unavailable] = await app.db.query<{ id: string }[]>(
      `SELECT d.id FROM doctors d WHERE d."group" = 'consult'
         AND NOT EXISTS (SELECT 1 FROM doctor_availability a WHERE a.doctor_id = d.id AND a.window_key = '2027-03-02/09-11')
       ORDER BY d.id LIMIT 1`,
    );
    const careDoctor = doctors.find((d) => d.group === 'active_care') as DemoDoctor;
    const [free] = await app.db.query<{ doctor_id: string }[]>(
      `SELECT a.doctor_id FROM doctor_availability a JOIN doctors d ON d.id = a.doctor_id
        WHERE a.window_key = '2027-03-03/15-17' AND d."group" = 'consult'
          AND NOT EXISTS (SELECT 1 FROM roster_assignments ra WHERE ra.roster_id = $1 AND ra.doctor_id = a.doctor_id AND ra.window_key = a.window_key)
        ORDER BY a.doctor_id LIMIT 1`,
      [first.id],
    );
    const res = await app.http
      .patch(`/api/rosters/${first.id}/assignments`)
      .set(auth(coordinator))
      .send({
        remove: [{ doctorId: careDoctor.id, windowKey: '2027-03-06/09-11' }],
        add: [
          { doctorId: unavailable.id, windowKey: '2027-03-02/09-11' },
          { doctorId: careDoctor.id, windowKey: '2027-03-02/15-17' },
          { doctorId: free.doctor_id, windowKey: '2027-03-03/15-17' },
          { doctorId: free.doctor_id, windowKey: '2027-03-20/09-11' },
        ],
      })
      .expect(409);
    const constraints = (res.body.violations as { constraint: string; doctorId: string }[]).map(
      (v) => v.constraint,
    );
    expect(constraints).toEqual(
      expect.arrayContaining([
        'not_assigned',
        'not_available',
        'unknown_doctor',
        'over_required',
        'unknown_window',
      ]),
    );
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(await assignmentsInDb(first.id)).toEqual(before);
  });

  it('applies a valid edit', async () => {
    const before = await assignmentsInDb(first.id);
    const gone = before[0];
    const res = await app.http
      .patch(`/api/rosters/${first.id}/assignments`)
      .set(auth(coordinator))
      .send({ remove: [gone], add: [] })
      .expect(200);
    expect(res.body.unfilled).toEqual([{ windowKey: gone.windowKey, missing: 1 }]);
    expect(await assignmentsInDb(first.id)).toEqual(before.slice(1));
    // put it back, so the published roster is whole
    await app.http
      .patch(`/api/rosters/${first.id}/assignments`)
      .set(auth(coordinator))
      .send({ add: [gone] })
      .expect(200);
    expect(await assignmentsInDb(first.id)).toEqual(before);
  });

  it('lets only coordinators and admins generate, and validates the body', async () => {
    const doctorToken = await app.login(doctors[0].email, SEEDED_PASSWORD);
    await app.http
      .post('/api/rosters')
      .set(auth(doctorToken))
      .send({ group: 'consult', from: FROM, to: TO })
      .expect(403);
    const bad = await app.http
      .post('/api/rosters')
      .set(auth(coordinator))
      .send({ group: 'x', from: '2027-02-30', to: TO, extra: 1 })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/group/);
    expect(JSON.stringify(bad.body.message)).toMatch(/from/);
    await app.http
      .post('/api/rosters')
      .set(auth(coordinator))
      .send({ group: 'consult', from: TO, to: FROM })
      .expect(400);
  });

  it('publishes: status published, every doctor on it hears their windows, the shifts view shows it', async () => {
    published.length = 0;
    const res = await app.http.post(`/api/rosters/${first.id}/publish`).set(auth(coordinator)).expect(200);
    expect(res.body).toMatchObject({ id: first.id, status: 'published', assignments: first.assignments });
    expect(published).toHaveLength(1);
    const byDoctor = new Map<string, string[]>();
    for (const a of first.assignments)
      byDoctor.set(a.doctorId, [...(byDoctor.get(a.doctorId) ?? []), a.windowKey]);
    expect(published[0].rosterId).toBe(first.id);
    expect(published[0].group).toBe('consult');
    expect(published[0].doctorWindows).toHaveLength(byDoctor.size);
    for (const dw of published[0].doctorWindows)
      expect(dw.windows.sort()).toEqual((byDoctor.get(dw.doctorId) ?? []).sort());
    await app.http.post(`/api/rosters/${first.id}/publish`).set(auth(coordinator)).expect(409);
    await app.http
      .patch(`/api/rosters/${first.id}/assignments`)
      .set(auth(coordinator))
      .send({ remove: [first.assignments[0]] })
      .expect(409);

    const windows = (
      await app.http
        .get(`/api/shifts/windows?group=consult&from=${FROM}&to=2027-03-01`)
        .set(auth(coordinator))
        .expect(200)
    ).body as {
      key: string;
      required: number;
      doctorIds: string[];
      startsAt: string;
      endsAt: string;
      group: string;
    }[];
    expect(windows.map((w) => w.key)).toEqual(['2027-03-01/09-11', '2027-03-01/15-17', '2027-03-01/19-21']);
    expect(windows[0]).toMatchObject({
      group: 'consult',
      required: REQUIRED,
      startsAt: '2027-03-01T02:00:00.000Z',
      endsAt: '2027-03-01T04:00:00.000Z',
    });
    expect(windows[0].doctorIds.sort()).toEqual(
      first.assignments
        .filter((a) => a.windowKey === '2027-03-01/09-11')
        .map((a) => a.doctorId)
        .sort(),
    );
  });

  let second: Roster;

  it('a re-solve with nothing changed changes nothing', async () => {
    const again = await generate();
    expect(again.assignments).toEqual(first.assignments);
  });

  it('re-publishing supersedes the old roster and notifies only the doctors whose windows changed', async () => {
    // one doctor on the roster drops a window; the re-solve must move that place to someone else
    const leaving = first.assignments.find((a) => a.windowKey === '2027-03-04/19-21') as Assignment;
    await app.db.query(`DELETE FROM doctor_availability WHERE doctor_id = $1 AND window_key = $2`, [
      leaving.doctorId,
      leaving.windowKey,
    ]);
    second = await generate();
    expect(second.unfilled).toEqual([]);
    const key = (a: Assignment) => `${a.doctorId} ${a.windowKey}`;
    const oldKeys = new Set(first.assignments.map(key));
    const newKeys = new Set(second.assignments.map(key));
    const changedDoctors = new Set(
      [
        ...first.assignments.filter((a) => !newKeys.has(key(a))),
        ...second.assignments.filter((a) => !oldKeys.has(key(a))),
      ].map((a) => a.doctorId),
    );
    expect(changedDoctors.has(leaving.doctorId)).toBe(true);
    // fewest changes: the solver keeps the published roster wherever it can
    expect(changedDoctors.size).toBeLessThanOrEqual(4);

    published.length = 0;
    await app.http.post(`/api/rosters/${second.id}/publish`).set(auth(coordinator)).expect(200);
    const rows = await app.db.query<{ id: string; status: string; superseded_at: Date | null }[]>(
      `SELECT id, status, superseded_at FROM rosters WHERE id = ANY($1::uuid[]) ORDER BY status`,
      [[first.id, second.id]],
    );
    expect(rows).toEqual([
      { id: second.id, status: 'published', superseded_at: null },
      { id: first.id, status: 'superseded', superseded_at: expect.any(Date) },
    ]);
    expect(published).toHaveLength(1);
    expect(new Set(published[0].doctorWindows.map((d) => d.doctorId))).toEqual(changedDoctors);
    const leaver = published[0].doctorWindows.find((d) => d.doctorId === leaving.doctorId);
    expect(leaver?.windows).not.toContain(leaving.windowKey);
    expect(
      (await app.http.get(`/api/rosters/${first.id}`).set(auth(coordinator)).expect(200)).body.status,
    ).toBe('superseded');
  });

  it('two concurrent publishes of overlapping drafts leave exactly one published roster', async () => {
    const a = await generate('consult', '2027-03-08', '2027-03-14');
    const b = await generate('consult', '2027-03-10', '2027-03-12');
    const c = await generate('consult', '2027-03-08', '2027-03-09');
    const results = await Promise.all(
      [a, b, c, a, b].map((r) => app.http.post(`/api/rosters/${r.id}/publish`).set(auth(coordinator))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const [{ overlaps }] = await app.db.query<{ overlaps: number }[]>(
      `SELECT count(*)::int AS overlaps FROM rosters x JOIN rosters y ON x.id < y.id AND x."group" = y."group"
        WHERE x.status = 'published' AND y.status = 'published' AND x.from_date <= y.to_date AND y.from_date <= x.to_date`,
    );
    expect(overlaps).toBe(0);
    const [{ n }] = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM rosters WHERE id = ANY($1::uuid[]) AND status = 'published'`,
      [[a.id, b.id, c.id]],
    );
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(2); // b and c do not overlap each other; a overlaps both
    // the first week's roster is untouched
    expect((await app.db.query(`SELECT status FROM rosters WHERE id = $1`, [second.id]))[0].status).toBe(
      'published',
    );
  });

  describe('cover requests', () => {
    const covered: CoverRequestedEvent[] = [];
    beforeAll(() => {
      app.server.app
        .get(EventEmitter2)
        .on(DomainEvents.CoverRequested, (e: CoverRequestedEvent) => covered.push(e));
    });

    it('a doctor on the published roster asks for cover; many accept at once; exactly one wins', async () => {
      const windowKey = '2027-03-02/15-17';
      const asker = second.assignments.find((a) => a.windowKey === windowKey) as Assignment;
      const askerDoctor = doctors.find((d) => d.id === asker.doctorId) as DemoDoctor;
      const askerToken = await app.login(askerDoctor.email, SEEDED_PASSWORD);
      // a doctor not on the window cannot ask
      const notOn = doctors.find(
        (d) =>
          d.group === 'consult' &&
          !second.assignments.some((a) => a.doctorId === d.id && a.windowKey === windowKey),
      ) as DemoDoctor;
      await app.http
        .post('/api/rosters/cover-requests')
        .set(auth(await app.login(notOn.email, SEEDED_PASSWORD)))
        .send({ windowKey })
        .expect(409);

      const created = await app.http
        .post('/api/rosters/cover-requests')
        .set(auth(askerToken))
        .send({ windowKey })
        .expect(201);
      expect(created.body).toMatchObject({
        windowKey,
        requestedBy: asker.doctorId,
        status: 'open',
        coveredBy: null,
        rosterId: second.id,
      });
      await app.http
        .post('/api/rosters/cover-requests')
        .set(auth(askerToken))
        .send({ windowKey })
        .expect(409);
      expect(covered).toHaveLength(1);
      const eligible = covered[0].eligibleDoctorIds;
      expect(eligible.length).toBeGreaterThan(5);
      expect(eligible).not.toContain(asker.doctorId);
      const onWindow = new Set(
        second.assignments.filter((a) => a.windowKey === windowKey).map((a) => a.doctorId),
      );
      expect(eligible.some((id) => onWindow.has(id))).toBe(false);

      // understaffed while it is open
      const short = await app.http
        .get(`/api/shifts/understaffed?group=consult&from=2027-03-02&to=2027-03-02`)
        .set(auth(coordinator))
        .expect(200);
      expect(short.body).toEqual([
        expect.objectContaining({
          key: windowKey,
          required: REQUIRED,
          assigned: REQUIRED - 1,
          missing: 1,
          openCoverRequestIds: [created.body.id],
        }),
      ]);

      const takers = eligible.slice(0, 16).map((id) => doctors.find((d) => d.id === id) as DemoDoctor);
      const tokens = await Promise.all(takers.map((d) => app.login(d.email, SEEDED_PASSWORD)));
      const careToken = await app.login(
        (doctors.find((d) => d.group === 'active_care') as DemoDoctor).email,
        SEEDED_PASSWORD,
      );
      // the open request is listed for a doctor who could take it, not for one who could not
      const listed = await app.http.get('/api/rosters/cover-requests').set(auth(tokens[0])).expect(200);
      expect(listed.body).toMatchObject({ total: 1, items: [{ id: created.body.id, status: 'open' }] });
      expect(
        (await app.http.get('/api/rosters/cover-requests').set(auth(careToken)).expect(200)).body.total,
      ).toBe(0);
      expect(
        (await app.http.get('/api/rosters/cover-requests').set(auth(askerToken)).expect(200)).body.items[0]
          .id,
      ).toBe(created.body.id);
      const open = await app.http
        .get('/api/rosters/cover-requests?status=open')
        .set(auth(coordinator))
        .expect(200);
      expect(open.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);

      const [own, care, ...answers] = await Promise.all([
        app.http.post(`/api/rosters/cover-requests/${created.body.id}/accept`).set(auth(askerToken)),
        app.http.post(`/api/rosters/cover-requests/${created.body.id}/accept`).set(auth(careToken)),
        ...tokens.map((t) =>
          app.http.post(`/api/rosters/cover-requests/${created.body.id}/accept`).set(auth(t)),
        ),
      ]);
      expect(own.status).toBe(409);
      expect(care.status).toBe(409);
      const winners = answers.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(takers.length - 1);
      const winner = winners[0].body.coveredBy as string;
      expect(winners[0].body).toMatchObject({ status: 'covered', coveredBy: winner });

      const [request] = await app.db.query<
        {
          status: string;
          covered_by: string;
        }[]
      >(`SELECT status, covered_by FROM cover_requests WHERE id = $1`, [created.body.id]);
      expect(request).toEqual({ status: 'covered', covered_by: winner });
      const onWindowNow = await app.db.query<{ doctor_id: string }[]>(
        `SELECT doctor_id FROM roster_assignments WHERE roster_id = $1 AND window_key = $2`,
        [second.id, windowKey],
      );
      expect(onWindowNow).toHaveLength(REQUIRED);
      expect(onWindowNow.map((r) => r.doctor_id)).toContain(winner);
      expect(onWindowNow.map((r) => r.doctor_id)).not.toContain(asker.doctorId);
      await expectHardConstraintsHold(second.id);
      // calendars follow: the asker's event is cancelled (same UID, next sequence), the winner's confirmed
      const calendar = await app.db.query<{ doctor_id: string; cancelled: boolean }[]>(
        `SELECT doctor_id, cancelled FROM calendar_events WHERE window_key = $1 AND doctor_id = ANY($2::uuid[]) ORDER BY cancelled`,
        [windowKey, [asker.doctorId, winner]],
      );
      expect(calendar).toEqual([
        { doctor_id: winner, cancelled: false },
        { doctor_id: asker.doctorId, cancelled: true },
      ]);
      const after = await app.http
        .get(`/api/shifts/understaffed?group=consult&from=2027-03-02&to=2027-03-02`)
        .set(auth(coordinator))
        .expect(200);
      expect(after.body).toEqual([]);
    });

    it('alerts coordinators once when a request is still open a set time before its window', async () => {
      const windowKey = '2027-03-03/09-11'; // 02:00Z
      const asker = second.assignments.find((a) => a.windowKey === windowKey) as Assignment;
      const token = await app.login(
        (doctors.find((d) => d.id === asker.doctorId) as DemoDoctor).email,
        SEEDED_PASSWORD,
      );
      const created = await app.http
        .post('/api/rosters/cover-requests')
        .set(auth(token))
        .send({ windowKey })
        .expect(201);
      const alerts: unknown[] = [];
      app.server.app.get(EventEmitter2).on(DomainEvents.CoverUnfilled, (e: unknown) => alerts.push(e));
      const cover = app.server.app.get(CoverService);
      app.clock.travelTo('2027-02-28T23:00:00Z'); // 3 h before: too early
      expect(await cover.alertUnfilled()).toEqual([]);
      app.clock.travelTo('2027-03-03T00:30:00Z'); // 1.5 h before
      const sent = await cover.alertUnfilled();
      expect(sent).toEqual([
        expect.objectContaining({
          coverRequestId: created.body.id,
          windowKey,
          requestedBy: asker.doctorId,
          minutesToStart: 90,
        }),
      ]);
      expect(alerts).toEqual([{ payload: sent[0] }]);
      expect(await cover.alertUnfilled()).toEqual([]);
      app.clock.travelTo('2027-02-24T00:00:00Z');
    });

    it('a new draft gives a window with an open request to someone else; an older draft keeps the request, which follows it', async () => {
      const [open] = await app.db.query<
        { id: string; requested_by: string; window_key: string; roster_id: string }[]
      >(`SELECT id, requested_by, window_key, roster_id FROM cover_requests WHERE status = 'open'`);
      expect(open.roster_id).toBe(second.id);
      // drafted before the next request: it keeps that doctor on their window
      const older = await generate();
      expect(older.assignments).not.toContainEqual({
        doctorId: open.requested_by,
        windowKey: open.window_key,
      });
      expect(older.unfilled).toEqual([]);
      const windowKey = '2027-03-05/19-21';
      const asker = older.assignments.find((a) => a.windowKey === windowKey) as Assignment;
      const askerToken = await app.login(
        (doctors.find((d) => d.id === asker.doctorId) as DemoDoctor).email,
        SEEDED_PASSWORD,
      );
      const request = await app.http
        .post('/api/rosters/cover-requests')
        .set(auth(askerToken))
        .send({ windowKey })
        .expect(201);
      const newer = await generate();
      expect(newer.assignments).not.toContainEqual(asker);
      expect(newer.unfilled).toEqual([]);

      await app.http.post(`/api/rosters/${older.id}/publish`).set(auth(coordinator)).expect(200);
      const states = await app.db.query<{ id: string; status: string; roster_id: string }[]>(
        `SELECT id, status, roster_id FROM cover_requests WHERE id = ANY($1::uuid[])`,
        [[open.id, request.body.id]],
      );
      expect(states).toEqual(
        expect.arrayContaining([
          { id: open.id, status: 'cancelled', roster_id: second.id }, // its doctor is off that window now
          { id: request.body.id, status: 'open', roster_id: older.id }, // followed the roster
        ]),
      );
      const eligible = await app.server.app.get(CoverService).eligibleDoctors('consult', windowKey);
      const taker = doctors.find((d) => d.id === eligible[0]) as DemoDoctor;
      const res = await app.http
        .post(`/api/rosters/cover-requests/${request.body.id}/accept`)
        .set(auth(await app.login(taker.email, SEEDED_PASSWORD)))
        .expect(200);
      expect(res.body).toMatchObject({ status: 'covered', coveredBy: taker.id, rosterId: older.id });
      const onWindow = await app.db.query<{ doctor_id: string }[]>(
        `SELECT doctor_id FROM roster_assignments WHERE roster_id = $1 AND window_key = $2`,
        [older.id, windowKey],
      );
      expect(onWindow.map((r) => r.doctor_id)).toContain(taker.id);
      expect(onWindow.map((r) => r.doctor_id)).not.toContain(asker.doctorId);
      await expectHardConstraintsHold(older.id);
    });

    it('the doctor who asked withdraws; a coordinator declines, or gives the window to a candidate', async () => {
      const onWindow = async (windowKey: string) =>
        (
          await app.db.query<{ doctor_id: string }[]>(
            `SELECT ra.doctor_id FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id
              WHERE r.status = 'published' AND r."group" = 'consult' AND ra.window_key = $1 ORDER BY ra.doctor_id`,
            [windowKey],
          )
        ).map((r) => r.doctor_id);
      const windowKey = '2027-03-04/15-17';
      const [askerId, secondId] = await onWindow(windowKey);
      const asker = doctors.find((d) => d.id === askerId) as DemoDoctor;
      const askerToken = await app.login(asker.email, SEEDED_PASSWORD);
      const ask = () =>
        app.http.post('/api/rosters/cover-requests').set(auth(askerToken)).send({ windowKey }).expect(201);
      const first = await ask();
      expect(first.body).toMatchObject({ requestedByName: asker.fullName, coveredByName: null });

      // only the doctor who asked may withdraw it (another doctor: 403 if they could take it, else 404)
      const otherToken = await app.login(
        (doctors.find((d) => d.id === secondId) as DemoDoctor).email,
        SEEDED_PASSWORD,
      );
      const refused = await app.http
        .post(`/api/rosters/cover-requests/${first.body.id}/cancel`)
        .set(auth(otherToken));
      expect([403, 404]).toContain(refused.status);
      const withdrawn = await app.http
        .post(`/api/rosters/cover-requests/${first.body.id}/cancel`)
        .set(auth(askerToken))
        .expect(200);
      expect(withdrawn.body).toMatchObject({ id: first.body.id, status: 'cancelled', coveredBy: null });
      await app.http
        .post(`/api/rosters/cover-requests/${first.body.id}/cancel`)
        .set(auth(askerToken))
        .expect(409);
      expect(await onWindow(windowKey)).toContain(askerId);

      // asked again; a coordinator lists the candidates and gives the window to one
      const again = await ask();
      await app.http
        .get(`/api/rosters/cover-requests/${again.body.id}/candidates`)
        .set(auth(askerToken))
        .expect(403);
      const candidates = await app.http
        .get(`/api/rosters/cover-requests/${again.body.id}/candidates`)
        .set(auth(coordinator))
        .expect(200);
      const eligible = await app.server.app.get(CoverService).eligibleDoctors('consult', windowKey);
      expect(candidates.body.map((c: { id: string }) => c.id).sort()).toEqual([...eligible].sort());
      const taker = candidates.body[0] as { id: string; fullName: string };
      expect(taker.fullName).toBe((doctors.find((d) => d.id === taker.id) as DemoDoctor).fullName);
      const assign = (doctorId: string) =>
        app.http
          .post(`/api/rosters/cover-requests/${again.body.id}/assign`)
          .set(auth(coordinator))
          .send({ doctorId });
      expect((await assign('not-a-uuid')).status).toBe(400);
      expect((await assign('00000000-0000-4000-8000-000000000999')).status).toBe(400);
      expect((await assign(askerId)).status).toBe(409);
      expect((await assign(secondId)).status).toBe(409); // already on the window
      await app.http
        .post(`/api/rosters/cover-requests/${again.body.id}/assign`)
        .set(auth(askerToken))
        .send({ doctorId: taker.id })
        .expect(403);
      const given = await assign(taker.id);
      expect(given.status).toBe(200);
      expect(given.body).toMatchObject({
        status: 'covered',
        coveredBy: taker.id,
        coveredByName: taker.fullName,
        requestedByName: asker.fullName,
      });
      const now = await onWindow(windowKey);
      expect(now).toContain(taker.id);
      expect(now).not.toContain(askerId);
      await app.http
        .post(`/api/rosters/cover-requests/${again.body.id}/cancel`)
        .set(auth(coordinator))
        .expect(409);

      // a coordinator declines an open request: it closes and the doctor keeps the window
      const third = await app.http
        .post('/api/rosters/cover-requests')
        .set(auth(otherToken))
        .send({ windowKey })
        .expect(201);
      const declined = await app.http
        .post(`/api/rosters/cover-requests/${third.body.id}/cancel`)
        .set(auth(coordinator))
        .expect(200);
      expect(declined.body.status).toBe('cancelled');
      expect(await onWindow(windowKey)).toContain(secondId);
    });
  });
});
