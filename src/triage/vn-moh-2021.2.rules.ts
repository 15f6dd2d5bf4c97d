// Rule set `vn-moh-2021.2` (TRIAGE.md): adults as in `vn-moh-2021` (4377/QĐ-BYT danger signs, NEWS2,
// 4038 and 4156/QĐ-BYT risk factors); children under 16 on age-banded limits (WHO IMCI, 5155 and
// 528/QĐ-BYT, Bedside PEWS, AHA PALS, NICE NG143) instead of adult limits and NEWS2; pregnancy with the
// NICE NG133 blood-pressure limits at any age. Tiers are tried from red down and the first with a
// rule that fires wins; the reasons are exactly the rules that fired at that tier, in table order.
// Pure: the zone age is counted in comes from the caller (OPERATIONS_TZ), never from a constant here.
import type { Age } from './age';
import { ageOn } from './age';
import { assertAssessable } from './input-check';
import { parametersScoringThree, scoreNews2 } from './news2';
import type { Assessment, News2, RiskTier, TriageObservation, TriagePatient } from './triage.types';
import { DANGER_SYMPTOMS } from './triage.types';

export const RULE_SET_ID = 'vn-moh-2021.2';

/** Age bands of TRIAGE.md "Age", youngest first. */
export const PEDS_BANDS = ['infant', 'toddler', 'child', 'adolescent', 'adult'] as const;
export type PedsBand = (typeof PEDS_BANDS)[number];

export function pedsBand(age: Age): PedsBand {
  if (age.years < 1) return 'infant';
  if (age.years < 5) return 'toddler';
  if (age.years < 12) return 'child';
  if (age.years < 16) return 'adolescent';
  return 'adult';
}

type Op = '>=' | '>' | '<=' | '<';

/** One threshold: the comparison and the limit, named in the reason as written (`>=180`, `<35.5`). */
export interface Limit {
  op: Op;
  value: number;
  /** Decimals shown in the reason: temperatures keep one (`38.0`), the rest none. */
  decimals?: number;
}

const at = (op: Op, value: number, decimals = 0): Limit => ({ op, value, decimals });

function holds(x: number | null | undefined, limit: Limit | null): boolean {
  if (x === null || x === undefined || limit === null) return false;
  switch (limit.op) {
    case '>=':
      return x >= limit.value;
    case '>':
      return x > limit.value;
    case '<=':
      return x <= limit.value;
    case '<':
      return x < limit.value;
  }
}

const named = (limit: Limit): string => `${limit.op}${limit.value.toFixed(limit.decimals ?? 0)}`;

// ---- Red: the per-band limits (TRIAGE.md "Red — any one"). ----

/** Fast breathing: WHO IMCI for infants and toddlers, 5155/QĐ-BYT above. */
export function redRespiratoryRateHigh(age: Age): Limit {
  const band = pedsBand(age);
  if (band === 'infant') return at('>=', age.months < 2 ? 60 : 50);
  if (band === 'toddler') return at('>=', 40);
  if (band === 'child') return at('>=', 30);
  return at('>=', 21);
}

/** Slow breathing under 16 (Bedside PEWS); adults are left to NEWS2. */
export const RED_RR_LOW: Readonly<Record<PedsBand, Limit | null>> = {
  infant: at('<=', 15),
  toddler: at('<=', 12),
  child: at('<=', 10),
  adolescent: at('<=', 9),
  adult: null,
};

export const RED_PULSE_HIGH: Readonly<Record<PedsBand, Limit>> = {
  infant: at('>=', 180),
  toddler: at('>=', 170),
  child: at('>', 150),
  adolescent: at('>', 120),
  adult: at('>', 120),
};

export const RED_PULSE_LOW: Readonly<Record<PedsBand, Limit>> = {
  infant: at('<=', 80),
  toddler: at('<=', 60),
  child: at('<=', 50),
  adolescent: at('<', 50),
  adult: at('<', 50),
};

/** Hypotension (AHA PALS): < 60 under 1 month, < 70 to 1 year, < 70 + 2 × years to 9, < 90 from 10. */
export function redSystolicLow(age: Age): Limit {
  if (age.months < 1) return at('<', 60);
  if (age.years < 1) return at('<', 70);
  if (age.years <= 9) return at('<', 70 + 2 * age.years);
  return at('<', 90);
}

// ---- Orange and yellow under 16 (TRIAGE.md "Orange" and "Yellow"); null where a band has no row. ----

export const ORANGE_RR_LOW: Readonly<Record<PedsBand, Limit | null>> = {
  infant: at('<=', 19),
  toddler: at('<=', 15),
  child: at('<=', 14),
  adolescent: at('<=', 10),
  adult: null,
};

export const ORANGE_PULSE_HIGH: Readonly<Record<PedsBand, Limit | null>> = {
  infant: at('>=', 170),
  toddler: at('>=', 150),
  child: at('>=', 130),
  adolescent: null,
  adult: null,
};

export const ORANGE_PULSE_LOW: Readonly<Record<PedsBand, Limit | null>> = {
  infant: at('<=', 90),
  toddler: at('<=', 70),
  child: at('<=', 60),
  adolescent: null,
  adult: null,
};

/** A low pulse is never yellow under 16: children's pulse drops in sleep. */
export const YELLOW_PULSE_HIGH: Readonly<Record<PedsBand, Limit | null>> = {
  infant: at('>=', 150),
  toddler: at('>=', 120),
  child: at('>=', 110),
  adolescent: at('>=', 100),
  adult: null,
};

const FEVER_YOUNG_INFANT = at('>=', 38.0, 1); // NICE NG143: red under 3 months
const HYPOTHERMIA_YOUNG_INFANT = at('<', 35.5, 1); // WHO IMCI: very severe disease under 2 months
const HIGH_FEVER_INFANT = at('>=', 39.0, 1); // NICE NG143: amber at 3–5 months
const LOW_TEMPERATURE_CHILD = at('<=', 35.0, 1);
const FEVER_CHILD = at('>=', 38.0, 1);

// ---- Pregnancy at any age (NICE NG133): severe hypertension red, hypertension orange. ----
const SEVERE_SYSTOLIC = at('>=', 160);
const SEVERE_DIASTOLIC = at('>=', 110);
const HIGH_SYSTOLIC = at('>=', 140);
const HIGH_DIASTOLIC = at('>=', 90);
const ADULT_DIASTOLIC_LOW = at('<', 60);

/** Pushes `<prefix><limit>` when `x` meets `limit` (a null limit is a row the band does not have). */
function check(fired: string[], prefix: string, x: number | null | undefined, limit: Limit | null): void {
  if (limit && holds(x, limit)) fired.push(`${prefix}${named(limit)}`);
}

function redRules(
  patient: TriagePatient,
  observation: TriageObservation,
  age: Age,
  news2: News2 | null,
): string[] {
  const { spo2, respiratoryRate, heartRate, systolicBp, diastolicBp, temperature } = observation;
  const band = pedsBand(age);
  const fired: string[] = [];
  check(fired, 'danger:spo2', spo2, at('<=', 95));
  check(fired, 'danger:rr', respiratoryRate, redRespiratoryRateHigh(age));
  check(fired, 'danger:rr', respiratoryRate, RED_RR_LOW[band]);
  check(fired, 'danger:pulse', heartRate, RED_PULSE_HIGH[band]);
  check(fired, 'danger:pulse', heartRate, RED_PULSE_LOW[band]);
  check(fired, 'danger:sbp', systolicBp, redSystolicLow(age));
  if (band === 'adult') check(fired, 'danger:dbp', diastolicBp, ADULT_DIASTOLIC_LOW);
  if (age.months < 3) check(fired, 'danger:temp', temperature, FEVER_YOUNG_INFANT);
  if (age.months < 2) check(fired, 'danger:temp', temperature, HYPOTHERMIA_YOUNG_INFANT);
  const { consciousness, symptoms } = observation;
  if (consciousness != null && consciousness !== 'alert') fired.push(`danger:consciousness=${consciousness}`);
  for (const symptom of DANGER_SYMPTOMS) {
    if (symptoms?.includes(symptom)) fired.push(`danger:symptom=${symptom}`);
  }
  if (news2 && news2.total >= 7) fired.push('news2:total>=7');
  if (patient.pregnant) {
    check(fired, 'obstetric:sbp', systolicBp, SEVERE_SYSTOLIC);
    check(fired, 'obstetric:dbp', diastolicBp, SEVERE_DIASTOLIC);
  }
  return fired;
}

function distinctCount(values: readonly string[] | null | undefined): number {
  return new Set(values ?? []).size;
}

function orangeRules(
  patient: TriagePatient,
  observation: TriageObservation,
  age: Age,
  news2: News2 | null,
): string[] {
  const { respiratoryRate, heartRate, temperature, systolicBp, diastolicBp } = observation;
  const band = pedsBand(age);
  const fired: string[] = [];
  check(fired, 'peds:rr', respiratoryRate, ORANGE_RR_LOW[band]);
  check(fired, 'peds:pulse', heartRate, ORANGE_PULSE_HIGH[band]);
  check(fired, 'peds:pulse', heartRate, ORANGE_PULSE_LOW[band]);
  if (age.months >= 3 && age.months <= 5) check(fired, 'peds:temp', temperature, HIGH_FEVER_INFANT);
  if (band !== 'adult') check(fired, 'peds:temp', temperature, LOW_TEMPERATURE_CHILD);
  if (news2 && news2.total >= 5 && news2.total <= 6) fired.push(`news2:total=${news2.total}`);
  if (news2) fired.push(...parametersScoringThree(news2).map((p) => `news2:${p}=3`));
  // High-risk patients (4038/QĐ-BYT) count only when they have at least one symptom.
  if (distinctCount(observation.symptoms) > 0) {
    const prefix = 'symptomatic-high-risk:';
    if (distinctCount(patient.comorbidities) >= 2) fired.push(`${prefix}comorbidities>=2`);
    if (patient.pregnant) fired.push(`${prefix}pregnant`);
    if (band === 'adult' && age.years >= 65) fired.push(`${prefix}age>=65`);
    if (band === 'adult' && age.years >= 50 && patient.vaccineDoses < 1)
      fired.push(`${prefix}unvaccinated-age>=50`);
  }
  if (patient.pregnant) {
    check(fired, 'obstetric:sbp', systolicBp, HIGH_SYSTOLIC);
    check(fired, 'obstetric:dbp', diastolicBp, HIGH_DIASTOLIC);
  }
  return fired;
}

function yellowRules(
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  age: Age,
  news2: News2 | null,
): string[] {
  const band = pedsBand(age);
  const fired: string[] = [];
  if (observation) {
    check(fired, 'peds:pulse', observation.heartRate, YELLOW_PULSE_HIGH[band]);
    if (band !== 'adult') check(fired, 'peds:temp', observation.temperature, FEVER_CHILD);
  }
  if (news2 && news2.total >= 1 && news2.total <= 4) fired.push(`news2:total=${news2.total}`);
  if (age.years < 1) fired.push('risk:age<1');
  // "One comorbidity" is read as at least one: more comorbidities never lower the tier.
  if (distinctCount(patient.comorbidities) >= 1) fired.push('risk:comorbidities>=1');
  // Pregnancy is never below yellow, whatever NEWS2 says.
  if (patient.pregnant) fired.push('risk:pregnant');
  if (band === 'adult' && age.years >= 50) fired.push('risk:age>=50');
  if (band === 'adult' && age.years >= 18 && patient.vaccineDoses < 1)
    fired.push('risk:unvaccinated-age>=18');
  return fired;
}

/** NEWS2 from 16 (RCP: not for children), with whether all seven parameters were given. */
function news2For(observation: TriageObservation | undefined, age: Age): News2 | null {
  if (!observation || pedsBand(age) !== 'adult') return null;
  const { total, scores } = scoreNews2(observation);
  return { total, complete: Object.values(scores).every((s) => s !== null), scores };
}

export interface AssessContext {
  /** The assessment instant: age is counted on its day when the observation has no `takenAt`. */
  at: Date | string;
  /** IANA zone whose calendar dates count age (the deployment's OPERATIONS_TZ). */
  zone: string;
}

/**
 * Assesses a patient, with their latest observation if there is one. Age is taken on the calendar
 * date of the observation (`takenAt`, else `at`) in `zone`. Without an observation only risk factors
 * count (yellow or green) and `news2` is null; under 16 `news2` is always null.
 * Throws RangeError for input a DTO should have rejected (out-of-range or malformed values).
 */
export function assess(
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  context: AssessContext,
): Assessment {
  assertAssessable(patient, observation);
  const age = ageOn(patient.dateOfBirth, observation?.takenAt ?? context.at, context.zone);
  const news2 = news2For(observation, age);
  const tiers: [RiskTier, () => string[]][] = [
    ['red', () => (observation ? redRules(patient, observation, age, news2) : [])],
    ['orange', () => (observation ? orangeRules(patient, observation, age, news2) : [])],
    ['yellow', () => yellowRules(patient, observation, age, news2)],
  ];
  for (const [tier, rules] of tiers) {
    const reasons = rules();
    if (reasons.length > 0) return { tier, reasons, ruleSet: RULE_SET_ID, news2 };
  }
  return { tier: 'green', reasons: [], ruleSet: RULE_SET_ID, news2 };
}

/**
 * Every reason this rule set can give, for the console's dictionary and its test: the fixed ones
 * and one per limit any band can produce.
 */
export function possibleReasons(): string[] {
  const limits = (prefix: string, all: (Limit | null)[]) =>
    all.filter((l): l is Limit => l !== null).map((l) => `${prefix}${named(l)}`);
  const years = Array.from({ length: 101 }, (_, y) => y);
  const ages: Age[] = [0, 1, 2, 3, 6].map((m) => ({ years: 0, months: m }));
  ages.push(...years.map((y) => ({ years: y, months: 12 * y })));
  const reasons = [
    'danger:spo2<=95',
    ...limits('danger:rr', ages.map(redRespiratoryRateHigh)),
    ...limits('danger:rr', Object.values(RED_RR_LOW)),
    ...limits('danger:pulse', Object.values(RED_PULSE_HIGH)),
    ...limits('danger:pulse', Object.values(RED_PULSE_LOW)),
    ...limits('danger:sbp', ages.map(redSystolicLow)),
    ...limits('danger:dbp', [ADULT_DIASTOLIC_LOW]),
    ...limits('danger:temp', [FEVER_YOUNG_INFANT, HYPOTHERMIA_YOUNG_INFANT]),
    ...['confusion', 'voice', 'pain', 'unresponsive'].map((c) => `danger:consciousness=${c}`),
    ...DANGER_SYMPTOMS.map((s) => `danger:symptom=${s}`),
    'news2:total>=7',
    ...limits('obstetric:sbp', [SEVERE_SYSTOLIC, HIGH_SYSTOLIC]),
    ...limits('obstetric:dbp', [SEVERE_DIASTOLIC, HIGH_DIASTOLIC]),
    ...limits('peds:rr', Object.values(ORANGE_RR_LOW)),
    ...limits('peds:pulse', [...Object.values(ORANGE_PULSE_HIGH), ...Object.values(ORANGE_PULSE_LOW)]),
    ...limits('peds:pulse', Object.values(YELLOW_PULSE_HIGH)),
    ...limits('peds:temp', [HIGH_FEVER_INFANT, LOW_TEMPERATURE_CHILD, FEVER_CHILD]),
    'news2:total=5',
    'news2:total=6',
    ...['rr', 'spo2', 'sbp', 'pulse', 'consciousness', 'temperature'].map((p) => `news2:${p}=3`),
    ...[1, 2, 3, 4].map((n) => `news2:total=${n}`),
    ...['comorbidities>=2', 'pregnant', 'age>=65', 'unvaccinated-age>=50'].map(
      (r) => `symptomatic-high-risk:${r}`,
    ),
    ...['age<1', 'comorbidities>=1', 'pregnant', 'age>=50', 'unvaccinated-age>=18'].map((r) => `risk:${r}`),
  ];
  return [...new Set(reasons)];
}
