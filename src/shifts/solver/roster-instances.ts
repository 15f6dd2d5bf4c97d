import { DateTime } from 'luxon';
import { addDays, parseShiftSpecs, windowsBetween } from '../../common/time/windows';
import { describeRosterPairs } from './solve-roster';
import type { RosterDoctor, RosterInput, RosterWindow } from './solver.types';

/**
 * Seeded roster instances for the benchmark and the e2e demo week: same seed, same instance, on any
 * machine (no Math.random).
 */

/** mulberry32: a tiny, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InstanceSpec {
  readonly doctors: number;
  /** consecutive days from `firstDate` */
  readonly days: number;
  /** shifts each day, e.g. ['09-11', '15-17', '19-21'] */
  readonly shifts: readonly string[];
  /** total required places as a fraction of what the doctors' caps and availability allow */
  readonly load: number;
  readonly seed: number;
  /** local date of the first day; a Monday by default so 7 days are one ISO week */
  readonly firstDate?: string;
  /** share of a doctor's available windows marked preferred (default 0.2) */
  readonly preferredShare?: number;
}

/** Consult windows for `days` days of `shifts`, with required 0 (fill with {@link withDemand}). */
export function consultWindows(firstDate: string, days: number, shifts: readonly string[]): RosterWindow[] {
  const start = DateTime.fromISO(firstDate, { zone: 'utc' });
  const windows: RosterWindow[] = [];
  for (let i = 0; i < days; i++) {
    const day = start.plus({ days: i });
    const date = day.toISODate() ?? '';
    const week = day.toFormat("kkkk-'W'WW");
    for (const shift of shifts) windows.push({ key: `${date}/${shift}`, date, week, required: 0 });
  }
  return windows;
}

/**
 * A volunteer-like instance: caps of 2–5 windows a week and 1–2 a day, each doctor available for a
 * personal share (15–60 %) of the windows with a favourite time of day, and demand spread over the
 * windows in proportion to how many doctors could take them, scaled to `load` × capacity.
 */
export function generateRosterInstance(spec: InstanceSpec): RosterInput {
  const random = seededRandom(spec.seed);
  const windows = consultWindows(spec.firstDate ?? '2021-08-23', spec.days, spec.shifts);
  const doctors: RosterDoctor[] = [];
  const width = String(spec.doctors).length;
  for (let i = 0; i < spec.doctors; i++) {
    const share = 0.15 + 0.45 * random();
    const favouriteShift = Math.floor(random() * spec.shifts.length);
    const available: string[] = [];
    const preferred: string[] = [];
    windows.forEach((w, j) => {
      const onFavourite = j % spec.shifts.length === favouriteShift;
      if (random() < (onFavourite ? Math.min(1, share * 1.6) : share * 0.7)) {
        available.push(w.key);
        if (random() < (spec.preferredShare ?? 0.2)) preferred.push(w.key);
      }
    });
    doctors.push({
      id: `doctor-${String(i).padStart(width, '0')}`,
      maxPerWeek: 2 + Math.floor(random() * 4),
      maxPerDay: random() < 0.75 ? 1 : 2,
      available,
      preferred,
      seniority: Math.floor(random() * 30),
    });
  }
  return withDemand({ windows, doctors }, spec.load, random);
}

/**
 * Sets each window's requirement so the total is `load` × the capacity (what the doctors could
 * cover with no window limit, i.e. the sum of their caps over their availability), spread in
 * proportion to the doctors available for each window, rounded by largest remainder.
 */
export function withDemand(input: RosterInput, load: number, random: () => number): RosterInput {
  const problem = describeRosterPairs({
    ...input,
    windows: input.windows.map((w) => ({ ...w, required: 0 })),
  });
  let capacity = 0;
  for (const bound of problem.doctorBound) capacity += bound;
  const total = Math.round(load * capacity);
  const keys = [...input.windows].map((w) => w.key).sort();
  const eligible = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const d of input.doctors) for (const k of d.available) eligible.set(k, (eligible.get(k) ?? 0) + 1);
  // a little noise so demand is not exactly where the doctors are
  const weight = keys.map((k) => (eligible.get(k) ?? 0) * (0.85 + 0.3 * random()));
  const sum = weight.reduce((s, x) => s + x, 0) || 1;
  const exact = weight.map((x) => (x * total) / sum);
  const required = exact.map(Math.floor);
  let left = total - required.reduce((s, x) => s + x, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    required[i]++;
    left--;
  }
  const requiredOf = new Map(keys.map((k, i) => [k, required[i]]));
  return { ...input, windows: input.windows.map((w) => ({ ...w, required: requiredOf.get(w.key) ?? 0 })) };
}

export interface OperatorInstanceSpec {
  readonly operators: number;
  readonly days: number;
  /** e.g. ['06-14', '14-22', '22-06'] */
  readonly shifts: readonly string[];
  /** people each shift needs */
  readonly required: number;
  readonly minRestHours: number;
  readonly seed: number;
  readonly firstDate?: string;
  readonly zone?: string;
  /** share of the shifts each operator is available for (default: 0.6–1) */
  readonly availability?: readonly [number, number];
  readonly maxPerWeek?: number;
}

/** Windows with their instants in `zone` (the rest rule measures real hours between them). */
export function shiftWindows(
  firstDate: string,
  days: number,
  shifts: readonly string[],
  zone: string,
  required: number,
): RosterWindow[] {
  const specs = parseShiftSpecs(shifts.join(','));
  return windowsBetween(firstDate, addDays(firstDate, days - 1), specs, zone).map((w) => ({
    key: w.key,
    date: w.date,
    week: w.week,
    required,
    startsAt: w.startsAt.getTime(),
    endsAt: w.endsAt.getTime(),
  }));
}

/**
 * A hotline-like instance: 24/7 shifts, each operator available for a random share of them, at
 * most `maxPerWeek` (default 7) shifts a week and one a day, a rest rule between shifts.
 */
export function generateOperatorInstance(spec: OperatorInstanceSpec): RosterInput {
  const random = seededRandom(spec.seed);
  const windows = shiftWindows(
    spec.firstDate ?? '2021-08-23',
    spec.days,
    spec.shifts,
    spec.zone ?? 'Asia/Ho_Chi_Minh',
    spec.required,
  );
  const [low, high] = spec.availability ?? [0.6, 1];
  const width = String(spec.operators).length;
  const doctors: RosterDoctor[] = [];
  for (let i = 0; i < spec.operators; i++) {
    const share = low + (high - low) * random();
    doctors.push({
      id: `operator-${String(i).padStart(width, '0')}`,
      maxPerWeek: spec.maxPerWeek ?? 7,
      maxPerDay: 1,
      available: windows.filter(() => random() < share).map((w) => w.key),
    });
  }
  return { windows, doctors, minRestHours: spec.minRestHours, noun: 'operator' };
}
