import { DomainEvents } from '../../src/common/events';
import { OverdueReports } from '../../src/hotline/overdue-reports';
import { availableDoctor, connect, rosteredDoctor, type Offered, type TestClient } from '../consults/helpers';
import { hours, minutes, recordEvents } from '../patients/helpers';
import { startTestApp, type TestApp } from '../support/test-app';

interface Contact {
  id: string;
  status: string;
  branch: number;
  category: string;
  district: string;
  consultId: string | null;
  operatorId: string;
  transferredAt: string | null;
  receivedAt: string;
  forward: {
    district: string;
    ward: string | null;
    forwardedAt: string;
    forwardedBy: string;
    acknowledgedAt: string | null;
    officerId: string | null;
    handledAt: string | null;
    handledBy: string | null;
    result: string | null;
    overdue: 'ack' | 'done' | null;
  } | null;
  lastReturn: { returnedAt: string; returnedBy: string; reason: string } | null;
  steps?: { step: string; at: string; userId: string; detail: Record<string, unknown> }[];
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const messageOf = (body: { message?: string | string[] }) =>
  ([] as string[]).concat(body.message ?? []).join('; ');

const violation = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  branch: 4,
  category: 'gathering',
  callerPhone: '0912345678',
  callerName: 'Lê Văn Báo',
  summary: 'Tụ tập đông người trước cửa hàng tạp hoá',
  district: 'Cầu Giấy',
  ward: 'Dịch Vọng',
  address: '12 ngõ 5 Trần Thái Tông',
  ...over,
});

/** Hotline 1022 over real HTTP, PostgreSQL and sockets (CONTRACT.md "Hotline 1022"). */
describe('hotline contacts', () => {
  let app: TestApp;
  let operator: string;
  let coordinator: string;
  let cauGiay: string;
  let baDinh: string;
  let ids: Record<'operator' | 'cauGiay' | 'baDinh', string>;
  const clients: TestClient[] = [];

  const counts = async () =>
    (
      await app.db.query(
        `SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM contact_steps) AS steps,
                (SELECT count(*)::int FROM consults) AS consults`,
      )
    )[0] as { contacts: number; steps: number; consults: number };

  const create = async (body: Record<string, unknown>, token = operator): Promise<Contact> =>
    (await app.http.post('/api/contacts').set(bearer(token)).send(body).expect(201)).body as Contact;
  const act = (id: string, action: string, token: string, body: Record<string, unknown> = {}) =>
    app.http.post(`/api/contacts/${id}/${action}`).set(bearer(token)).send(body);
  const forwarded = async (district = 'Cầu Giấy', ward = 'Dịch Vọng'): Promise<Contact> => {
    const c = await create(violation({ district, ward }));
    return (await act(c.id, 'forward', operator, { district, ward }).expect(200)).body as Contact;
  };
  const meId = async (token: string) =>
    ((await app.http.get('/api/auth/me').set(bearer(token)).expect(200)).body as { id: string }).id;

  beforeAll(async () => {
    app = await startTestApp({
      CONSULT_WINDOWS: '00-24',
      BACKGROUND_JOBS: '0',
      FORWARD_ACK_HOURS: '1.5',
      FORWARD_DONE_HOURS: '24',
    });
    operator = await app.tokenFor('operator');
    coordinator = await app.tokenFor('coordinator');
    cauGiay = await app.tokenFor('district_officer', 'Cầu Giấy');
    baDinh = await app.tokenFor('district_officer', 'Ba Đình');
    ids = { operator: await meId(operator), cauGiay: await meId(cauGiay), baDinh: await meId(baDinh) };
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await app.close();
  });

  describe('recording', () => {
    it('branch 4 is received; branches 1 and 2 are transferred at once, with their steps', async () => {
      const four = await create(violation());
      expect(four).toMatchObject({
        status: 'received',
        branch: 4,
        operatorId: ids.operator,
        consultId: null,
        transferredAt: null,
        forward: null,
        callerPhone: '+84912345678',
      });
      for (const [branch, category, to] of [
        [1, 'emergency', '115'],
        [2, 'epidemiology', 'cdc'],
      ] as const) {
        const c = await create(violation({ branch, category, channel: 'zalo' }));
        expect(c).toMatchObject({ status: 'transferred', branch, category });
        expect(c.transferredAt).toBe(c.receivedAt);
        const read = (await app.http.get(`/api/contacts/${c.id}`).set(bearer(operator)).expect(200))
          .body as Contact;
        expect(read.steps?.map((s) => [s.step, s.userId, s.detail.to ?? null])).toEqual([
          ['received', ids.operator, null],
          ['transferred', ids.operator, to],
        ]);
      }
    });

    it('branch 3 queues a consult in the same transaction, offered to an available doctor as today', async () => {
      const doctor = await rosteredDoctor(app);
      const client = await availableDoctor(app, doctor);
      clients.push(client);
      app.clock.advance(1000);
      const c = await create(
        violation({
          branch: 3,
          category: 'medical',
          summary: 'Sốt 3 ngày, khó thở',
          callerPhone: '0889556655',
        }),
      );
      expect(c.status).toBe('received');
      expect(c.consultId).toEqual(expect.any(String));
      const offered = await client.next<Offered>('consult:offered');
      expect(offered.consult.id).toBe(c.consultId);
      expect(offered.consult.reason).toBe('Sốt 3 ngày, khó thở');
      client.close();
      await app.db.query(`UPDATE doctor_presence SET status = 'away'`);
    });

    it('an admin may backdate receivedAt; nobody may give a future one, an operator none at all', async () => {
      const at = '2021-08-19T01:30:00.000Z';
      const c = await create(violation({ receivedAt: at }), app.adminToken);
      expect(c.receivedAt).toBe(at);
      const before = await counts();
      const byOperator = await app.http
        .post('/api/contacts')
        .set(bearer(operator))
        .send(violation({ receivedAt: at }))
        .expect(400);
      expect(messageOf(byOperator.body)).toMatch(/receivedAt/);
      const future = new Date(app.clock.now().getTime() + hours(2)).toISOString();
      const late = await app.http
        .post('/api/contacts')
        .set(bearer(app.adminToken))
        .send(violation({ receivedAt: future }))
        .expect(400);
      expect(messageOf(late.body)).toMatch(/receivedAt/);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['an unknown channel', { channel: 'fax' }, /channel/],
      ['an unknown branch', { branch: 5 }, /branch/],
      ['a branch as text', { branch: '4' }, /branch/],
      ['an unknown category', { category: 'noise' }, /category/],
      ['a category of another branch', { category: 'medical' }, /category medical belongs to branch 3/],
      ['branch 1 with a branch-4 category', { branch: 1, category: 'no_mask' }, /category no_mask/],
      ['a district outside the list', { district: 'Quận 5', ward: undefined }, /district "Quận 5"/],
      ['a ward of another district', { ward: 'Phúc Xá' }, /ward "Phúc Xá" is not a ward of Cầu Giấy/],
      ['branch 3 without a phone', { branch: 3, category: 'medical', callerPhone: undefined }, /callerPhone/],
      ['a phone that is not Vietnamese', { callerPhone: '12' }, /callerPhone/],
      ['no summary', { summary: undefined }, /summary/],
      ['an unknown field', { priority: 'high' }, /priority/],
    ])('refuses %s: 400 naming it, nothing written', async (_, over, message) => {
      const before = await counts();
      const res = await app.http
        .post('/api/contacts')
        .set(bearer(operator))
        .send(violation(over))
        .expect(400);
      expect(messageOf(res.body)).toMatch(message);
      expect(await counts()).toEqual(before);
    });

    it('Idempotency-Key: a retry returns the first contact and writes nothing more', async () => {
      const key = `retry-${Date.now()}`;
      const body = violation({ branch: 3, category: 'medical' });
      const first = await app.http
        .post('/api/contacts')
        .set(bearer(operator))
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      const before = await counts();
      const again = await app.http
        .post('/api/contacts')
        .set(bearer(operator))
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(await counts()).toEqual(before);
      await app.http
        .post('/api/contacts')
        .set(bearer(operator))
        .set('Idempotency-Key', key)
        .send({ ...body, summary: 'something else' })
        .expect(422);
      expect(await counts()).toEqual(before);
    });
  });

  describe('the forwarding life cycle', () => {
    it('forward → the district officers hear it → acknowledge → handled, each step with when and who', async () => {
      const mine = await connect(app.url, cauGiay);
      const other = await connect(app.url, baDinh);
      const coord = await connect(app.url, coordinator);
      clients.push(mine, other, coord);
      const c = await create(violation());
      const f = (
        await act(c.id, 'forward', operator, { district: 'Cầu Giấy', ward: 'Dịch Vọng', note: 'gấp' }).expect(
          200,
        )
      ).body as Contact;
      expect(f.status).toBe('forwarded');
      expect(f.forward).toMatchObject({
        district: 'Cầu Giấy',
        ward: 'Dịch Vọng',
        forwardedBy: ids.operator,
        acknowledgedAt: null,
        overdue: null,
      });
      const heard = await mine.next<{ contactId: string; district: string; note: string }>(
        'report:forwarded',
      );
      expect(heard).toMatchObject({ contactId: c.id, district: 'Cầu Giấy', note: 'gấp' });
      // other districts' officers and coordinators are not in the room
      await new Promise((r) => setTimeout(r, 300));
      expect(other.all('report:forwarded')).toEqual([]);
      expect(coord.all('report:forwarded')).toEqual([]);

      const ack = (await act(c.id, 'acknowledge', cauGiay).expect(200)).body as Contact;
      expect(ack.status).toBe('in_progress');
      expect(ack.forward).toMatchObject({ officerId: ids.cauGiay, acknowledgedAt: expect.any(String) });
      const done = (
        await act(c.id, 'handled', cauGiay, { result: 'Đã giải tán, nhắc nhở 6 người' }).expect(200)
      ).body as Contact;
      expect(done.status).toBe('handled');
      expect(done.forward).toMatchObject({ handledBy: ids.cauGiay, result: 'Đã giải tán, nhắc nhở 6 người' });
      expect(done.steps?.map((s) => [s.step, s.userId])).toEqual([
        ['received', ids.operator],
        ['forwarded', ids.operator],
        ['acknowledged', ids.cauGiay],
        ['handled', ids.cauGiay],
      ]);
      const [audit] = await app.db.query(
        `SELECT count(*)::int AS n FROM patient_audit WHERE resource = 'contact' AND resource_id = $1 AND action = 'update'`,
        [c.id],
      );
      expect(audit.n).toBe(3);
    });

    it('return: back to received for the operators with the reason; it can be forwarded again', async () => {
      const f = await forwarded();
      const back = (await act(f.id, 'return', cauGiay, { reason: 'Không thuộc địa bàn' }).expect(200))
        .body as Contact;
      expect(back).toMatchObject({
        status: 'received',
        forward: null,
        lastReturn: { returnedBy: ids.cauGiay, reason: 'Không thuộc địa bàn' },
      });
      // no longer theirs
      await app.http.get(`/api/contacts/${f.id}`).set(bearer(cauGiay)).expect(404);
      const again = (await act(f.id, 'forward', operator, { district: 'Ba Đình' }).expect(200))
        .body as Contact;
      expect(again.forward).toMatchObject({ district: 'Ba Đình', ward: null });
      const ack = (await act(f.id, 'acknowledge', baDinh).expect(200)).body as Contact;
      const back2 = (await act(f.id, 'return', baDinh, { reason: 'Cần thêm địa chỉ' }).expect(200))
        .body as Contact;
      expect(back2.steps?.map((s) => s.step)).toEqual([
        'received',
        'forwarded',
        'returned',
        'forwarded',
        'acknowledged',
        'returned',
      ]);
      expect(ack.status).toBe('in_progress');
      await act(f.id, 'resolve', operator, { answer: 'Đã hướng dẫn người gọi' }).expect(200);
    });

    it.each([
      ['acknowledge a received contact', 'received', 'acknowledge', {}],
      ['handled a forwarded (unacknowledged) contact', 'forwarded', 'handled', { result: 'x' }],
      ['return a received contact', 'received', 'return', { reason: 'x' }],
      ['resolve a forwarded contact', 'forwarded', 'resolve', { answer: 'x' }],
      ['forward a forwarded contact', 'forwarded', 'forward', { district: 'Cầu Giấy' }],
      ['resolve a resolved contact', 'resolved', 'resolve', { answer: 'x' }],
      ['forward a transferred contact', 'transferred', 'forward', { district: 'Cầu Giấy' }],
      ['forward a branch-3 contact', 'branch3', 'forward', { district: 'Cầu Giấy' }],
      ['acknowledge an in_progress contact', 'in_progress', 'acknowledge', {}],
      ['return a handled contact', 'handled', 'return', { reason: 'x' }],
      ['handled a handled contact', 'handled', 'handled', { result: 'x' }],
    ])('409 for an illegal transition (%s), nothing written', async (_, state, action, body) => {
      let c: Contact;
      if (['forwarded', 'in_progress', 'handled'].includes(state)) {
        c = await forwarded();
        if (state !== 'forwarded') await act(c.id, 'acknowledge', cauGiay).expect(200);
        if (state === 'handled') await act(c.id, 'handled', cauGiay, { result: 'xong' }).expect(200);
      } else if (state === 'transferred') c = await create(violation({ branch: 1, category: 'emergency' }));
      else if (state === 'branch3') c = await create(violation({ branch: 3, category: 'medical' }));
      else {
        c = await create(violation());
        if (state === 'resolved') await act(c.id, 'resolve', operator, { answer: 'ok' }).expect(200);
      }
      const officerAction = ['acknowledge', 'handled', 'return'].includes(action);
      // an officer can only reach a contact forwarded to them: for the others, check as the coordinator's 404
      const token = officerAction ? cauGiay : operator;
      const before = await counts();
      const res = await act(c.id, action, token, body);
      if (officerAction && !['forwarded', 'in_progress', 'handled'].includes(state))
        expect(res.status).toBe(404);
      else {
        expect(res.status).toBe(409);
        expect(messageOf(res.body)).toMatch(/illegal transition/);
      }
      expect(await counts()).toEqual(before);
    });

    it('a forward to a district or ward outside the list is a 400 naming forward.district / forward.ward', async () => {
      const c = await create(violation());
      const before = await counts();
      const bad = await act(c.id, 'forward', operator, { district: 'Thủ Đức' }).expect(400);
      expect(messageOf(bad.body)).toMatch(/forward\.district "Thủ Đức"/);
      const badWard = await act(c.id, 'forward', operator, { district: 'Cầu Giấy', ward: 'Phúc Xá' }).expect(
        400,
      );
      expect(messageOf(badWard.body)).toMatch(/forward\.ward "Phúc Xá"/);
      await act(c.id, 'resolve', operator, {}).expect(400);
      expect(await counts()).toEqual(before);
      expect(
        ((await app.http.get(`/api/contacts/${c.id}`).set(bearer(operator))).body as Contact).status,
      ).toBe('received');
    });
  });

  describe('district officers see their own district only', () => {
    it('lists, reads and actions: another district’s report is 404 and never listed', async () => {
      const here = await forwarded('Cầu Giấy', 'Nghĩa Đô');
      const there = await forwarded('Ba Đình', 'Phúc Xá');
      const notForwarded = await create(violation());

      const list = async (token: string, query = '') =>
        (
          (await app.http.get(`/api/contacts?limit=200${query}`).set(bearer(token)).expect(200)).body as {
            items: Contact[];
            total: number;
          }
        ).items.map((c) => c.id);
      const mine = await list(cauGiay);
      expect(mine).toContain(here.id);
      expect(mine).not.toContain(there.id);
      expect(mine).not.toContain(notForwarded.id);
      const theirs = await list(baDinh);
      expect(theirs).toContain(there.id);
      expect(theirs).not.toContain(here.id);
      // a filter cannot widen the scope
      expect(await list(cauGiay, `&district=${encodeURIComponent('Ba Đình')}`)).toEqual([]);
      // coordinators and operators list all
      for (const token of [coordinator, operator]) {
        const all = await list(token);
        expect(all).toEqual(expect.arrayContaining([here.id, there.id, notForwarded.id]));
      }

      await app.http.get(`/api/contacts/${there.id}`).set(bearer(cauGiay)).expect(404);
      await app.http.get(`/api/contacts/${notForwarded.id}`).set(bearer(cauGiay)).expect(404);
      await app.http.get(`/api/contacts/${here.id}`).set(bearer(cauGiay)).expect(200);
      const before = await counts();
      await act(there.id, 'acknowledge', cauGiay).expect(404);
      await act(there.id, 'return', cauGiay, { reason: 'x' }).expect(404);
      expect(await counts()).toEqual(before);
      // officers record and route nothing
      await app.http.post('/api/contacts').set(bearer(cauGiay)).send(violation()).expect(403);
      await act(here.id, 'resolve', cauGiay, { answer: 'x' }).expect(403);
      // a refusal on contacts is in the audit trail, as on patient data
      const [denied] = await app.db.query(
        `SELECT count(*)::int AS n FROM patient_audit WHERE resource = 'contact' AND action = 'denied' AND resource_id = $1`,
        [here.id],
      );
      expect(denied.n).toBe(1);
    });

    it('filters: status, district, branch, category, from/to, paging', async () => {
      await create(violation({ receivedAt: '2021-08-20T02:00:00Z', category: 'no_mask' }), app.adminToken);
      await create(violation({ receivedAt: '2021-08-20T18:00:00Z', category: 'no_mask' }), app.adminToken);
      const get = async (q: string) =>
        (await app.http.get(`/api/contacts?${q}`).set(bearer(coordinator)).expect(200)).body as {
          items: Contact[];
          total: number;
          page: number;
          limit: number;
        };
      // 2021-08-20 in Asia/Ho_Chi_Minh is 2021-08-19T17:00Z to 2021-08-20T17:00Z
      const day = await get('from=2021-08-20&to=2021-08-20&category=no_mask');
      expect(day.items.map((c) => c.receivedAt)).toEqual(['2021-08-20T02:00:00.000Z']);
      const page = await get('branch=1&limit=1&page=1');
      expect(page).toMatchObject({ page: 1, limit: 1 });
      expect(page.items.every((c) => c.branch === 1)).toBe(true);
      expect((await get('status=handled')).items.every((c) => c.status === 'handled')).toBe(true);
      expect((await get(`district=${encodeURIComponent('Ba Đình')}`)).items.length).toBeGreaterThan(0);
      for (const q of [
        'status=open',
        'branch=7',
        'category=x',
        'from=yesterday',
        'overdue=maybe',
        'limit=500',
      ])
        await app.http.get(`/api/contacts?${q}`).set(bearer(coordinator)).expect(400);
    });
  });

  describe('overdue reports', () => {
    it('not acknowledged in FORWARD_ACK_HOURS, not handled in FORWARD_DONE_HOURS: report:overdue once per kind', async () => {
      const job = app.server.app.get(OverdueReports);
      await job.runPass(); // whatever earlier tests left
      app.clock.advance(hours(30));
      await job.runPass();
      const coord = await connect(app.url, coordinator);
      clients.push(coord);
      const events = recordEvents(app, [DomainEvents.ReportOverdue]);
      const c = await forwarded('Hoàng Mai', 'Định Công');
      const mine = (e: { event: unknown }) =>
        (e.event as { payload: { contactId: string } }).payload.contactId === c.id;

      app.clock.advance(hours(1.5) - minutes(1));
      expect(await job.runPass()).toBe(0);
      app.clock.advance(minutes(1));
      const overdue = (
        (await app.http.get('/api/contacts?overdue=true&limit=200').set(bearer(coordinator)).expect(200))
          .body as {
          items: Contact[];
        }
      ).items;
      expect(overdue.find((x) => x.id === c.id)?.forward?.overdue).toBe('ack');
      expect(await job.runPass()).toBe(1);
      expect(await job.runPass()).toBe(0);
      expect(events.filter(mine)).toHaveLength(1);
      const pushed = await coord.next<{ contactId: string; kind: string; district: string; dueAt: string }>(
        'report:overdue',
      );
      expect(pushed).toMatchObject({ contactId: c.id, kind: 'ack', district: 'Hoàng Mai' });
      expect(pushed.dueAt).toBe(
        new Date(new Date(c.forward!.forwardedAt).getTime() + hours(1.5)).toISOString(),
      );

      const officer = await app.tokenFor('district_officer', 'Hoàng Mai');
      await act(c.id, 'acknowledge', officer).expect(200);
      app.clock.advance(hours(24));
      expect(await job.runPass()).toBe(1);
      expect(await job.runPass()).toBe(0);
      expect(events.filter(mine).map((e) => (e.event as { payload: { kind: string } }).payload.kind)).toEqual(
        ['ack', 'done'],
      );
      const notOverdue = (
        (await app.http.get('/api/contacts?overdue=false&limit=200').set(bearer(coordinator)).expect(200))
          .body as {
          items: Contact[];
        }
      ).items;
      expect(notOverdue.map((x) => x.id)).not.toContain(c.id);
      // handled: no longer overdue
      await act(c.id, 'handled', officer, { result: 'xong' }).expect(200);
      const after = (await app.http.get(`/api/contacts/${c.id}`).set(bearer(coordinator)).expect(200))
        .body as Contact;
      expect(after.forward?.overdue).toBeNull();
    });
  });

  it('overdue passes running at once (as on several processes) report each forwarding once', async () => {
    const job = app.server.app.get(OverdueReports);
    app.clock.advance(hours(48));
    await job.runPass();
    const reports = await Promise.all([1, 2, 3, 4, 5, 6].map(() => forwarded('Đống Đa', 'Kim Liên')));
    const events = recordEvents(app, [DomainEvents.ReportOverdue]);
    app.clock.advance(hours(2));
    const sent = await Promise.all([job.runPass(), job.runPass(), job.runPass()]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(6);
    const ids = events.map((e) => (e.event as { payload: { contactId: string } }).payload.contactId);
    expect([...ids].sort()).toEqual(reports.map((r) => r.id).sort());
  });

  it('GET /api/areas: the 30 districts of Hanoi (2021) with their wards and official codes', async () => {
    const res = await app.http.get('/api/areas').set(bearer(cauGiay)).expect(200);
    const body = res.body as {
      province: string;
      source: string;
      districts: { code: string; name: string; wards: { code: string; name: string }[] }[];
    };
    expect(body.province).toBe('Hà Nội');
    expect(body.source).toMatch(/General Statistics Office/);
    expect(body.districts).toHaveLength(30);
    expect(body.districts.reduce((n, d) => n + d.wards.length, 0)).toBe(579);
    const cg = body.districts.find((d) => d.name === 'Cầu Giấy');
    expect(cg?.code).toBe('005');
    expect(cg?.wards.find((w) => w.name === 'Dịch Vọng')?.code).toBe('00166');
    await app.http.get('/api/areas').expect(401);
  });
});
