import { DateTime } from 'luxon';
import type { RosterAssignment, RosterDoctor, RosterWindow } from './solver.types';

/** Small builders for hand-made roster cases in tests. */

/** A window from its key, date and ISO week derived the way the windows module does. */
export function window(key: string, required: number): RosterWindow {
  const date = key.slice(0, 10);
  const week = DateTime.fromISO(date, { zone: 'utc' }).toFormat("kkkk-'W'WW");
  return { key, date, week, required };
}

export function doctor(
  id: string,
  available: readonly string[],
  caps: Partial<Pick<RosterDoctor, 'maxPerWeek' | 'maxPerDay' | 'preferred'>> = {},
): RosterDoctor {
  return {
    id,
    available,
    maxPerWeek: caps.maxPerWeek ?? 7,
    maxPerDay: caps.maxPerDay ?? 3,
    preferred: caps.preferred,
  };
}

export function pair(doctorId: string, windowKey: string): RosterAssignment {
  return { doctorId, windowKey };
}

/** Loads per doctor id of an assignment list (only doctors with at least one window). */
export function loads(assignments: readonly RosterAssignment[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of assignments) out[a.doctorId] = (out[a.doctorId] ?? 0) + 1;
  return out;
}
