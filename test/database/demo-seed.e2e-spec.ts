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
  const strip = doctors.map(({ created_at: _c, updated_at: _u, ...rest }: Record<string, unknown>) => rest);
  return createHash('sha256')
    .update(JSON.stringify([strip, availability, users]))
    .digest('hex');
}

describe('demo seed', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    // The app starts on an empty database and seeds it, as `npm start` does on a fresh machine.
    first = await startTestApp({ DEMO_SEED: 'on' });
    second = await startTestApp({ DEMO_SEED: 'on' });
    // two full demo seeds, one after the other: over a minute on a busy 2-core machine
  }, 180_000);
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
      { role: 'doctor', n: 300 },
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
