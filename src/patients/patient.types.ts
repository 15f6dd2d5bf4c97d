// Vocabulary of patients (CONTRACT.md "Patients and triage"); the triage vocabulary lives in src/triage.

export const SEXES = ['female', 'male', 'other'] as const;
export type Sex = (typeof SEXES)[number];

export const CARE_SETTINGS = ['home', 'quarantine_center', 'hospital'] as const;
export type CareSetting = (typeof CARE_SETTINGS)[number];

export const PATIENT_STATUSES = [
  'under_care',
  'recovered',
  'hospitalised',
  'deceased',
  'lost_to_follow_up',
] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

export const TIER_SOURCES = ['rules', 'override'] as const;
export type TierSource = (typeof TIER_SOURCES)[number];

export const FOLLOW_UP_STATUSES = ['open', 'done', 'missed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Filters of `GET /api/follow-ups`: `open` (all open, also upcoming), `due` (open, due now or earlier), `overdue`, `done` (attempts made). */
export const FOLLOW_UP_FILTERS = ['open', 'due', 'overdue', 'done'] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];

export const ESCALATION_OUTCOMES = [
  'ambulance_dispatched',
  'hospitalised',
  'stabilised_at_home',
  'other',
] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

export const ESCALATION_CAUSES = ['red', 'missed_follow_ups'] as const;
export type EscalationCause = (typeof ESCALATION_CAUSES)[number];
