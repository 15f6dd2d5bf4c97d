import { DateTime } from 'luxon';

/**
 * Window arithmetic: pure functions over wall-clock shifts in the operations zone.
 * A window key names one shift instance, `YYYY-MM-DD/HH-HH`; a shift that crosses
 * midnight (`22-06`) belongs to the date it starts on. Days are never assumed to be 24 h:
 * every instant comes from luxon in the zone, so daylight-saving days come out right.
 */

/** One daily shift, e.g. 09-11 (start 9, end 11). end <= start means it ends the next day; 00-24 is all day. */
export interface ShiftSpec {
  readonly label: string;
  readonly startHour: number;
  readonly endHour: number;
}

export interface WindowInstance {
  key: string;
  /** the local date the window starts on, YYYY-MM-DD */
  date: string;
  shift: string;
  /** ISO week of `date` (Monday–Sunday, local), e.g. 2021-W34 */
  week: string;
  startsAt: Date;
  endsAt: Date;
}

const KEY = /^(\d{4}-\d{2}-\d{2})\/(\d{2})-(\d{2})$/;
const SPEC = /^(\d{2})-(\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function parseShiftSpec(text: string): ShiftSpec {
  const m = SPEC.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a shift (HH-HH)`);
  const startHour = Number(m[1]);
  const endHour = Number(m[2]);
  if (startHour > 23 || endHour > 24 || startHour === endHour || (endHour === 24 && startHour === 24)) {
    throw new Error(`"${text}" is not a shift: hours run 00-24 and a shift cannot be empty`);
  }
  return { label: `${pad(startHour)}-${pad(endHour)}`, startHour, endHour };
}

/** "09-11,15-17,19-21" → specs in start order; overlapping shifts are refused. */
export function parseShiftSpecs(list: string): ShiftSpec[] {
  const specs = list.split(',').map(parseShiftSpec);
  const labels = new Set(specs.map((s) => s.label));
  if (labels.size !== specs.length) throw new Error(`"${list}" names a shift twice`);
  return specs.sort((a, b) => a.startHour - b.startHour);
}

export function isLocalDate(text: string): boolean {
  return DATE.test(text) && DateTime.fromISO(text).isValid;
}

export interface ParsedWindowKey {
  date: string;
  shift: string;
  startHour: number;
  endHour: number;
}

/** Strict parse of a window key; null when it is not one. */
export function parseWindowKey(key: string): ParsedWindowKey | null {
  const m = typeof key === 'string' ? KEY.exec(key) : null;
  if (!m || !isLocalDate(m[1])) return null;
  try {
    const spec = parseShiftSpec(`${m[2]}-${m[3]}`);
    return { date: m[1], shift: spec.label, startHour: spec.startHour, endHour: spec.endHour };
  } catch {
    return null;
  }
}

export function windowKey(date: string, spec: ShiftSpec): string {
  return `${date}/${spec.label}`;
}

function localDate(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).startOf('day');
}

/** The UTC instants of a window: luxon resolves each wall-clock edge in the zone. */
export function windowInstance(date: string, spec: ShiftSpec, zone: string): WindowInstance {
  const day = localDate(date, zone);
  const startsAt = day.set({ hour: spec.startHour });
  const endDay = spec.endHour <= spec.startHour || spec.endHour === 24 ? day.plus({ days: 1 }) : day;
  const endsAt = endDay.set({ hour: spec.endHour === 24 ? 0 : spec.endHour });
  return {
    key: windowKey(date, spec),
    date,
    shift: spec.label,
    week: isoWeekOf(date),
    startsAt: startsAt.toJSDate(),
    endsAt: endsAt.toJSDate(),
  };
}

/** ISO week id (Monday–Sunday) of a local date, e.g. 2021-W34. */
export function isoWeekOf(date: string): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return `${d.weekYear}-W${pad(d.weekNumber)}`;
}

/** Every window of the given shifts on each date from `from` to `to` inclusive, in time order. */
export function windowsBetween(
  from: string,
  to: string,
  specs: readonly ShiftSpec[],
  zone: string,
): WindowInstance[] {
  const out: WindowInstance[] = [];
  const last = DateTime.fromISO(to, { zone: 'UTC' });
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d <= last; d = d.plus({ days: 1 })) {
    const date = d.toISODate() as string;
    for (const spec of specs) out.push(windowInstance(date, spec, zone));
  }
  return out;
}

/** The configured window a key names, or null when the key is malformed or names no configured shift. */
export function resolveWindowKey(
  key: string,
  specs: readonly ShiftSpec[],
  zone: string,
): WindowInstance | null {
  const parsed = parseWindowKey(key);
  if (!parsed) return null;
  const spec = specs.find((s) => s.label === parsed.shift);
  return spec ? windowInstance(parsed.date, spec, zone) : null;
}

/** The windows that contain an instant (at most one per shift; overnight shifts may start the day before). */
export function windowsContaining(at: Date, specs: readonly ShiftSpec[], zone: string): WindowInstance[] {
  const today = DateTime.fromJSDate(at, { zone });
  const dates = [today.minus({ days: 1 }).toISODate() as string, today.toISODate() as string];
  const t = at.getTime();
  return windowsBetween(dates[0], dates[1], specs, zone).filter(
    (w) => w.startsAt.getTime() <= t && t < w.endsAt.getTime(),
  );
}

/** The local date of an instant in the zone. */
export function localDateOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() as string;
}

/** Monday of the ISO week that holds `date`. */
export function weekStart(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).startOf('week').toISODate() as string;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Whole days from `from` to `to` (to - from). */
export function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
}
