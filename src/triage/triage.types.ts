// Vocabulary and shapes of triage (TRIAGE.md). Plain data, so DTOs and entities elsewhere can reuse them.

/** Tiers from least to most urgent; the array order is the tier order. */
export const RISK_TIERS = ['green', 'yellow', 'orange', 'red'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export function isRiskTier(value: unknown): value is RiskTier {
  return typeof value === 'string' && (RISK_TIERS as readonly string[]).includes(value);
}

/** 0 for green up to 3 for red. */
export function tierRank(tier: RiskTier): number {
  return RISK_TIERS.indexOf(tier);
}

/** The more urgent of two tiers (an override is replaced only by a higher tier). */
export function higherTier(a: RiskTier, b: RiskTier): RiskTier {
  return tierRank(a) >= tierRank(b) ? a : b;
}

/** ACVPU with new confusion, from best to worst. Anything but `alert` is a danger sign. */
export const CONSCIOUSNESS_LEVELS = ['alert', 'confusion', 'voice', 'pain', 'unresponsive'] as const;
export type Consciousness = (typeof CONSCIOUSNESS_LEVELS)[number];

/** Comorbidities that raise risk (4156/QĐ-BYT). */
export const COMORBIDITIES = [
  'diabetes',
  'copd',
  'chronic_lung_disease',
  'asthma',
  'cancer',
  'chronic_kidney_disease',
  'transplant',
  'obesity',
  'cardiovascular_disease',
  'hypertension',
  'cerebrovascular_disease',
  'down_syndrome',
  'hiv',
  'immunodeficiency',
  'neurological_disease',
  'sickle_cell_or_thalassaemia',
  'chronic_liver_disease',
  'substance_use',
  'immunosuppressive_therapy',
  'congenital_condition',
] as const;
export type Comorbidity = (typeof COMORBIDITIES)[number];

/** Symptoms that call for emergency transfer (4377/QĐ-BYT). */
export const DANGER_SYMPTOMS = [
  'difficulty_breathing',
  'chest_pain_persistent',
  'cyanosis',
  'unable_to_drink',
  'mis_c_signs',
] as const;
export type DangerSymptom = (typeof DANGER_SYMPTOMS)[number];

export const SYMPTOMS = [
  'fever',
  'cough',
  'sore_throat',
  'fatigue',
  'loss_of_smell',
  'diarrhoea',
  'headache',
  'myalgia',
  ...DANGER_SYMPTOMS,
] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export function isDangerSymptom(symptom: Symptom): symptom is DangerSymptom {
  return (DANGER_SYMPTOMS as readonly string[]).includes(symptom);
}

export interface ObservationRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** Accepted ranges, both ends inclusive; a value outside is a 400 (TRIAGE.md "Validation"). */
export const OBSERVATION_RANGES = {
  spo2: { min: 50, max: 100, unit: '%' },
  respiratoryRate: { min: 0, max: 80, unit: '/min' },
  heartRate: { min: 20, max: 250, unit: '/min' },
  systolicBp: { min: 40, max: 300, unit: 'mmHg' },
  diastolicBp: { min: 20, max: 200, unit: 'mmHg' },
  temperature: { min: 30.0, max: 45.0, unit: '°C' },
} as const satisfies Record<string, ObservationRange>;
export type RangedObservationField = keyof typeof OBSERVATION_RANGES;

export interface TriagePatient {
  /** Calendar date `YYYY-MM-DD`. */
  dateOfBirth: string;
  comorbidities: readonly Comorbidity[];
  pregnant: boolean;
  vaccineDoses: number;
  /** Kept for later rule sets; `vn-moh-2021` only asks whether any dose was given. */
  lastDoseDate?: string | null;
}

// Optional fields accept null as well as undefined, so a database row can be passed as it is:
// either way the value is missing, scores nothing and fires no rule.
export interface TriageObservation {
  /** ISO 8601 instant or Date; missing means "at the assessment instant". */
  takenAt?: string | Date | null;
  spo2: number;
  respiratoryRate: number;
  heartRate?: number | null;
  temperature?: number | null;
  systolicBp?: number | null;
  diastolicBp?: number | null;
  consciousness?: Consciousness | null;
  /** Missing means on air. */
  onOxygen?: boolean | null;
  symptoms?: readonly Symptom[] | null;
}

/** NEWS2 parameters, named as they appear in `news2:param=3:<parameter>` reasons. */
export const NEWS2_PARAMETERS = [
  'rr',
  'spo2',
  'oxygen',
  'sbp',
  'pulse',
  'consciousness',
  'temperature',
] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];

export interface News2 {
  total: number;
  /** Whether all seven parameters were measured (`vn-moh-2021.2` and later; absent under `vn-moh-2021`). */
  complete?: boolean;
  /** Points per parameter; null when the value was not measured (it adds nothing to the total). */
  scores: Record<News2Parameter, number | null>;
}

export interface Assessment {
  tier: RiskTier;
  /** The rules that decided the tier, e.g. `danger:spo2<=95` (format in README.md). Empty for green. */
  reasons: string[];
  /** Id of the rule set that produced this assessment, e.g. `vn-moh-2021`. */
  ruleSet: string;
  /** Null when there was no observation (risk factors only), and under 16 from `vn-moh-2021.2` on. */
  news2: News2 | null;
}
