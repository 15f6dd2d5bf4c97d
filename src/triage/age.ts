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
 * in). Uses luxon's calendar diff, so someone born on 29 February (or on the 29th–31st) completes the
 * year (month) on the last day of a shorter month. Throws RangeError for a malformed date of birth,
 * an unknown zone or an instant before the birth: such input must not be silently assessed.
 */
export function ageOn(dateOfBirth: string, at: Date | string, zone: string): Age {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`not an IANA time zone: "${zone}"`);
  const birth = ISO_DATE.test(dateOfBirth) ? DateTime.fromISO(dateOfBirth, { zone }) : null;
  if (!birth?.isValid) throw new RangeError(`dateOfBirth must be a YYYY-MM-DD date, got "${dateOfBirth}"`);
  const day = toDateTime(at).setZone(zone).startOf('day');
  if (day < birth) throw new RangeError(`${day.toISODate()} is before the date of birth ${dateOfBirth}`);
  const { years, months } = day.diff(birth, ['years', 'months', 'days']);
  return { years, months: years * 12 + months };
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
