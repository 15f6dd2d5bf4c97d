import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { seedDemoData } from '../../src/database/seed/demo-seed';
import { startTestApp, TestApp } from '../support/test-app';

/** What the seed wrote, as one hash: equal hashes mean the same rows. */
async function fingerprint(app: TestApp): Promise<string> {
  const doctors = await app.db.query(`SELECT * FROM doctors ORDER BY id`);
  const availability = await app.db.query(
    `SELECT doctor_id, window_key FROM doctor_availability ORDER BY 1, 2`,
  );
  const users = await app.db.query(
    `SELECT email, role, doctor_id FROM users WHERE role <> 'admin' ORDER BY email`,
  );
  // The hotline's contacts received before today: what was received is fixed by the day (today's
  // and later steps depend on the time of the start, so they are left out).
  const contacts = await app.db.query(
    `SELECT c.channel, c.branch, c.category, c.caller_phone, c.caller_name, c.summary, c.district, c.ward, c.received_at,
       u.email AS operator
     FROM contacts c JOIN users u ON u.id = c.operator_id
     WHERE c.received_at < date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1
     ORDER BY c.received_at, c.summary, c.caller_phone`,
    [app.config.operationsTz],
  );
  const strip = doctors.map(({ created_at: _c, updated_at: _u, ...rest }: Record<string, unknown>) => rest);
  return createHash('sha256')
    .update(JSON.stringify([strip, availability, users, contacts]))
    .digest('hex');
}

describe('demo seed', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    // The app starts on an empty database and seeds it, as `npm start` does on a fresh machine.
    first = await startTestApp({ DEMO_SEED: 'on' });
    second = await startTestApp({ DEMO_SEED: 'on' });
    // two full demo seeds, one after the other: over a minute on a busy 2-core machine, several under heavy load
  }, 360_000);
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('seeds 300 doctors, two thirds consult and one third active care, with valid data', async () => {
    const groups = await first.db.query(
      `SELECT "group", count(*)::int AS n, min(years_of_experience) AS min_years FROM doctors GROUP BY 1 ORDER BY 1`,
    );
    expect(groups).toEqual([
      { group: 'active_care', n: 100, min_years: expect.any(Number) },
      { group: 'consult', n: 200, min_years: expect.any(Number) },
    ]);
    expect(groups[1].min_years).toBeGreaterThanOrEqual(5);
    const phones = await first.db.query(`SELECT phone FROM doctors`);
    for (const { phone } of phones) expect(parsePhoneNumberFromString(phone)?.isValid()).toBe(true);
    const logins = await first.db.query(`SELECT role, count(*)::int AS n FROM users GROUP BY 1 ORDER BY 1`);
    expect(logins).toEqual([
      { role: 'admin', n: 1 },
      { role: 'care_team', n: 1 },
      { role: 'coordinator', n: 1 },
      { role: 'district_officer', n: 12 },
      { role: 'doctor', n: 300 },
      { role: 'operator', n: 18 },
    ]);
  });

  it('gives availability for this week and next, in the configured windows', async () => {
    const range = await first.db.query(
      `SELECT min(date)::text AS a, max(date)::text AS b, count(*)::int AS n FROM doctor_availability`,
    );
    expect(range[0].n).toBeGreaterThan(300 * 5);
    const days = (Date.parse(range[0].b) - Date.parse(range[0].a)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(13);
    expect(new Date(range[0].a + 'T00:00:00Z').getUTCDay()).toBe(1); // a Monday
    const shifts = await first.db.query(
      `SELECT DISTINCT d."group", split_part(a.window_key, '/', 2) AS shift FROM doctor_availability a JOIN doctors d ON d.id = a.doctor_id ORDER BY 1, 2`,
    );
    expect(shifts).toEqual([
      { group: 'active_care', shift: '08-20' },
      { group: 'consult', shift: '09-11' },
      { group: 'consult', shift: '15-17' },
      { group: 'consult', shift: '19-21' },
    ]);
  });

  it('holds a day of hotline work: answered, forwarded and handled by the districts, some overdue', async () => {
    const coordinator = await first.login('coordinator@donghanh.local', first.demoPassword());
    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000).toLocaleDateString('en-CA', {
      timeZone: first.config.operationsTz,
    });
    const res = await first.http
      .get(`/api/stats/daily?from=${yesterday}&to=${yesterday}`)
      .auth(coordinator, { type: 'bearer' })
      .expect(200);
    const [day] = res.body as {
      contactsReceived: number;
      contactsResolved: number;
      contactsForwarded: number;
      contactsTransferred: number;
      forwardedHandled: number;
      forwardedOverdue: number;
      byBranch: Record<string, number>;
      byChannel: Record<string, number>;
    }[];
    expect(day.contactsReceived).toBeGreaterThanOrEqual(418);
    expect(day.contactsResolved).toBeGreaterThan(200);
    expect(day.contactsForwarded).toBeGreaterThan(70);
    expect(day.contactsTransferred).toBeGreaterThan(20);
    expect(day.forwardedHandled).toBeGreaterThan(50);
    expect(day.forwardedOverdue).toBeGreaterThan(0);
    expect(day.forwardedOverdue).toBeLessThan(day.contactsForwarded / 4);
    for (const branch of ['1', '2', '3', '4']) expect(day.byBranch[branch]).toBeGreaterThan(0);
    for (const channel of ['phone', 'zalo', 'web', 'sms']) expect(day.byChannel[channel]).toBeGreaterThan(0);
    // the busiest hours are 08-20
    const [hours] = await first.db.query<{ busy: number; all: number }[]>(
      `SELECT count(*) FILTER (WHERE extract(hour FROM received_at AT TIME ZONE $1) BETWEEN 8 AND 19)::int AS busy,
              count(*)::int AS all
       FROM contacts WHERE branch <> 3 AND (received_at AT TIME ZONE $1)::date = $2::date`,
      [first.config.operationsTz, yesterday],
    );
    expect(hours.busy / hours.all).toBeGreaterThan(0.7);
    // branch 3 calls are the demo consults, each linked
    const [linked] = await first.db.query<{ unlinked: number }[]>(
      `SELECT count(*)::int AS unlinked FROM contacts WHERE branch = 3 AND consult_id IS NULL`,
    );
    expect(linked.unlinked).toBe(0);
  });

  it('puts the 18 operators on a published roster of three shifts a day, at most 6 a shift', async () => {
    const shifts = await first.db.query<{ shift: string; most: number; people: number }[]>(
      `SELECT split_part(ra.window_key, '/', 2) AS shift, max(n)::int AS most, count(DISTINCT operator_id)::int AS people
       FROM (SELECT ra.*, count(*) OVER (PARTITION BY ra.window_key) AS n FROM roster_assignments ra) ra
       JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = 'operators'
       GROUP BY 1 ORDER BY 1`,
    );
    expect(shifts.map((s) => s.shift)).toEqual(['06-14', '14-22', '22-06']);
    for (const s of shifts) expect(s.most).toBe(6);
    const [{ n }] = await first.db.query<{ n: number }[]>(
      `SELECT count(DISTINCT operator_id)::int AS n FROM roster_assignments WHERE operator_id IS NOT NULL`,
    );
    expect(n).toBe(18);
  });

  it('gives the printed district officer their district’s reports only', async () => {
    const printed = first.server.logins.find((l) => l.role === 'district_officer');
    expect(printed?.email).toBe('canbo.caugiay@donghanh.local');
    const officer = await first.login(printed!.email, printed!.password);
    const res = await first.http.get('/api/contacts?limit=200').auth(officer, { type: 'bearer' }).expect(200);
    const list = res.body as { total: number; items: { forward: { district: string } | null }[] };
    expect(list.total).toBeGreaterThan(10);
    expect(list.items.every((c) => c.forward?.district === 'Cầu Giấy')).toBe(true);
  });

  it('is deterministic: two empty databases seeded the same day hold the same rows', async () => {
    expect(await fingerprint(first)).toBe(await fingerprint(second));
  });

  it('prints working demo logins for each role', async () => {
    const roles = first.server.logins.map((l) => l.role);
    expect(roles).toEqual(expect.arrayContaining(['coordinator', 'care_team', 'doctor']));
    for (const l of first.server.logins.filter((x) => x.role !== 'admin')) {
      await first.http.post('/api/auth/login').send({ email: l.email, password: l.password }).expect(200);
    }
  });

  it('gives the demo logins one random password per install, kept in the data folder (mode 0600)', () => {
    const password = first.demoPassword();
    expect(password).not.toBe(second.demoPassword());
    expect(password).not.toBe('donghanh-demo');
    expect(password.length).toBeGreaterThanOrEqual(12);
    const file = first.server.demoPasswordFile as string;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    const demo = first.server.logins.filter((l) => l.role !== 'admin');
    expect(demo.every((l) => l.password === password)).toBe(true);
  });

  it('does not seed twice', async () => {
    expect(await seedDemoData(first.db, first.config, new Date())).toBeNull();
  });
});
