// Rows as the SQL of this module selects them, and their mapping to response DTOs.
import type {
  Comorbidity,
  Consciousness,
  News2,
  RiskTier,
  Symptom,
  TriageObservation,
  TriagePatient,
} from '../triage';
import { overdueAt } from '../triage';
import type { AssessmentDto, ObservationDto } from './dto/observation.dto';
import type { EscalationDto } from './dto/escalation.dto';
import type { FollowUpDto } from './dto/follow-up.dto';
import type { PatientDto } from './dto/patient.dto';
import type {
  CareSetting,
  EscalationCause,
  EscalationOutcome,
  FollowUpStatus,
  PatientStatus,
  Sex,
  TierSource,
} from './patient.types';

/** Dates as text, so no zone of the machine can shift a date of birth. */
export const PATIENT_COLUMNS = `p.id, p.full_name, p.phone, p.date_of_birth::text AS date_of_birth, p.sex, p.district, p.ward,
  p.address, p.care_setting, p.confirmed_at, p.comorbidities, p.pregnant, p.vaccine_doses,
  p.last_dose_date::text AS last_dose_date, p.status, p.status_changed_at, p.risk_tier, p.tier_source, p.tier_changed_at,
  p.assigned_doctor_id, p.created_at, p.updated_at`;

export interface PatientRow {
  id: string;
  full_name: string;
  phone: string;
  date_of_birth: string;
  sex: Sex;
  district: string;
  ward: string | null;
  address: string | null;
  care_setting: CareSetting;
  confirmed_at: Date | null;
  comorbidities: Comorbidity[];
  pregnant: boolean;
  vaccine_doses: number;
  last_dose_date: string | null;
  status: PatientStatus;
  status_changed_at: Date;
  risk_tier: RiskTier;
  tier_source: TierSource;
  tier_changed_at: Date;
  assigned_doctor_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toPatientDto(p: PatientRow): PatientDto {
  return {
    id: p.id,
    fullName: p.full_name,
    phone: p.phone,
    dateOfBirth: p.date_of_birth,
    sex: p.sex,
    district: p.district,
    ward: p.ward,
    address: p.address,
    careSetting: p.care_setting,
    confirmedAt: p.confirmed_at?.toISOString() ?? null,
    comorbidities: p.comorbidities,
    pregnant: p.pregnant,
    vaccineDoses: p.vaccine_doses,
    lastDoseDate: p.last_dose_date,
    status: p.status,
    riskTier: p.risk_tier,
    tierSource: p.tier_source,
    tierChangedAt: p.tier_changed_at.toISOString(),
    assignedDoctorId: p.assigned_doctor_id,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

export function triagePatientOf(
  p: Pick<PatientRow, 'date_of_birth' | 'comorbidities' | 'pregnant' | 'vaccine_doses' | 'last_dose_date'>,
): TriagePatient {
  return {
    dateOfBirth: p.date_of_birth,
    comorbidities: p.comorbidities,
    pregnant: p.pregnant,
    vaccineDoses: p.vaccine_doses,
    lastDoseDate: p.last_dose_date,
  };
}

export const OBSERVATION_COLUMNS = `o.id, o.patient_id, o.taken_at, o.spo2, o.respiratory_rate, o.heart_rate, o.temperature,
  o.systolic_bp, o.diastolic_bp, o.consciousness, o.on_oxygen, o.symptoms, o.recorded_by`;

export interface ObservationRow {
  id: string;
  patient_id: string;
  taken_at: Date;
  spo2: number;
  respiratory_rate: number;
  heart_rate: number | null;
  temperature: number | null;
  systolic_bp: number | null;
  diastolic_bp: number | null;
  consciousness: Consciousness | null;
  on_oxygen: boolean;
  symptoms: Symptom[];
  recorded_by: string | null;
}

export function toObservationDto(o: ObservationRow): ObservationDto {
  return {
    id: o.id,
    patientId: o.patient_id,
    takenAt: o.taken_at.toISOString(),
    ...signsOf(o),
    recordedBy: o.recorded_by,
  };
}

export function triageObservationOf(o: ObservationRow): TriageObservation {
  return {
    takenAt: o.taken_at,
    ...signsOf(o),
  };
}

/** The vital signs and symptoms of a row in the API's names: one mapping for the response and the triage input. */
function signsOf(o: ObservationRow): Omit<ObservationDto, 'id' | 'patientId' | 'takenAt' | 'recordedBy'> {
  return {
    spo2: o.spo2,
    respiratoryRate: o.respiratory_rate,
    heartRate: o.heart_rate,
    temperature: o.temperature,
    systolicBp: o.systolic_bp,
    diastolicBp: o.diastolic_bp,
    consciousness: o.consciousness,
    onOxygen: o.on_oxygen,
    symptoms: o.symptoms,
  };
}

export interface AssessmentRow {
  id: string;
  tier: RiskTier;
  reasons: string[];
  rule_set: string | null;
  news2: News2 | null;
  source: TierSource;
  applied: boolean;
  at: Date;
}

export function toAssessmentDto(a: AssessmentRow): AssessmentDto {
  return {
    id: a.id,
    tier: a.tier,
    reasons: a.reasons,
    ruleSet: a.rule_set,
    news2: a.news2,
    source: a.source,
    applied: a.applied,
    at: a.at.toISOString(),
  };
}

export const FOLLOW_UP_COLUMNS = `f.id, f.patient_id, f.doctor_id, f.tier, f.due_at, f.status, f.consecutive_misses,
  f.overdue_reported_at, f.reassigned_from, f.reached, f.notes, f.observation_id, f.completed_at`;

export interface FollowUpRow {
  id: string;
  patient_id: string;
  doctor_id: string | null;
  tier: RiskTier;
  due_at: Date;
  status: FollowUpStatus;
  consecutive_misses: number;
  overdue_reported_at: Date | null;
  reassigned_from: string | null;
  reached: boolean | null;
  notes: string | null;
  observation_id: string | null;
  completed_at: Date | null;
}

export function toFollowUpDto(f: FollowUpRow, now: Date): FollowUpDto {
  return {
    id: f.id,
    patientId: f.patient_id,
    doctorId: f.doctor_id,
    tier: f.tier,
    dueAt: f.due_at.toISOString(),
    status: f.status,
    consecutiveMisses: f.consecutive_misses,
    overdue: f.status === 'open' && overdueAt(f.due_at) <= now,
    overdueReportedAt: f.overdue_reported_at?.toISOString() ?? null,
    reassignedFrom: f.reassigned_from,
    reached: f.reached,
    notes: f.notes,
    observationId: f.observation_id,
    completedAt: f.completed_at?.toISOString() ?? null,
  };
}

export const ESCALATION_COLUMNS = `e.id, e.patient_id, e.tier, e.reasons, e.cause, e.status, e.opened_at, e.outcome, e.notes,
  e.resolved_by, e.resolved_at`;

export interface EscalationRow {
  id: string;
  patient_id: string;
  tier: RiskTier;
  reasons: string[];
  cause: EscalationCause;
  status: 'open' | 'resolved';
  opened_at: Date;
  outcome: EscalationOutcome | null;
  notes: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export function toEscalationDto(e: EscalationRow): EscalationDto {
  return {
    id: e.id,
    patientId: e.patient_id,
    tier: e.tier,
    reasons: e.reasons,
    cause: e.cause,
    status: e.status,
    openedAt: e.opened_at.toISOString(),
    outcome: e.outcome,
    notes: e.notes,
    resolvedBy: e.resolved_by,
    resolvedAt: e.resolved_at?.toISOString() ?? null,
  };
}
