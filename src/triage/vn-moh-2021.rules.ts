// Rule set `vn-moh-2021` (TRIAGE.md): 4377/QĐ-BYT danger signs, NEWS2, 4038 and 4156/QĐ-BYT risk
// factors. Tiers are tried from red down and the first with a rule that fires wins; the reasons are
// exactly the rules that fired at that tier, so every reason justifies the tier.
import type { Age, AgeBand } from './age';
import { ageBand, ageOn } from './age';
import { assertAssessable } from './input-check';
import { parametersScoringThree, scoreNews2 } from './news2';
import type { Assessment, News2, RiskTier, TriageObservation, TriagePatient } from './triage.types';
import { DANGER_SYMPTOMS } from './triage.types';

export const RULE_SET_ID = 'vn-moh-2021';

/** Part of this rule set's definition: it counts age on Vietnamese calendar dates, whatever the deployment. */
export const RULE_SET_ZONE = 'Asia/Ho_Chi_Minh';

/** Breathing rate at or above which an age band is in danger (WHO IMCI fast breathing for infants). */
export const DANGER_RESPIRATORY_RATE: Readonly<Record<AgeBand, number>> = {
  'under-2-months': 60,
  '2-to-11-months': 50,
  '1-to-4-years': 40,
  '5-to-11-years': 30,
  '12-years-and-over': 21,
};

function dangerSigns(observation: TriageObservation, age: Age): string[] {
  const { spo2, respiratoryRate, heartRate, systolicBp, diastolicBp, consciousness, symptoms } = observation;
  const rrLimit = DANGER_RESPIRATORY_RATE[ageBand(age)];
  const fired: string[] = [];
  if (spo2 <= 95) fired.push('danger:spo2<=95');
  if (respiratoryRate >= rrLimit) fired.push(`danger:rr>=${rrLimit}`);
  if (heartRate != null && heartRate > 120) fired.push('danger:pulse>120');
  if (heartRate != null && heartRate < 50) fired.push('danger:pulse<50');
  if (systolicBp != null && systolicBp < 90) fired.push('danger:sbp<90');
  if (diastolicBp != null && diastolicBp < 60) fired.push('danger:dbp<60');
  if (consciousness != null && consciousness !== 'alert') fired.push(`danger:consciousness=${consciousness}`);
  for (const symptom of DANGER_SYMPTOMS) {
    if (symptoms?.includes(symptom)) fired.push(`danger:symptom=${symptom}`);
  }
  return fired;
}

function redRules(observation: TriageObservation | undefined, age: Age, news2: News2 | null): string[] {
  if (!observation || !news2) return [];
  return [...dangerSigns(observation, age), ...(news2.total >= 7 ? ['news2:total>=7'] : [])];
}

function distinctCount(values: readonly string[] | null | undefined): number {
  return new Set(values ?? []).size;
}

/** High-risk patients (4038/QĐ-BYT) count only when they have at least one symptom. */
function orangeRules(
  patient: TriagePatient,
  age: Age,
  observation: TriageObservation | undefined,
  news2: News2 | null,
): string[] {
  const fired: string[] = [];
  if (news2 && news2.total >= 5 && news2.total <= 6) fired.push(`news2:total=${news2.total}`);
  if (news2) fired.push(...parametersScoringThree(news2).map((p) => `news2:param=3:${p}`));
  if (distinctCount(observation?.symptoms) > 0) {
    const prefix = 'symptomatic-high-risk:';
    if (age.years >= 65) fired.push(`${prefix}age>=65`);
    if (distinctCount(patient.comorbidities) >= 2) fired.push(`${prefix}comorbidities>=2`);
    if (patient.pregnant) fired.push(`${prefix}pregnant`);
    if (age.years >= 50 && patient.vaccineDoses < 1) fired.push(`${prefix}unvaccinated-age>=50`);
  }
  return fired;
}

function yellowRules(patient: TriagePatient, age: Age, news2: News2 | null): string[] {
  const fired: string[] = [];
  if (news2 && news2.total >= 1 && news2.total <= 4) fired.push(`news2:total=${news2.total}`);
  if (age.years >= 50) fired.push('risk:age>=50');
  if (age.years < 1) fired.push('risk:age<1');
  // "One comorbidity" is read as at least one: more comorbidities never lower the tier.
  if (distinctCount(patient.comorbidities) >= 1) fired.push('risk:comorbidities>=1');
  if (patient.pregnant) fired.push('risk:pregnant');
  if (age.years >= 18 && patient.vaccineDoses < 1) fired.push('risk:unvaccinated-age>=18');
  return fired;
}

/**
 * Assesses a patient, with their latest observation if there is one. Age is taken on the
 * observation's day (its `takenAt`, else `at`, the assessment instant). Without an observation
 * only risk factors count, so the tier is yellow or green and `news2` is null.
 * Throws RangeError for input a DTO should have rejected (out-of-range or malformed values).
 */
export function assess(
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  at: Date | string,
): Assessment {
  assertAssessable(patient, observation);
  const age = ageOn(patient.dateOfBirth, observation?.takenAt ?? at, RULE_SET_ZONE);
  const news2 = observation ? scoreNews2(observation) : null;
  const tiers: [RiskTier, () => string[]][] = [
    ['red', () => redRules(observation, age, news2)],
    ['orange', () => orangeRules(patient, age, observation, news2)],
    ['yellow', () => yellowRules(patient, age, news2)],
  ];
  for (const [tier, rules] of tiers) {
    const reasons = rules();
    if (reasons.length > 0) return { tier, reasons, ruleSet: RULE_SET_ID, news2 };
  }
  return { tier: 'green', reasons: [], ruleSet: RULE_SET_ID, news2 };
}

/** Every reason this rule set can give, for the console's dictionary and its test. */
export function possibleReasons(): string[] {
  const notAlert = ['confusion', 'voice', 'pain', 'unresponsive'];
  const news2Params = ['rr', 'spo2', 'sbp', 'pulse', 'consciousness', 'temperature'];
  return [
    'danger:spo2<=95',
    ...[...new Set(Object.values(DANGER_RESPIRATORY_RATE))].map((n) => `danger:rr>=${n}`),
    'danger:pulse>120',
    'danger:pulse<50',
    'danger:sbp<90',
    'danger:dbp<60',
    ...notAlert.map((c) => `danger:consciousness=${c}`),
    ...DANGER_SYMPTOMS.map((s) => `danger:symptom=${s}`),
    'news2:total>=7',
    ...[1, 2, 3, 4, 5, 6].map((n) => `news2:total=${n}`),
    ...news2Params.map((p) => `news2:param=3:${p}`),
    ...['age>=65', 'comorbidities>=2', 'pregnant', 'unvaccinated-age>=50'].map(
      (r) => `symptomatic-high-risk:${r}`,
    ),
    ...['age>=50', 'age<1', 'comorbidities>=1', 'pregnant', 'unvaccinated-age>=18'].map((r) => `risk:${r}`),
  ];
}
