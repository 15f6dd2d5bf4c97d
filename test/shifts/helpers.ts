import { hashPassword } from '../../src/auth/passwords';
import { SeededRandom } from '../../src/common/random';
import { DemoDoctor, demoDoctors } from '../../src/database/seed/demo-seed';
import { windowsBetween } from '../../src/shifts/windows';
import type { TestApp } from '../support/test-app';

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The password of every doctor `seedDoctors` inserts. */
export const SEEDED_PASSWORD = 'seeded-doctor-password';

/**
 * The 300 demo doctors (ids …001–…300; every third is active care), inserted with SQL in a few
 * statements, each with a login (password SEEDED_PASSWORD) and availability for a share of the
 * windows of their group between `from` and `to`. Repeatable for a seed.
 */
export async function seedDoctors(
  app: TestApp,
  opts: { from: string; to: string; share?: number; seed?: number; maxPerWeek?: number; maxPerDay?: number },
): Promise<DemoDoctor[]> {
  const doctors = demoDoctors();
  const hash = await hashPassword(SEEDED_PASSWORD);
  const rnd = new SeededRandom(opts.seed ?? 7);
  await app.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO doctors (id, full_name, phone, email, specialty, years_of_experience, "group", languages, max_windows_per_week, max_windows_per_day)
       SELECT id, n, p, e, s, y, g, '{vi}', $9, $10
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[]) AS t(id, n, p, e, s, y, g, x)`,
      [
        doctors.map((d) => d.id),
        doctors.map((d) => d.fullName),
        doctors.map((d) => d.phone),
        doctors.map((d) => d.email),
        doctors.map((d) => d.specialty),
        doctors.map((d) => d.yearsOfExperience),
        doctors.map((d) => d.group),
        doctors.map(() => ''),
        opts.maxPerWeek ?? 7,
        opts.maxPerDay ?? 2,
      ],
    );
    await tx.query(
      `INSERT INTO users (email, password_hash, full_name, role, doctor_id)
       SELECT e, $3, n, 'doctor', id FROM unnest($1::uuid[], $2::text[], $4::text[]) AS t(id, e, n)`,
      [doctors.map((d) => d.id), doctors.map((d) => d.email), hash, doctors.map((d) => d.fullName)],
    );
    const rows: { id: string; key: string; date: string; s: Date; e: Date }[] = [];
    for (const d of doctors) {
      const share = opts.share ?? 0.35 + rnd.next() * 0.45;
      for (const w of windowsBetween(
        opts.from,
        opts.to,
        app.config.shiftsFor(d.group),
        app.config.operationsTz,
      )) {
        if (rnd.chance(share)) rows.push({ id: d.id, key: w.key, date: w.date, s: w.startsAt, e: w.endsAt });
      }
    }
    await tx.query(
      `INSERT INTO doctor_availability (doctor_id, window_key, date, starts_at, ends_at)
       SELECT d, k, dt::date, s, e FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(d, k, dt, s, e)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.key),
        rows.map((r) => r.date),
        rows.map((r) => r.s),
        rows.map((r) => r.e),
      ],
    );
  });
  return doctors;
}

export async function demoLogin(app: TestApp, doctor: { email: string }): Promise<string> {
  return app.login(doctor.email, SEEDED_PASSWORD);
}

/** Sets a doctor's availability to exactly these windows, through SQL (the test's own arrangement). */
export async function setAvailability(
  app: TestApp,
  doctorId: string,
  group: 'consult' | 'active_care',
  from: string,
  to: string,
  keys: string[],
) {
  const windows = windowsBetween(from, to, app.config.shiftsFor(group), app.config.operationsTz).filter((w) =>
    keys.includes(w.key),
  );
  await app.db.query(`DELETE FROM doctor_availability WHERE doctor_id = $1 AND date BETWEEN $2 AND $3`, [
    doctorId,
    from,
    to,
  ]);
  for (const w of windows) {
    await app.db.query(
      `INSERT INTO doctor_availability (doctor_id, window_key, date, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)`,
      [doctorId, w.key, w.date, w.startsAt, w.endsAt],
    );
  }
}
