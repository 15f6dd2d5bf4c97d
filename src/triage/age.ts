import { DateTime, IANAZone } from 'luxon';

export interface Age {
  /** Whole years completed. */
  years: number;
  /** Whole months completed (all of them, not the remainder after years). */
  months: number;
}

/** Breathing-rate bands of TRIAGE.md (WHO IMCI for infants), youngest first. */
export const AGE_BANDS = [
  'under-2-months',
  '2-to-11-months',
  '1-to-4-years',
  '5-to-11-years',
  '12-years-and-over',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Age on the calendar day of `at` in `zone` (the caller's: each rule set says which zone it counts
 * in), as luxon's calendar diff counts it: someone born on 29 February (or on the 29th–31st) completes
 * the year (month) on the last day of a shorter month. Plain date arithmetic rather than luxon's diff,
 * which is a hundred times slower (age.spec.ts checks the two agree). Throws RangeError for a
 * malformed date of birth, an unknown zone or an instant before the birth: such input must not be
 * silently assessed.
 */
export function ageOn(dateOfBirth: string, at: Date | string, zone: string): Age {
  const birth = parseDate(dateOfBirth);
  if (!birth) throw new RangeError(`dateOfBirth must be a YYYY-MM-DD date, got "${dateOfBirth}"`);
  const day = calendarDate(at instanceof Date ? checkedDate(at) : toDateTime(at).toJSDate(), zone);
  if (dayKey(day) < dayKey(birth)) {
    throw new RangeError(`${day.year}-${day.month}-${day.day} is before the date of birth ${dateOfBirth}`);
  }
  // The month is completed on the birth day of the month, or on the last day of a shorter month.
  const monthCompleted = day.day >= (birth.day < daysInMonth(day) ? birth.day : daysInMonth(day));
  const months = (day.year - birth.year) * 12 + (day.month - birth.month) - (monthCompleted ? 0 : 1);
  return { years: (months - (months % 12)) / 12, months };
}

interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const dayKey = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;

function daysInMonth({ year, month }: { year: number; month: number }): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` as numbers when it is a real calendar date. */
function parseDate(text: string): CalendarDate | null {
  if (!ISO_DATE.test(text)) return null;
  const date = { year: +text.slice(0, 4), month: +text.slice(5, 7), day: +text.slice(8, 10) };
  const real = date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= daysInMonth(date);
  return real ? date : null;
}

function checkedDate(at: Date): Date {
  if (Number.isNaN(at.getTime())) throw new RangeError('not a valid instant: an invalid Date');
  return at;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a zone (formatters cached per zone: creating one is slow). */
function calendarDate(instant: Date, zone: string): CalendarDate {
  let format = dateFormats.get(zone);
  if (!format) {
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`not an IANA time zone: "${zone}"`);
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    dateFormats.set(zone, format);
  }
  const date: CalendarDate = { year: 0, month: 0, day: 0 };
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') date[part.type] = +part.value;
  }
  return date;
}

export function ageBand(age: Age): AgeBand {
  if (age.months < 2) return 'under-2-months';
  if (age.months < 12) return '2-to-11-months';
  if (age.years < 5) return '1-to-4-years';
  if (age.years < 12) return '5-to-11-years';
  return '12-years-and-over';
}

// An ISO string without an offset would be read in the machine's zone, so one is required.
const HAS_OFFSET = /T.+(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** An instant given as a Date or an ISO 8601 string with an offset; throws RangeError when invalid. */
export function toDateTime(at: Date | string): DateTime {
  const dt =
    typeof at === 'string'
      ? HAS_OFFSET.test(at)
        ? DateTime.fromISO(at, { setZone: true })
        : DateTime.invalid('no offset')
      : DateTime.fromJSDate(at);
  if (!dt.isValid)
    throw new RangeError(`not a valid instant (ISO 8601 with an offset, or Date): ${String(at)}`);
  return dt;
}
