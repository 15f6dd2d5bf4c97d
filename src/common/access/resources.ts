/**
 * The kinds of record a caller may be refused one of. Each has exactly one `ResourcePolicy`, written in
 * its domain's folder (`src/<domain>/<name>.policy.ts`) next to the SQL it needs.
 */
export const Resource = {
  /** a doctor's own record (and what hangs off it: availability, shifts, calendar) */
  Doctor: 'doctor',
  Patient: 'patient',
  /** setting a patient's tier by hand: narrower than seeing the patient (not a doctor covering) */
  PatientTier: 'patient_tier',
  FollowUp: 'follow_up',
  Escalation: 'escalation',
  Consult: 'consult',
  /** a consult offer pushed to one doctor */
  Offer: 'offer',
  CoverRequest: 'cover_request',
  /** a hotline operator's own record (availability, shifts): src/operators */
  Operator: 'operator',
  /** a hotline contact (registered by the hotline domain) */
  Contact: 'contact',
} as const;

export type ResourceName = (typeof Resource)[keyof typeof Resource];

export const RESOURCE_NAMES: readonly ResourceName[] = Object.values(Resource);
