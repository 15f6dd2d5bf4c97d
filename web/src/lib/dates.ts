/**
 * Dates in the operations time zone, without a date library: `Intl` knows every zone.
 * A date is `YYYY-MM-DD`; a window key is `YYYY-MM-DD/HH-HH` (CONTRACT.md).
 */

/** The calendar date of an instant in a time zone. */
export function localDateOf(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Calendar arithmetic on `YYYY-MM-DD` (no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the ISO week holding `date`. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** `count` consecutive dates from `from`. */
export function datesFrom(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}

export interface ParsedWindowKey {
  date: string;
  shift: string;
}

const KEY = /^(\d{4}-\d{2}-\d{2})\/(\d{2}-\d{2})$/;

export function parseWindowKey(key: string): ParsedWindowKey | null {
  const m = KEY.exec(key);
  return m ? { date: m[1], shift: m[2] } : null;
}

export const windowKey = (date: string, shift: string): string => `${date}/${shift}`;
