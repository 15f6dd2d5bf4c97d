import { CARE_SETTINGS, CONSULT_OUTCOMES, RISK_TIERS } from './vocabularies';

/**
 * Form checks run before a request is sent, so a doctor on a phone sees the problem next to the field
 * at once. The server stays the judge (it checks the same ranges, TRIAGE.md); these mirror it.
 * Errors are message keys of the dictionary (i18n.ts) with parameters, so both languages work.
 */
export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}
export type FormErrors = Record<string, FieldError>;

/** Vital-sign ranges accepted by the API (TRIAGE.md "Validation"). */
export const VITAL_RANGES = {
  spo2: { min: 50, max: 100, required: true },
  respiratoryRate: { min: 0, max: 80, required: true },
  heartRate: { min: 20, max: 250, required: false },
  systolicBp: { min: 40, max: 300, required: false },
  diastolicBp: { min: 20, max: 200, required: false },
  temperature: { min: 30, max: 45, required: false },
} as const;
export type VitalField = keyof typeof VITAL_RANGES;
export const VITAL_FIELDS = Object.keys(VITAL_RANGES) as VitalField[];

/** Parses a number typed by hand; accepts a decimal comma (37,5) as Vietnamese keyboards type it. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

export type VitalsForm = Partial<Record<VitalField, string>>;

/** Checks the vitals and returns the body fields (numbers) when they are all right. */
export function validateVitals(form: VitalsForm): {
  errors: FormErrors;
  values: Partial<Record<VitalField, number>>;
} {
  const errors: FormErrors = {};
  const values: Partial<Record<VitalField, number>> = {};
  for (const field of VITAL_FIELDS) {
    const range = VITAL_RANGES[field];
    const raw = (form[field] ?? '').trim();
    if (raw === '') {
      if (range.required) errors[field] = { key: 'err.required' };
      continue;
    }
    const n = parseNumber(raw);
    if (n === null) {
      errors[field] = { key: 'err.number' };
      continue;
    }
    if (field !== 'temperature' && !Number.isInteger(n)) {
      errors[field] = { key: 'err.whole' };
      continue;
    }
    // The server refuses a temperature with more than one decimal (TRIAGE.md "Validation").
    if (field === 'temperature' && !/^-?\d+([.,]\d)?$/.test(raw)) {
      errors[field] = { key: 'err.oneDecimal' };
      continue;
    }
    if (n < range.min || n > range.max) {
      errors[field] = { key: 'err.range', params: { min: range.min, max: range.max } };
      continue;
    }
    values[field] = n;
  }
  return { errors, values };
}

/** Vietnamese phone numbers as the API takes them: 0 + 9 digits, or +84 + 9 digits (spaces and dots allowed). */
export function isVietnamesePhone(text: string): boolean {
  const t = text.replace(/[\s.-]/g, '');
  return /^(0|\+84|84)[1-9]\d{8}$/.test(t);
}

export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export interface PatientForm {
  fullName: string;
  phone: string;
  dateOfBirth: string;
  sex: string;
  district: string;
  careSetting: string;
}

export function validatePatient(form: PatientForm, today: string): FormErrors {
  const errors: FormErrors = {};
  if (!form.fullName.trim()) errors.fullName = { key: 'err.required' };
  if (!form.phone.trim()) errors.phone = { key: 'err.required' };
  else if (!isVietnamesePhone(form.phone)) errors.phone = { key: 'err.phone' };
  if (!form.dateOfBirth) errors.dateOfBirth = { key: 'err.required' };
  else if (!isLocalDate(form.dateOfBirth)) errors.dateOfBirth = { key: 'err.date' };
  else if (form.dateOfBirth > today) errors.dateOfBirth = { key: 'err.future' };
  if (!['female', 'male', 'other'].includes(form.sex)) errors.sex = { key: 'err.required' };
  if (!form.district.trim()) errors.district = { key: 'err.required' };
  if (!(CARE_SETTINGS as readonly string[]).includes(form.careSetting))
    errors.careSetting = { key: 'err.required' };
  return errors;
}

/** A tier override needs a tier and a reason a colleague can read later. */
export function validateOverride(tier: string, reason: string): FormErrors {
  const errors: FormErrors = {};
  if (!(RISK_TIERS as readonly string[]).includes(tier)) errors.tier = { key: 'err.required' };
  if (reason.trim().length < 3) errors.reason = { key: 'err.reason' };
  return errors;
}

export { CONSULT_OUTCOMES };

export function validateCompletion(outcome: string, notes: string): FormErrors {
  const errors: FormErrors = {};
  if (!(CONSULT_OUTCOMES as readonly string[]).includes(outcome)) errors.outcome = { key: 'err.required' };
  if (notes.length > 2000) errors.notes = { key: 'err.tooLong', params: { max: 2000 } };
  return errors;
}

export const REQUIREMENT_MAX = 1000;

/** A window requirement: a whole number 0–REQUIREMENT_MAX. */
export function parseRequirement(text: string): number | null {
  const n = parseNumber(text);
  return n !== null && Number.isInteger(n) && n >= 0 && n <= REQUIREMENT_MAX ? n : null;
}

export const hasErrors = (errors: FormErrors): boolean => Object.keys(errors).length > 0;
