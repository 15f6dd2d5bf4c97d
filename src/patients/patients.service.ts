import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { AreasService } from '../areas';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { AccessControl, Resource } from '../common/access';
import { Clock } from '../common/clock';
import { EventBus, type EventBuffer } from '../common/events';
import { DomainException } from '../common/errors/domain.exception';
import type { Page } from '../common/pagination';
import { PageQuery } from '../common/pagination';
import { toVietnameseE164 } from '../common/validation/phone';
import type { Assessment, RiskTier } from '../triage';
import { AppConfig } from '../config/app-config';
import { ageOn } from '../triage';
import { AssessmentsService } from './assessments.service';
import { AuditService } from '../audit';
import { AuditQuery } from '../audit';
import type { AuditEntryDto } from '../audit';
import { careDoctorPatientLoads, leastLoadedCareDoctor } from './care-team.queries';
import type { ObservationInputDto, ObservationPageDto, ObservationResultDto } from './dto/observation.dto';
import type {
  CreatePatientDto,
  OverrideTierDto,
  PatientDetailDto,
  PatientDto,
  PatientListQuery,
  PatientPageDto,
  ReassignPatientsDto,
  ReassignResultDto,
  TierChangeDto,
  UpdatePatientDto,
} from './dto/patient.dto';
import { FollowUpPlanner } from './follow-up.planner';
import type { AssessmentRow, ObservationRow, PatientRow } from './patient.rows';
import {
  OBSERVATION_COLUMNS,
  PATIENT_COLUMNS,
  toAssessmentDto,
  toObservationDto,
  toPatientDto,
} from './patient.rows';
import type { Sex } from './patient.types';
import { containsPattern, rows } from '../common/sql';

/** Fields that feed the rules: changing one re-assesses the patient. */
const RISK_FIELDS = ['dateOfBirth', 'comorbidities', 'pregnant', 'vaccineDoses', 'lastDoseDate'] as const;
const REQUIRED_FIELDS = [
  'fullName',
  'phone',
  'dateOfBirth',
  'sex',
  'district',
  'careSetting',
  'comorbidities',
  'pregnant',
  'vaccineDoses',
  'status',
] as const;
const COLUMN_OF: Record<keyof UpdatePatientDto, string> = {
  fullName: 'full_name',
  phone: 'phone',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  district: 'district',
  ward: 'ward',
  address: 'address',
  careSetting: 'care_setting',
  confirmedAt: 'confirmed_at',
  comorbidities: 'comorbidities',
  pregnant: 'pregnant',
  vaccineDoses: 'vaccine_doses',
  lastDoseDate: 'last_dose_date',
  status: 'status',
};
/** An assessment row as jsonb_build_object gives it (the instant as text). */
type AssessmentJson = Omit<AssessmentRow, 'at'> & { at: string };
/** A clock skew allowance for "taken at" sent by a phone. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly assessments: AssessmentsService,
    private readonly planner: FollowUpPlanner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly access: AccessControl,
    private readonly areas: AreasService,
  ) {}

  async load(tx: EntityManager | DataSource, id: string, lock = false): Promise<PatientRow> {
    const found = await rows<PatientRow>(
      tx,
      `SELECT ${PATIENT_COLUMNS} FROM patients p WHERE p.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!found[0]) throw DomainException.notFound('patient');
    return found[0];
  }

  private checkDates(input: { dateOfBirth?: string; lastDoseDate?: string }, now: Date): void {
    const today = DateTime.fromJSDate(now).setZone(this.config.operationsTz).toISODate() as string;
    const problems: string[] = [];
    if (input.dateOfBirth && input.dateOfBirth > today)
      problems.push('dateOfBirth must not be in the future');
    if (input.lastDoseDate && input.lastDoseDate > today)
      problems.push('lastDoseDate must not be in the future');
    if (problems.length) throw DomainException.invalid(problems);
  }

  /**
   * TRIAGE.md "Validation": a pregnancy is refused for a male patient or one under 10 (age on today's
   * date in OPERATIONS_TZ). Checked on the patient as it would be after the change.
   */
  private checkPregnancy(patient: { pregnant: boolean; sex: Sex; dateOfBirth: string }, now: Date): void {
    if (!patient.pregnant) return;
    const problems: string[] = [];
    if (patient.sex === 'male') problems.push('pregnant must be false for a patient whose sex is male');
    if (ageOn(patient.dateOfBirth, now, this.config.operationsTz).years < 10)
      problems.push('pregnant must be false for a patient under 10 years of age');
    if (problems.length) throw DomainException.invalid(problems);
  }

  async create(input: CreatePatientDto, caller: AuthUser): Promise<PatientDto> {
    const now = this.clock.now();
    this.checkDates(input, now);
    // the district and ward of the official list (400 naming the field), stored as the list names them
    const area = this.areas.resolve(input.district, input.ward);
    input = { ...input, district: area.district, ward: area.ward ?? undefined };
    this.checkPregnancy(
      { pregnant: input.pregnant ?? false, sex: input.sex, dateOfBirth: input.dateOfBirth },
      now,
    );
    const status = input.status ?? 'under_care';
    const patient = await this.bus.transact(async (tx, events) => {
      // Creations take turns choosing the doctor, so a burst of new patients spreads evenly.
      await rows(tx, `SELECT pg_advisory_xact_lock(hashtext('patients:assign-doctor'))`);
      const doctorId = await leastLoadedCareDoctor(tx);
      const draft = {
        date_of_birth: input.dateOfBirth,
        comorbidities: input.comorbidities ?? [],
        pregnant: input.pregnant ?? false,
        vaccine_doses: input.vaccineDoses ?? 0,
        last_dose_date: input.lastDoseDate ?? null,
      } as PatientRow;
      const result = this.assessments.evaluate(draft, undefined, now);
      const [row] = await rows<PatientRow>(
        tx,
        `INSERT INTO patients AS p (full_name, phone, date_of_birth, sex, district, ward, address, care_setting, confirmed_at,
           comorbidities, pregnant, vaccine_doses, last_dose_date, status, status_changed_at, risk_tier, tier_source,
           tier_changed_at, assigned_doctor_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'rules', $15, $17, $18, $15, $15)
         RETURNING ${PATIENT_COLUMNS}`,
        [
          input.fullName,
          toVietnameseE164(input.phone),
          input.dateOfBirth,
          input.sex,
          input.district,
          input.ward ?? null,
          input.address ?? null,
          input.careSetting,
          input.confirmedAt ?? null,
          draft.comorbidities,
          draft.pregnant,
          draft.vaccine_doses,
          draft.last_dose_date,
          status,
          now,
          result.tier,
          doctorId,
          caller.id,
        ],
      );
      await this.recordFirstAssessment(tx, row, result, caller, now);
      if (status === 'under_care') {
        await this.planner.schedule(tx, row, now, 0, now, events);
      }
      await this.audit.record(tx, [row.id], caller, 'create', now, { tier: result.tier });
      return row;
    });
    return toPatientDto(patient);
  }

  private async recordFirstAssessment(
    tx: EntityManager,
    patient: PatientRow,
    result: Assessment,
    caller: AuthUser,
    now: Date,
  ): Promise<void> {
    const [a] = await rows<{ id: string }>(
      tx,
      `INSERT INTO assessments (patient_id, tier, reasons, rule_set, news2, source, applied, created_by, at)
       VALUES ($1, $2, $3, $4, NULL, 'rules', true, $5, $6) RETURNING id`,
      [patient.id, result.tier, result.reasons, result.ruleSet, caller.id, now],
    );
    await rows(
      tx,
      `INSERT INTO tier_changes (patient_id, from_tier, to_tier, source, reasons, assessment_id, changed_by, at)
       VALUES ($1, NULL, $2, 'rules', $3, $4, $5, $6)`,
      [patient.id, result.tier, result.reasons, a.id, caller.id, now],
    );
  }

  async list(query: PatientListQuery, caller: AuthUser): Promise<PatientPageDto> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (caller.role === 'doctor') add('p.assigned_doctor_id = ?', caller.doctorId);
    if (query.district) add('lower(p.district) = lower(?)', query.district);
    if (query.status) add('p.status = ?', query.status);
    if (query.q) {
      const like = containsPattern(query.q);
      const phone = toVietnameseE164(query.q);
      params.push(like, phone ?? like);
      where.push(`(p.full_name ILIKE $${params.length - 1} OR p.phone LIKE $${params.length})`);
    }
    // the counts per tier are under every filter but the tier itself (the page's tier tabs)
    const byTier = await rows<{ tier: RiskTier; n: number }>(
      this.db,
      `SELECT p.risk_tier AS tier, count(*)::int AS n FROM patients p
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY p.risk_tier`,
      params,
    );
    const tierCounts: Record<RiskTier, number> = { green: 0, yellow: 0, orange: 0, red: 0 };
    for (const r of byTier) tierCounts[r.tier] = r.n;
    if (query.tier) add('p.risk_tier = ?', query.tier);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = query.tier
      ? tierCounts[query.tier]
      : Object.values(tierCounts).reduce((sum, n) => sum + n, 0);
    const found = await rows<PatientRow>(
      this.db,
      `SELECT ${PATIENT_COLUMNS} FROM patients p ${clause} ORDER BY p.created_at DESC, p.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    await this.audit.record(
      this.db,
      found.map((r) => r.id),
      caller,
      'list',
      this.clock.now(),
    );
    return { items: found.map(toPatientDto), total, page: query.page, limit: query.limit, tierCounts };
  }

  async get(id: string, caller: AuthUser): Promise<PatientDetailDto> {
    await this.access.requireAccess(caller, Resource.Patient, id);
    const patient = await this.load(this.db, id);
    const [extra] = await rows<{ doctor_name: string | null; next_due: Date | null }>(
      this.db,
      `SELECT (SELECT d.full_name FROM doctors d WHERE d.id = $2) AS doctor_name,
         (SELECT min(f.due_at) FROM follow_ups f WHERE f.patient_id = $1 AND f.status = 'open') AS next_due`,
      [id, patient.assigned_doctor_id],
    );
    await this.audit.record(this.db, [id], caller, 'read', this.clock.now());
    return {
      ...toPatientDto(patient),
      assignedDoctorName: extra.doctor_name,
      nextFollowUpDueAt: extra.next_due?.toISOString() ?? null,
    };
  }

  /** The observations of a patient, newest first, each with the rules' assessment of it. */
  async observations(id: string, query: PageQuery, caller: AuthUser): Promise<ObservationPageDto> {
    await this.access.requireAccess(caller, Resource.Patient, id);
    await this.load(this.db, id);
    await this.audit.record(this.db, [id], caller, 'history', this.clock.now(), { of: 'observations' });
    const found = await rows<ObservationRow & { total: number; assessment: AssessmentJson | null }>(
      this.db,
      `SELECT ${OBSERVATION_COLUMNS}, count(*) OVER ()::int AS total,
         (SELECT jsonb_build_object('id', a.id, 'tier', a.tier, 'reasons', a.reasons, 'rule_set', a.rule_set,
                   'news2', a.news2, 'source', a.source, 'applied', a.applied, 'at', a.at)
            FROM assessments a WHERE a.observation_id = o.id ORDER BY a.at DESC, a.id LIMIT 1) AS assessment
       FROM observations o WHERE o.patient_id = $1 ORDER BY o.taken_at DESC, o.id LIMIT $2 OFFSET $3`,
      [id, query.limit, query.offset],
    );
    return {
      items: found.map((r) => ({
        observation: toObservationDto(r),
        assessment: r.assessment ? toAssessmentDto({ ...r.assessment, at: new Date(r.assessment.at) }) : null,
      })),
      total: found[0]?.total ?? 0,
      page: query.page,
      limit: query.limit,
    };
  }

  async update(id: string, input: UpdatePatientDto, caller: AuthUser): Promise<PatientDto> {
    const now = this.clock.now();
    const fields = (Object.keys(input) as (keyof UpdatePatientDto)[]).filter((k) => input[k] !== undefined);
    const nulls = REQUIRED_FIELDS.filter((k) => (input as Record<string, unknown>)[k] === null);
    if (nulls.length) throw DomainException.invalid(nulls.map((k) => `${k} must not be null`));
    this.checkDates(input, now);
    const patient = await this.bus.transact(async (tx, events) => {
      const before = await this.load(tx, id, true);
      await this.access.requireAccess(caller, Resource.Patient, id, tx);
      if (fields.length === 0) return before;
      if (fields.includes('district') || fields.includes('ward')) {
        // checked as the patient would be after the change: a new district needs a ward of its own (or none)
        const area = this.areas.resolve(
          input.district ?? before.district,
          input.ward !== undefined ? input.ward : before.ward,
        );
        if (fields.includes('district')) input.district = area.district;
        if (fields.includes('ward')) (input as { ward?: string | null }).ward = area.ward;
      }
      if (fields.some((f) => f === 'pregnant' || f === 'sex' || f === 'dateOfBirth')) {
        this.checkPregnancy(
          {
            pregnant: input.pregnant ?? before.pregnant,
            sex: input.sex ?? before.sex,
            dateOfBirth: input.dateOfBirth ?? before.date_of_birth,
          },
          now,
        );
      }
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const field of fields) {
        const value = field === 'phone' ? toVietnameseE164(input.phone) : input[field];
        params.push(value);
        sets.push(`${COLUMN_OF[field]} = $${params.length}`);
      }
      params.push(now);
      sets.push(`updated_at = $${params.length}`);
      const statusChanged = input.status !== undefined && input.status !== before.status;
      if (statusChanged) sets.push(`status_changed_at = $${params.length}`);
      const [after] = await rows<PatientRow>(
        tx,
        `UPDATE patients p SET ${sets.join(', ')} WHERE p.id = $1 RETURNING ${PATIENT_COLUMNS}`,
        params,
      );
      if (statusChanged && before.status === 'under_care') await this.planner.cancelOpen(tx, id, now);
      // Back under care: a follow-up due at once (before any re-assessment, which may move it earlier still).
      if (statusChanged && after.status === 'under_care')
        await this.planner.schedule(tx, after, now, 0, now, events);
      if (fields.some((f) => (RISK_FIELDS as readonly string[]).includes(f))) {
        await this.assessments.reassess(tx, after, caller, now, events);
      }
      await this.audit.record(tx, [id], caller, 'update', now, { fields });
      return this.load(tx, id);
    });
    return toPatientDto(patient);
  }

  async observe(id: string, input: ObservationInputDto, caller: AuthUser): Promise<ObservationResultDto> {
    const now = this.clock.now();
    const takenAt = input.takenAt ? new Date(input.takenAt) : now;
    if (takenAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      throw DomainException.invalid('takenAt must not be in the future');
    return this.bus.transact(async (tx, events) => {
      const patient = await this.load(tx, id, true);
      await this.access.requireAccess(caller, Resource.Patient, id, tx);
      const { observation, applied } = await this.recordObservation(
        tx,
        patient,
        input,
        takenAt,
        caller,
        now,
        events,
        true,
      );
      await this.audit.record(tx, [id], caller, 'observation', now, {
        observationId: observation.id,
        tier: applied.assessment.tier,
      });
      return { observation: toObservationDto(observation), assessment: toAssessmentDto(applied.assessment) };
    });
  }

  /** Stores an observation, assesses it and applies the assessment (shared with completing a follow-up). */
  async recordObservation(
    tx: EntityManager,
    patient: PatientRow,
    input: ObservationInputDto,
    takenAt: Date,
    caller: AuthUser,
    now: Date,
    events: EventBuffer,
    moveFollowUp: boolean,
  ) {
    const result = this.assessments.evaluate(patient, { ...input, takenAt }, takenAt);
    const [observation] = await rows<ObservationRow>(
      tx,
      `INSERT INTO observations AS o (patient_id, taken_at, spo2, respiratory_rate, heart_rate, temperature, systolic_bp,
         diastolic_bp, consciousness, on_oxygen, symptoms, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${OBSERVATION_COLUMNS}`,
      [
        patient.id,
        takenAt,
        input.spo2,
        input.respiratoryRate,
        input.heartRate ?? null,
        input.temperature ?? null,
        input.systolicBp ?? null,
        input.diastolicBp ?? null,
        input.consciousness ?? null,
        input.onOxygen ?? false,
        input.symptoms ?? [],
        caller.id,
        now,
      ],
    );
    const applied = await this.assessments.apply(
      tx,
      patient,
      result,
      { source: 'rules', observationId: observation.id, actor: caller, now, moveFollowUp },
      events,
    );
    return { observation, applied };
  }

  /** A tier set by hand (care team or the patient's own doctor); it stands until the rules assess higher. */
  async overrideTier(id: string, input: OverrideTierDto, caller: AuthUser): Promise<PatientDto> {
    const now = this.clock.now();
    const patient = await this.bus.transact(async (tx, events) => {
      const patient = await this.load(tx, id, true);
      await this.access.requireAccess(caller, Resource.PatientTier, id, tx);
      const from = patient.risk_tier;
      await this.assessments.apply(
        tx,
        patient,
        { tier: input.tier, reasons: [input.reason], ruleSet: 'override', news2: null },
        { source: 'override', observationId: null, actor: caller, now },
        events,
      );
      await this.audit.record(tx, [id], caller, 'override', now, { from, to: input.tier });
      return this.load(tx, id);
    });
    return toPatientDto(patient);
  }

  async history(id: string, query: PageQuery, caller: AuthUser): Promise<Page<TierChangeDto>> {
    await this.access.requireAccess(caller, Resource.Patient, id);
    await this.audit.record(this.db, [id], caller, 'history', this.clock.now());
    const found = await rows<{
      at: Date;
      from_tier: TierChangeDto['from'];
      to_tier: TierChangeDto['to'];
      source: TierChangeDto['source'];
      reasons: string[];
      changed_by: string | null;
      role: string | null;
      assessment_id: string | null;
      rule_set: string | null;
      total: number;
    }>(
      this.db,
      `SELECT t.at, t.from_tier, t.to_tier, t.source, t.reasons, t.changed_by, u.role, t.assessment_id, a.rule_set,
         count(*) OVER ()::int AS total
       FROM tier_changes t LEFT JOIN users u ON u.id = t.changed_by LEFT JOIN assessments a ON a.id = t.assessment_id
       WHERE t.patient_id = $1 ORDER BY t.at, t.id LIMIT $2 OFFSET $3`,
      [id, query.limit, query.offset],
    );
    return {
      items: found.map((r) => ({
        at: r.at.toISOString(),
        from: r.from_tier,
        to: r.to_tier,
        source: r.source,
        reasons: r.reasons,
        changedBy: r.changed_by,
        changedByRole: r.role,
        assessmentId: r.assessment_id,
        ruleSet: r.rule_set,
      })),
      total: found[0]?.total ?? 0,
      page: query.page,
      limit: query.limit,
    };
  }

  async auditTrail(id: string, query: PageQuery, caller: AuthUser): Promise<Page<AuditEntryDto>> {
    await this.load(this.db, id);
    const byPatient = Object.assign(new AuditQuery(), {
      page: query.page,
      limit: query.limit,
      patientId: id,
    });
    return this.audit.list(byPatient, caller);
  }

  /**
   * A doctor drops out: their patients move to one doctor, or spread over the active care doctors by
   * fewest patients. Open follow-ups they held for those patients move along.
   */
  async reassign(input: ReassignPatientsDto, caller: AuthUser): Promise<ReassignResultDto> {
    const now = this.clock.now();
    return this.bus.transact(async (tx, events) => {
      await rows(tx, `SELECT pg_advisory_xact_lock(hashtext('patients:assign-doctor'))`);
      const [from] = await rows<{ id: string }>(tx, `SELECT id FROM doctors WHERE id = $1`, [
        input.fromDoctorId,
      ]);
      if (!from) throw DomainException.notFound('doctor');
      if (input.toDoctorId === input.fromDoctorId)
        throw DomainException.invalid('toDoctorId must differ from fromDoctorId');
      const loads = await careDoctorPatientLoads(tx, input.fromDoctorId);
      if (input.toDoctorId && !loads.has(input.toDoctorId)) {
        throw DomainException.invalid('toDoctorId must be an active doctor of the active care group');
      }
      const patients = await rows<{ id: string }>(
        tx,
        `SELECT id FROM patients WHERE assigned_doctor_id = $1 ORDER BY created_at, id FOR UPDATE`,
        [input.fromDoctorId],
      );
      if (patients.length === 0) return { moved: 0, to: [] };
      const targets: string[] = [];
      for (let i = 0; i < patients.length; i++) {
        const to = input.toDoctorId ?? loads.take();
        if (!to) throw DomainException.conflict('no other active care doctor to take the patients');
        targets.push(to);
      }
      const ids = patients.map((p) => p.id);
      await rows(
        tx,
        `UPDATE patients p SET assigned_doctor_id = u.doctor_id, updated_at = $3
         FROM unnest($1::uuid[], $2::uuid[]) AS u(id, doctor_id) WHERE p.id = u.id`,
        [ids, targets, now],
      );
      const moved = await rows<{
        id: string;
        patient_id: string;
        due_at: Date;
        tier: PatientRow['risk_tier'];
        doctor_id: string;
      }>(
        tx,
        `UPDATE follow_ups f SET doctor_id = p.assigned_doctor_id, reassigned_from = f.doctor_id
         FROM patients p
         WHERE p.id = f.patient_id AND f.status = 'open' AND f.doctor_id = $1 AND p.id = ANY($2::uuid[])
         RETURNING f.id, f.patient_id, f.due_at, f.tier, f.doctor_id`,
        [input.fromDoctorId, ids],
      );
      // Waiting follow-ups move in the dispatch queue too (it keeps a copy of the doctor).
      await rows(
        tx,
        `UPDATE follow_up_dispatch_queue q SET doctor_id = f.doctor_id FROM follow_ups f
         WHERE f.id = q.follow_up_id AND f.id = ANY($1::uuid[])`,
        [moved.map((f) => f.id)],
      );
      for (const f of moved) {
        if (f.due_at.getTime() <= now.getTime()) {
          if (f.doctor_id)
            events.add('followup.assigned', {
              doctorId: f.doctor_id,
              payload: {
                followUpId: f.id,
                patientId: f.patient_id,
                dueAt: f.due_at.toISOString(),
                tier: f.tier,
              },
            });
        }
      }
      await this.audit.record(tx, ids, caller, 'reassign', now, { fromDoctorId: input.fromDoctorId });
      const counts = new Map<string, number>();
      for (const t of targets) counts.set(t, (counts.get(t) ?? 0) + 1);
      return { moved: ids.length, to: [...counts].map(([doctorId, n]) => ({ doctorId, patients: n })) };
    });
  }
}
