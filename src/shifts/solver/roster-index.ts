import type { RosterDoctor, RosterInput, RosterWindow } from './solver.types';

/** Plain code-unit order: the same on every machine and locale, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A cap or a requirement as a non-negative integer (NaN → 0, fractions round down, ∞ stays ∞). */
export function toCount(value: number): number {
  if (Number.isNaN(value) || value <= 0) return 0;
  return Math.floor(value);
}

/** The input sorted and keyed, so every consumer sees the same order whatever order it came in. */
export interface IndexedRoster {
  /** sorted by key */
  readonly windows: readonly RosterWindow[];
  readonly windowIndex: ReadonlyMap<string, number>;
  /** sorted by id */
  readonly doctors: readonly RosterDoctor[];
  readonly doctorIndex: ReadonlyMap<string, number>;
}

/**
 * Sorts and keys the input. A doctor id or window key given twice, or a date said to be in two
 * different weeks, is a caller bug (the caps would be ambiguous), so it throws.
 */
export function indexRoster(input: RosterInput): IndexedRoster {
  const windows = [...input.windows].sort((a, b) => compareText(a.key, b.key));
  const doctors = [...input.doctors].sort((a, b) => compareText(a.id, b.id));
  const windowIndex = new Map<string, number>();
  const weekOfDate = new Map<string, string>();
  windows.forEach((w, i) => {
    if (windowIndex.has(w.key)) throw new RangeError(`window ${w.key} is given twice`);
    windowIndex.set(w.key, i);
    const week = weekOfDate.get(w.date);
    if (week !== undefined && week !== w.week) {
      throw new RangeError(`date ${w.date} is given in two weeks (${week}, ${w.week})`);
    }
    weekOfDate.set(w.date, w.week);
  });
  const doctorIndex = new Map<string, number>();
  doctors.forEach((d, i) => {
    if (doctorIndex.has(d.id)) throw new RangeError(`doctor ${d.id} is given twice`);
    doctorIndex.set(d.id, i);
  });
  return { windows, windowIndex, doctors, doctorIndex };
}

/** Key of a (doctor, window) pair for sets; NUL cannot occur in an id or a window key. */
export function pairKey(doctorId: string, windowKey: string): string {
  return `${doctorId}\u0000${windowKey}`;
}
