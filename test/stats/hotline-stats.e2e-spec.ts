import { startTestApp, TestApp } from '../support/test-app';

const hours = (h: number) => h * 3_600_000;

/** The hotline's figures in GET /api/stats/daily (CONTRACT.md "Statistics"), contacts made through the API. */
describe('GET /api/stats/daily: the hotline', () => {
  let app: TestApp;
  let coordinator: string;
  let operator: string;
  let officer: string;

  const post = async (token: string, path: string, body: object, status = 201) =>
    (await app.http.post(path).auth(token, { type: 'bearer' }).send(body).expect(status)).body as {
      id: string;
      status: string;
    };
  /** An admin records a contact received earlier (an import); returns its id. */
  const received = async (receivedAt: string, fields: object) =>
    (
      await post(app.adminToken, '/api/contacts', {
        district: 'Cầu Giấy',
        ward: 'Dịch Vọng',
        summary: 'Người dân phản ánh',
        callerPhone: '0889556655',
        receivedAt,
        ...fields,
      })
    ).id;
  const transition = (token: string, id: string, step: string, body: object = {}) =>
    app.http.post(`/api/contacts/${id}/${step}`).auth(token, { type: 'bearer' }).send(body).expect(200);

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0', FORWARD_ACK_HOURS: '2', FORWARD_DONE_HOURS: '24' });
    coordinator = await app.tokenFor('coordinator');
    for (const [email, role, extra] of [
      ['operator@test.local', 'operator', {}],
      ['officer@test.local', 'district_officer', { district: 'Cầu Giấy' }],
    ] as const) {
      await post(app.adminToken, '/api/users', {
        email,
        password: 'staff-password-1',
        fullName: `Test ${role}`,
        role,
        ...extra,
      });
    }
    operator = await app.login('operator@test.local', 'staff-password-1');
    officer = await app.login('officer@test.local', 'staff-password-1');

    // Hanoi is UTC+7: 16:59Z on the 19th is 23:59 on the 19th there, 17:01Z is 00:01 on the 20th.
    app.clock.freeze('2026-11-21T01:00:00Z');
    const lateOn19th = await received('2026-11-19T16:59:00Z', {
      channel: 'phone',
      branch: 4,
      category: 'gathering',
    });
    const answered = await received('2026-11-19T17:01:00Z', {
      channel: 'zalo',
      branch: 4,
      category: 'travel_procedures',
    });
    await received('2026-11-20T03:00:00Z', { channel: 'sms', branch: 1, category: 'emergency' });
    await received('2026-11-20T04:00:00Z', { channel: 'web', branch: 3, category: 'medical' });
    const handledInTime = await received('2026-11-20T05:00:00Z', {
      channel: 'phone',
      branch: 4,
      category: 'no_mask',
    });
    const handledLate = await received('2026-11-20T06:00:00Z', {
      channel: 'phone',
      branch: 4,
      category: 'gathering',
    });
    await received('2026-11-20T16:59:59Z', { channel: 'phone', branch: 2, category: 'epidemiology' });
    const returned = await received('2026-11-20T08:00:00Z', {
      channel: 'phone',
      branch: 4,
      category: 'outdoor_exercise',
    });
    // A contact of the 21st (local) is not on the 20th.
    await received('2026-11-20T17:00:00Z', { channel: 'phone', branch: 4, category: 'support_policy' });

    await transition(operator, answered, 'resolve', { answer: 'Cần giấy đi đường của phường' });
    for (const id of [lateOn19th, handledInTime, handledLate, returned]) {
      await transition(operator, id, 'forward', { district: 'Cầu Giấy', ward: 'Dịch Vọng' });
    }
    await transition(officer, handledInTime, 'acknowledge');
    await transition(officer, handledInTime, 'handled', { result: 'Đã nhắc nhở' });
    await transition(officer, returned, 'return', { reason: 'Không thuộc địa bàn' });
    // Three hours on: the late one is acknowledged past FORWARD_ACK_HOURS, then handled; the 19th's
    // report is still not acknowledged.
    app.clock.advance(hours(3));
    await transition(officer, handledLate, 'acknowledge');
    await transition(officer, handledLate, 'handled', { result: 'Đã giải tán' });
  });
  afterAll(() => app.close());

  const branches = (b: Record<string, number>) => ({ '1': 0, '2': 0, '3': 0, '4': 0, ...b });
  const channels = (c: Record<string, number>) => ({ phone: 0, zalo: 0, web: 0, sms: 0, ...c });

  it('counts each contact on the local date it was received, around midnight in OPERATIONS_TZ', async () => {
    const res = await app.http
      .get('/api/stats/daily?from=2026-11-19&to=2026-11-21')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    const [d19, d20, d21] = res.body as Record<string, unknown>[];
    expect(d19).toMatchObject({
      date: '2026-11-19',
      contactsReceived: 1,
      contactsResolved: 0,
      contactsForwarded: 1,
      contactsTransferred: 0,
      byBranch: branches({ '4': 1 }),
      byChannel: channels({ phone: 1 }),
      forwardedHandled: 0,
      forwardedOverdue: 1, // not acknowledged within 2 h
    });
    expect((d19.byCategory as Record<string, number>).gathering).toBe(1);
    expect(d20).toMatchObject({
      date: '2026-11-20',
      contactsReceived: 7,
      contactsResolved: 1,
      contactsForwarded: 2, // the returned one is back with the operators
      contactsTransferred: 2,
      byBranch: branches({ '1': 1, '2': 1, '3': 1, '4': 4 }),
      byChannel: channels({ phone: 4, zalo: 1, web: 1, sms: 1 }),
      forwardedHandled: 2,
      forwardedOverdue: 1, // acknowledged 3 h after forwarding, though handled since
    });
    expect(d20.byCategory).toMatchObject({
      gathering: 1,
      no_mask: 1,
      outdoor_exercise: 1,
      travel_procedures: 1,
      emergency: 1,
      epidemiology: 1,
      medical: 1,
      support_policy: 0,
      vaccination_registration: 0,
    });
    expect(d21).toMatchObject({ date: '2026-11-21', contactsReceived: 1, contactsForwarded: 0 });
  });

  it('answers every key of byBranch, byCategory and byChannel with 0 on a day without contacts', async () => {
    const res = await app.http
      .get('/api/stats/daily?from=2026-11-10&to=2026-11-10')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    const [day] = res.body as Record<string, unknown>[];
    expect(day).toMatchObject({
      contactsReceived: 0,
      contactsResolved: 0,
      contactsForwarded: 0,
      contactsTransferred: 0,
      byBranch: branches({}),
      byChannel: channels({}),
      forwardedHandled: 0,
      forwardedOverdue: 0,
    });
    expect(Object.values(day.byCategory as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(Object.keys(day.byCategory as object)).toHaveLength(13);
  });

  it('gives the hotline hour by hour on the local day, adding up to the daily figures', async () => {
    const res = await app.http
      .get('/api/stats/hourly?date=2026-11-20')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    type Hour = Record<
      'contactsReceived' | 'contactsResolved' | 'contactsForwarded' | 'contactsTransferred',
      number
    >;
    const hoursOf = res.body.hours as (Hour & { label: string })[];
    const at = (label: string) => hoursOf.find((h) => h.label === label);
    expect(at('00:00')).toMatchObject({ contactsReceived: 1, contactsResolved: 1 });
    expect(at('10:00')).toMatchObject({ contactsReceived: 1, contactsTransferred: 1 });
    expect(at('12:00')).toMatchObject({ contactsReceived: 1, contactsForwarded: 1 });
    expect(at('15:00')).toMatchObject({ contactsReceived: 1, contactsForwarded: 0 }); // returned
    expect(at('23:00')).toMatchObject({ contactsReceived: 1, contactsTransferred: 1 }); // 16:59:59Z
    const [daily] = (
      await app.http
        .get('/api/stats/daily?from=2026-11-20&to=2026-11-20')
        .auth(coordinator, { type: 'bearer' })
        .expect(200)
    ).body as Hour[];
    for (const k of [
      'contactsReceived',
      'contactsResolved',
      'contactsForwarded',
      'contactsTransferred',
    ] as const)
      expect(hoursOf.reduce((n, h) => n + h[k], 0)).toBe(daily[k]);
  });

  it('moves a report into forwardedOverdue once its deadline passes, and not before', async () => {
    const res = await app.http
      .get('/api/stats/daily?from=2026-11-20&to=2026-11-20')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(res.body[0].forwardedOverdue).toBe(1);
    // Forwarded now and left alone: overdue only after FORWARD_ACK_HOURS.
    const id = await received('2026-11-20T09:00:00Z', { channel: 'web', branch: 4, category: 'no_mask' });
    await transition(operator, id, 'forward', { district: 'Cầu Giấy' });
    app.clock.advance(hours(2) - 60_000);
    const before = await app.http
      .get('/api/stats/daily?from=2026-11-20&to=2026-11-20')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(before.body[0].forwardedOverdue).toBe(1);
    app.clock.advance(120_000);
    const after = await app.http
      .get('/api/stats/daily?from=2026-11-20&to=2026-11-20')
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    expect(after.body[0].forwardedOverdue).toBe(2);
    expect(after.body[0].contactsForwarded).toBe(3);
  });
});
