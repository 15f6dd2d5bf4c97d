import type { EntityManager } from 'typeorm';
import { doctorsOnShift, isOnShift as isDoctorOnShift, onShiftSql } from '../shifts';
import { DoctorLoads } from './doctor-loads';
import { rows } from '../common/sql';

/** "On shift" for the active care group at `$1`: the shifts domain's definition. */
const ON_SHIFT = onShiftSql('d.id', 'active_care', '$1');

/** Active care doctors on shift at `at`, each with their number of open follow-ups. */
export async function onShiftLoads(tx: EntityManager, at: Date): Promise<DoctorLoads> {
  const found = await rows<{ id: string; load: number }>(
    tx,
    `WITH on_shift AS (SELECT d.id FROM doctors d WHERE ${ON_SHIFT})
     SELECT o.id, coalesce(l.n, 0)::int AS load FROM on_shift o
     LEFT JOIN (SELECT f.doctor_id, count(*) AS n FROM follow_ups f
                WHERE f.status = 'open' AND f.doctor_id IN (SELECT id FROM on_shift) GROUP BY f.doctor_id) l ON l.doctor_id = o.id`,
    [at],
  );
  return new DoctorLoads(found.map((r) => [r.id, r.load] as const));
}

/** Ids of the active care doctors on shift at `at`. */
export async function onShiftIds(tx: EntityManager, at: Date): Promise<Set<string>> {
  return new Set(await doctorsOnShift(tx, 'active_care', at));
}

export const isOnShift = (tx: EntityManager, doctorId: string, at: Date): Promise<boolean> =>
  isDoctorOnShift(tx, doctorId, 'active_care', at);

/** Active care doctors, active, each with their number of patients under care (continuity of care). */
export async function careDoctorPatientLoads(tx: EntityManager, exclude?: string): Promise<DoctorLoads> {
  const found = await rows<{ id: string; load: number }>(
    tx,
    `SELECT d.id, (SELECT count(*) FROM patients p WHERE p.assigned_doctor_id = d.id AND p.status = 'under_care')::int AS load
     FROM doctors d WHERE d.active AND d."group" = 'active_care' AND d.id IS DISTINCT FROM $1`,
    [exclude ?? null],
  );
  return new DoctorLoads(found.map((r) => [r.id, r.load] as const));
}

/** The active care doctor with the fewest patients under care; null when there is none. */
export async function leastLoadedCareDoctor(tx: EntityManager): Promise<string | null> {
  const found = await rows<{ id: string }>(
    tx,
    `SELECT d.id FROM doctors d
     WHERE d.active AND d."group" = 'active_care'
     ORDER BY (SELECT count(*) FROM patients p WHERE p.assigned_doctor_id = d.id AND p.status = 'under_care'), d.id
     LIMIT 1`,
  );
  return found[0]?.id ?? null;
}
