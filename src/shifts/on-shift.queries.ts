import type { DataSource, EntityManager } from 'typeorm';
import { DOCTOR_GROUPS, type DoctorGroup } from '../common/groups';
import { one, rows } from '../common/sql';

/**
 * "Who is on shift" — the one definition, owned by shifts, that consults (who may take a call) and
 * patients (who gets a follow-up) compose into their own statements.
 *
 * SQL condition, true when doctor `doctorId` is on shift for `group` at instant `at`: the doctor is
 * active and in the group, and a published roster of the group assigns them a window with
 * starts_at <= at < ends_at. `doctorId` and `at` are SQL expressions (a column or a `$n` parameter).
 *
 * Each EXISTS is an index probe per candidate; `OFFSET 0` keeps PostgreSQL from turning them into joins,
 * so a caller walking doctors in some order and stopping at the first gets a cheap, stable plan.
 * The aliases are prefixed so they never shadow the caller's.
 */
export function onShiftSql(doctorId: string, group: DoctorGroup, at: string): string {
  if (!DOCTOR_GROUPS.includes(group)) throw new Error(`not a doctor group: ${String(group)}`);
  return `EXISTS (
    SELECT 1 FROM doctors on_shift_d
    WHERE on_shift_d.id = ${doctorId} AND on_shift_d."group" = '${group}' AND on_shift_d.active OFFSET 0)
  AND EXISTS (
    SELECT 1 FROM roster_assignments on_shift_ra JOIN rosters on_shift_r ON on_shift_r.id = on_shift_ra.roster_id
    WHERE on_shift_ra.doctor_id = ${doctorId} AND on_shift_r.status = 'published' AND on_shift_r."group" = '${group}'
      AND on_shift_ra.starts_at <= ${at} AND ${at} < on_shift_ra.ends_at
    OFFSET 0)`;
}

/** Ids of the doctors of `group` on shift at `at`. */
export async function doctorsOnShift(
  db: DataSource | EntityManager,
  group: DoctorGroup,
  at: Date,
): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    `SELECT d.id FROM doctors d WHERE ${onShiftSql('d.id', group, '$1')}`,
    [at],
  );
  return found.map((r) => r.id);
}

export async function isOnShift(
  db: DataSource | EntityManager,
  doctorId: string,
  group: DoctorGroup,
  at: Date,
): Promise<boolean> {
  return (await one(db, `SELECT 1 WHERE ${onShiftSql('$2', group, '$1')}`, [at, doctorId])) !== undefined;
}
