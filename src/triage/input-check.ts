// Guards at the door of the rules: NaN compares false with every threshold, so a bad value would
// otherwise be assessed as normal. DTOs should reject these first (400); reaching here is a bug.
import type { TriageObservation, TriagePatient } from './triage.types';
import { COMORBIDITIES, CONSCIOUSNESS_LEVELS, OBSERVATION_RANGES, SYMPTOMS } from './triage.types';
import type { RangedObservationField } from './triage.types';

const REQUIRED: readonly RangedObservationField[] = ['spo2', 'respiratoryRate'];

/** Problems with an observation, one message per field; empty when it can be assessed. */
export function observationProblems(observation: TriageObservation): string[] {
  const problems: string[] = [];
  for (const field of Object.keys(OBSERVATION_RANGES) as RangedObservationField[]) {
    const value: unknown = observation[field];
    if (value === undefined || value === null) {
      if (REQUIRED.includes(field)) problems.push(`${field} is required`);
      continue;
    }
    const { min, max } = OBSERVATION_RANGES[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      problems.push(`${field} must be a number from ${min} to ${max}`);
    }
  }
  const { consciousness, symptoms } = observation;
  if (consciousness != null && !(CONSCIOUSNESS_LEVELS as readonly string[]).includes(consciousness)) {
    problems.push(`consciousness must be one of ${CONSCIOUSNESS_LEVELS.join(', ')}`);
  }
  const unknown = (symptoms ?? []).filter((s) => !(SYMPTOMS as readonly string[]).includes(s));
  if (unknown.length > 0) problems.push(`unknown symptoms: ${unknown.join(', ')}`);
  return problems;
}

/** Problems with the risk-factor fields of a patient (the date of birth is checked with the age). */
export function patientProblems(patient: TriagePatient): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(patient.vaccineDoses) || patient.vaccineDoses < 0) {
    problems.push('vaccineDoses must be a whole number, 0 or more');
  }
  const unknown = patient.comorbidities.filter((c) => !(COMORBIDITIES as readonly string[]).includes(c));
  if (unknown.length > 0) problems.push(`unknown comorbidities: ${unknown.join(', ')}`);
  return problems;
}

export function assertAssessable(patient: TriagePatient, observation: TriageObservation | undefined): void {
  const problems = [...patientProblems(patient), ...(observation ? observationProblems(observation) : [])];
  if (problems.length > 0) throw new RangeError(`cannot assess: ${problems.join('; ')}`);
}
