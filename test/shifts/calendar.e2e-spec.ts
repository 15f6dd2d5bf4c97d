import { createDoctor, CreatedDoctor } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { auth } from './helpers';

/** A small iCalendar reader: unfolds lines and returns each VEVENT as a property map (with parameters kept in the name). */
function parseEvents(text: string): Record<string, string>[] {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.filter(Boolean).at(-1)).toBe('END:VCALENDAR');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current as Record<string, string>);
      current = null;
    } else if (current) {
      const at = line.indexOf(':');
      current[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return events;
}

const ZONE = 'Europe/Berlin'; // daylight saving starts on 2027-03-28
const FROM = '2027-03-22';
const TO = '2027-04-04';

describe('doctor shifts and calendars (across a daylight-saving change)', () => {
  let app: TestApp;
  let coordinator: string;
  let a: CreatedDoctor;
  let b: CreatedDoctor;

  const setAvailability = (d: CreatedDoctor, windows: string[]) =>
    app.http
      .put(`/api/doctors/${d.id}/availability`)
      .set(auth(coordinator))
      .send({ from: FROM, to: TO, windows })
      .expect(200);
  const rosterAndPublish = async () => {
    const roster = await app.http
      .post('/api/rosters')
      .set(auth(coordinator))
      .send({ group: 'consult', from: FROM, to: TO })
      .expect(201);
    await app.http.post(`/api/rosters/${roster.body.id}/publish`).set(auth(coordinator)).expect(200);
    return roster.body as { assignments: { doctorId: string; windowKey: string }[] };
  };

  beforeAll(async () => {
    app = await startTestApp({ BACKGROUND_JOBS: '0', OPERATIONS_TZ: ZONE });
    app.clock.travelTo('2027-03-01T00:00:00Z');
    coordinator = await app.tokenFor('coordinator');
    a = await createDoctor(app);
    b = await createDoctor(app);
    await app.http
      .put('/api/shifts/requirements')
      .set(auth(coordinator))
      .send({ group: 'consult', default: 1, overrides: {} })
      .expect(200);
    await setAvailability(a, ['2027-03-27/09-11', '2027-03-29/09-11', '2027-03-30/15-17']);
    await setAvailability(b, ['2027-03-27/15-17']);
    const roster = await rosterAndPublish();
    expect(roster.assignments).toHaveLength(4);
  });
  afterAll(() => app.close());

  it('shows a doctor their own shifts, with instants that follow the daylight-saving change', async () => {
    const res = await app.http
      .get(`/api/doctors/${a.id}/shifts?from=${FROM}&to=${TO}`)
      .set(auth(a.token))
      .expect(200);
    expect(
      res.body.windows.map((w: { windowKey: string; startsAt: string }) => [w.windowKey, w.startsAt]),
    ).toEqual([
      ['2027-03-27/09-11', '2027-03-27T08:00:00.000Z'],
      ['2027-03-29/09-11', '2027-03-29T07:00:00.000Z'],
      ['2027-03-30/15-17', '2027-03-30T13:00:00.000Z'],
    ]);
  });

  it('lets coordinators read any doctor, refuses another doctor (403), and answers 404/400/401 as it should', async () => {
    await app.http.get(`/api/doctors/${b.id}/shifts`).set(auth(coordinator)).expect(200);
    await app.http.get(`/api/doctors/${b.id}/shifts`).set(auth(a.token)).expect(403);
    await app.http.get(`/api/doctors/${b.id}/shifts.ics`).set(auth(a.token)).expect(403);
    await app.http.post(`/api/doctors/${b.id}/calendar-token`).set(auth(a.token)).expect(403);
    await app.http
      .get(`/api/doctors/00000000-0000-4000-8000-000000000999/shifts`)
      .set(auth(coordinator))
      .expect(404);
    await app.http.get(`/api/doctors/not-a-uuid/shifts`).set(auth(coordinator)).expect(400);
    await app.http.get(`/api/doctors/${a.id}/shifts.ics`).expect(401);
    await app.http.get(`/api/doctors/${a.id}/shifts?from=2027-13-01`).set(auth(a.token)).expect(400);
    const careTeam = await app.tokenFor('care_team');
    await app.http.get(`/api/doctors/${a.id}/shifts`).set(auth(careTeam)).expect(403);
  });

  it('serves an iCalendar feed with TZID local times, a VTIMEZONE with the change, stable UIDs', async () => {
    const res = await app.http
      .get(`/api/doctors/${a.id}/shifts.ics?from=${FROM}&to=${TO}`)
      .set(auth(a.token))
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toContain(`BEGIN:VTIMEZONE\r\nTZID:${ZONE}`);
    expect(res.text).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200',
    );
    const events = parseEvents(res.text);
    expect(
      events.map((e) => [e[`DTSTART;TZID=${ZONE}`], e[`DTEND;TZID=${ZONE}`], e.STATUS, e.SEQUENCE]),
    ).toEqual([
      ['20270327T090000', '20270327T110000', 'CONFIRMED', '0'],
      ['20270329T090000', '20270329T110000', 'CONFIRMED', '0'],
      ['20270330T150000', '20270330T170000', 'CONFIRMED', '0'],
    ]);
    expect(events.map((e) => e.UID)).toEqual([
      `${a.id}.2027-03-27T09-11@donghanh`,
      `${a.id}.2027-03-29T09-11@donghanh`,
      `${a.id}.2027-03-30T15-17@donghanh`,
    ]);
    expect(events.every((e) => /^\d{8}T\d{6}Z$/.test(e.DTSTAMP))).toBe(true);
    expect(res.text).not.toContain(a.email);
    // RFC 5545 §3.1: each line ends with CRLF (the last one too), none is longer than 75 octets
    expect(res.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(res.text).not.toMatch(/[^\r]\n|\r(?!\n)/);
    for (const line of res.text.slice(0, -2).split('\r\n'))
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('keeps the UID and raises SEQUENCE when a re-publish takes a window away, then gives it back', async () => {
    await setAvailability(a, ['2027-03-27/09-11', '2027-03-29/09-11']);
    await rosterAndPublish();
    let events = parseEvents(
      (await app.http.get(`/api/doctors/${a.id}/shifts.ics?from=${FROM}&to=${TO}`).set(auth(a.token))).text,
    );
    expect(events.map((e) => [e.UID, e.STATUS, e.SEQUENCE])).toEqual([
      [`${a.id}.2027-03-27T09-11@donghanh`, 'CONFIRMED', '0'],
      [`${a.id}.2027-03-29T09-11@donghanh`, 'CONFIRMED', '0'],
      [`${a.id}.2027-03-30T15-17@donghanh`, 'CANCELLED', '1'],
    ]);
    await setAvailability(a, ['2027-03-27/09-11', '2027-03-29/09-11', '2027-03-30/15-17']);
    await rosterAndPublish();
    events = parseEvents(
      (await app.http.get(`/api/doctors/${a.id}/shifts.ics?from=${FROM}&to=${TO}`).set(auth(a.token))).text,
    );
    expect(events.map((e) => [e.UID, e.STATUS, e.SEQUENCE])).toEqual([
      [`${a.id}.2027-03-27T09-11@donghanh`, 'CONFIRMED', '0'],
      [`${a.id}.2027-03-29T09-11@donghanh`, 'CONFIRMED', '0'],
      [`${a.id}.2027-03-30T15-17@donghanh`, 'CONFIRMED', '2'],
    ]);
  });

  it('gives a private feed URL that works without a token, is replaced by a new one, and can be revoked', async () => {
    const first = await app.http.post(`/api/doctors/${a.id}/calendar-token`).set(auth(a.token)).expect(201);
    const url1 = new URL(first.body.url as string);
    expect(url1.pathname).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
    const feed = await app.http.get(url1.pathname).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const authed = await app.http.get(`/api/doctors/${a.id}/shifts.ics`).set(auth(a.token)).expect(200);
    expect(feed.text).toBe(authed.text);
    expect(parseEvents(feed.text)).toHaveLength(3);

    const second = await app.http
      .post(`/api/doctors/${a.id}/calendar-token`)
      .set(auth(coordinator))
      .expect(201);
    const url2 = new URL(second.body.url as string);
    await app.http.get(url1.pathname).expect(404);
    await app.http.get(url2.pathname).expect(200);
    await app.http.delete(`/api/doctors/${a.id}/calendar-token`).set(auth(a.token)).expect(204);
    await app.http.get(url2.pathname).expect(404);
    const [{ n }] = await app.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM calendar_tokens`);
    expect(n).toBe(0);
  });
});
