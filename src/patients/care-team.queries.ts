import type { EntityManager } from 'typeorm';
import { DoctorLoads } from './doctor-loads';

/**
 * "On shift" for the active care group at instant T: a published active_care roster assigns the
 * doctor a window with starts_at <= T < ends_at, and the doctor is active.
 */
const ON_SHIFT = `
  d.active AND d."group" = 'active_care' AND EXISTS (
    SELECT 1 FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id
    WHERE ra.doctor_id = d.id AND r.status = 'published' AND r."group" = 'active_care'
      AND ra.starts_at <= $1 AND ra.ends_at > $1)`;

/** Active care doctors on shift at `at`, each with their number of open follow-ups. */
export async function onShiftLoads(tx: EntityManager, at: Date): Promise<DoctorLoads> {
  const rows = await tx.query<{ id: string; load: number }[]>(
    `WITH on_shift AS (SELECT d.id FROM doctors d WHERE ${ON_SHIFT})
     SELECT o.id, coalesce(l.n, 0)::int AS load FROM on_shift o
     LEFT JOIN (SELECT f.doctor_id, count(*) AS n FROM follow_ups f
                WHERE f.status = 'open' AND f.doctor_id IN (SELECT id FROM on_shift) GROUP BY f.doctor_id) l ON l.doctor_id = o.id`,
    [at],
  );
  return new DoctorLoads(rows.map((r) => [r.id, r.load] as const));
}

/** Ids of the active care doctors on shift at `at`. */
export async function onShiftIds(tx: EntityManager, at: Date): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }[]>(`SELECT d.id FROM doctors d WHERE ${ON_SHIFT}`, [at]);
  return new Set(rows.map((r) => r.id));
}

export async function isOnShift(tx: EntityManager, doctorId: string, at: Date): Promise<boolean> {
  const rows = await tx.query<unknown[]>(`SELECT 1 FROM doctors d WHERE d.id = $2 AND ${ON_SHIFT}`, [
    at,
    doctorId,
  ]);
  return rows.length > 0;
}

/** Active care doctors, active, each with their number of patients under care (continuity of care). */
export async function careDoctorPatientLoads(tx: EntityManager, exclude?: string): Promise<DoctorLoads> {
  const rows = await tx.query<{ id: string; load: number }[]>(
    `SELECT d.id, (SELECT count(*) FROM patients p WHERE p.assigned_doctor_id = d.id AND p.status = 'under_care')::int AS load
     FROM doctors d WHERE d.active AND d."group" = 'active_care' AND d.id IS DISTINCT FROM $1`,
    [exclude ?? null],
  );
  return new DoctorLoads(rows.map((r) => [r.id, r.load] as const));
}

/** The active care doctor with the fewest patients under care; null when there is none. */
export async function leastLoadedCareDoctor(tx: EntityManager): Promise<string | null> {
  const rows = await tx.query<{ id: string }[]>(
    `SELECT d.id FROM doctors d
     WHERE d.active AND d."group" = 'active_care'
     ORDER BY (SELECT count(*) FROM patients p WHERE p.assigned_doctor_id = d.id AND p.status = 'under_care'), d.id
     LIMIT 1`,
  );
  return rows[0]?.id ?? null;
}
