import type { DurationLikeObject } from 'luxon';
import { DateTime } from 'luxon';
import type { TriagePatient } from './triage.types';

// Shared by the rule sets' table tests: 10:00 on 15 Sep 2021 in Hanoi; ages are counted back from that day.
export const FIXTURE_ZONE = 'Asia/Ho_Chi_Minh';
export const FIXTURE_AT = '2021-09-15T03:00:00Z';

export function bornAgo(ago: DurationLikeObject): string {
  const date = DateTime.fromISO('2021-09-15', { zone: FIXTURE_ZONE }).minus(ago).toISODate();
  if (!date) throw new Error('bad fixture');
  return date;
}

/** A 30-year-old, vaccinated, no comorbidity: green unless an observation says otherwise. */
export function patient(overrides: Partial<TriagePatient> = {}): TriagePatient {
  return {
    dateOfBirth: bornAgo({ years: 30 }),
    comorbidities: [],
    pregnant: false,
    vaccineDoses: 2,
    ...overrides,
  };
}
