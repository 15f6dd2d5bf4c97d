import type { DataSource, EntityManager } from 'typeorm';
import type { WindowInstance } from '../common/time/windows';
import { rows } from '../common/sql';

/**
 * doctor_availability: one window a doctor says they can work. The instants are kept beside the key
 * so queries compare instants.
 */

/** Replaces the doctor's windows dated `from`..`to` (inclusive) with `windows`. */
export async function replaceAvailability(
  tx: EntityManager,
  doctorId: string,
  from: string,
  to: string,
  windows: WindowInstance[],
): Promise<void> {
  await rows(tx, `DELETE FROM doctor_availability WHERE doctor_id = $1 AND date BETWEEN $2 AND $3`, [
    doctorId,
    from,
    to,
  ]);
  if (windows.length === 0) return;
  await rows(
    tx,
    `INSERT INTO doctor_availability (doctor_id, window_key, date, starts_at, ends_at)
     SELECT $1, k, d, s, e FROM unnest($2::text[], $3::date[], $4::timestamptz[], $5::timestamptz[]) AS t(k, d, s, e)`,
    [
      doctorId,
      windows.map((w) => w.key),
      windows.map((w) => w.date),
      windows.map((w) => w.startsAt),
      windows.map((w) => w.endsAt),
    ],
  );
}

/** The keys of the doctor's windows dated `from`..`to` (inclusive), earliest first. */
export async function availabilityKeys(
  db: DataSource | EntityManager,
  doctorId: string,
  from: string,
  to: string,
): Promise<string[]> {
  const found = await rows<{ window_key: string }>(
    db,
    `SELECT window_key FROM doctor_availability WHERE doctor_id = $1 AND date BETWEEN $2 AND $3 ORDER BY starts_at`,
    [doctorId, from, to],
  );
  return found.map((r) => r.window_key);
}
