import { DateTime } from 'luxon';
import { pairKey } from './roster-index';
import type { RosterAssignment, RosterDoctor, RosterInput, RosterWindow } from './solver.types';

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

/** Every (doctor, window) pair an input allows, for exhaustive searches. */
export function eligiblePairs(input: RosterInput): RosterAssignment[] {
  const keys = new Set(input.windows.map((w) => w.key));
  return input.doctors.flatMap((d) =>
    [...new Set(d.available)].filter((k) => keys.has(k)).map((windowKey) => ({ doctorId: d.id, windowKey })),
  );
}

/** (−covered, largest load, Σ load², −published kept, −preferred): smaller is better, compared in order. */
export function score(input: RosterInput, assignments: readonly RosterAssignment[]): number[] {
  const published = new Set((input.published ?? []).map((a) => pairKey(a.doctorId, a.windowKey)));
  const preferred = new Set(input.doctors.flatMap((d) => (d.preferred ?? []).map((k) => pairKey(d.id, k))));
  const load = new Map(input.doctors.map((d) => [d.id, 0]));
  let kept = 0;
  let liked = 0;
  for (const a of assignments) {
    load.set(a.doctorId, (load.get(a.doctorId) ?? 0) + 1);
    if (published.has(pairKey(a.doctorId, a.windowKey))) kept++;
    if (preferred.has(pairKey(a.doctorId, a.windowKey))) liked++;
  }
  const loads = [...load.values()];
  return [-assignments.length, Math.max(0, ...loads), loads.reduce((s, l) => s + l * l, 0), -kept, -liked];
}

/** The best score over every subset of the eligible pairs that `broken` does not refuse. */
export function bestByExhaustiveSearch(
  input: RosterInput,
  broken: (chosen: RosterAssignment[]) => boolean,
): number[] {
  const pairs = eligiblePairs(input);
  let best: number[] | null = null;
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const chosen = pairs.filter((_, i) => (mask >> i) & 1);
    if (broken(chosen)) continue;
    const s = score(input, chosen);
    if (best === null || lexLess(s, best)) best = s;
  }
  return best ?? [];
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
