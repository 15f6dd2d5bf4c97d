import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import type { Assessment, RiskTier, TriageObservation } from '../triage';
import { assess, DEFAULT_RULE_SET, nextDueAt, tierRank } from '../triage';
import { EscalationsService } from './escalations.service';
import { FollowUpPlanner } from './follow-up.planner';
import type { AssessmentRow, ObservationRow, PatientRow } from './patient.rows';
import { OBSERVATION_COLUMNS, triageObservationOf, triagePatientOf } from './patient.rows';
import type { TierSource } from './patient.types';
import type { EventBuffer } from '../common/events';

export interface ApplyInput {
  source: TierSource;
  observationId: string | null;
  actor: AuthUser | null;
  now: Date;
  /** false when the caller schedules the next follow-up itself (completing one). */
  moveFollowUp?: boolean;
}

export interface Applied {
  assessment: AssessmentRow;
  /** The patient's tier before and after. */
  from: RiskTier;
  to: RiskTier;
}

/**
 * Runs the rules and applies assessments to a patient: the rule of TRIAGE.md "Overrides" (an
 * override stands until an assessment higher than it), the tier history, the follow-up brought
 * forward on a rise, and an escalation for red. Callers hold the patient's row lock.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly planner: FollowUpPlanner,
    private readonly escalations: EscalationsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The rules of the default rule set, age counted on calendar dates in OPERATIONS_TZ; bad input the
   * DTOs let through (a date before birth) is a 400.
   */
  evaluate(patient: PatientRow, observation: TriageObservation | undefined, at: Date): Assessment {
    try {
      return assess(
        triagePatientOf(patient),
        observation,
        { at, zone: this.config.operationsTz },
        DEFAULT_RULE_SET,
      );
    } catch (err) {
      if (err instanceof RangeError) throw DomainException.invalid(err.message);
      throw err;
    }
  }

  async latestObservation(tx: EntityManager, patientId: string): Promise<ObservationRow | undefined> {
    const rows = await tx.query<ObservationRow[]>(
      `SELECT ${OBSERVATION_COLUMNS} FROM observations o WHERE o.patient_id = $1 ORDER BY o.taken_at DESC, o.created_at DESC LIMIT 1`,
      [patientId],
    );
    return rows[0];
  }

  /** Re-runs the rules on the patient's latest observation (or risk factors alone) and applies the result. */
  async reassess(
    tx: EntityManager,
    patient: PatientRow,
    actor: AuthUser | null,
    now: Date,
    events: EventBuffer,
    moveFollowUp = true,
  ): Promise<Applied> {
    const last = await this.latestObservation(tx, patient.id);
    const result = this.evaluate(patient, last ? triageObservationOf(last) : undefined, now);
    return this.apply(
      tx,
      patient,
      result,
      { source: 'rules', observationId: last?.id ?? null, actor, now, moveFollowUp },
      events,
    );
  }

  async apply(
    tx: EntityManager,
    patient: PatientRow,
    result: Assessment,
    input: ApplyInput,
    events: EventBuffer,
  ): Promise<Applied> {
    const { source, now, actor } = input;
    const from = patient.risk_tier;
    // An override holds until an assessment by the rules comes out higher than it.
    const applied =
      source === 'override' || patient.tier_source === 'rules' || tierRank(result.tier) > tierRank(from);
    const [assessment] = await tx.query<AssessmentRow[]>(
      `INSERT INTO assessments (patient_id, observation_id, tier, reasons, rule_set, news2, source, applied, created_by, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING id, tier, reasons, rule_set, news2, source, applied, at`,
      [
        patient.id,
        input.observationId,
        result.tier,
        result.reasons,
        source === 'rules' ? result.ruleSet : null,
        result.news2 ? JSON.stringify(result.news2) : null,
        source,
        applied,
        actor?.id ?? null,
        now,
      ],
    );
    if (!applied) return { assessment, from, to: from };

    const to = result.tier;
    const changed = to !== from;
    if (changed || source !== patient.tier_source) {
      await tx.query(
        `INSERT INTO tier_changes (patient_id, from_tier, to_tier, source, reasons, assessment_id, changed_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [patient.id, from, to, source, result.reasons, assessment.id, actor?.id ?? null, now],
      );
    }
    await tx.query(
      `UPDATE patients SET risk_tier = $2, tier_source = $3, tier_changed_at = CASE WHEN $4 THEN $5 ELSE tier_changed_at END,
         updated_at = $5 WHERE id = $1`,
      [patient.id, to, source, changed, now],
    );
    const previousTier = patient.risk_tier;
    patient.risk_tier = to;
    patient.tier_source = source;
    if (changed) {
      patient.tier_changed_at = now;
      if (patient.assigned_doctor_id)
        events.add('patient.tier-changed', {
          doctorId: patient.assigned_doctor_id,
          payload: { patientId: patient.id, from, to, reasons: result.reasons },
        });
    }
    if (patient.status !== 'under_care') return { assessment, from, to };
    if (changed && tierRank(to) > tierRank(previousTier) && input.moveFollowUp !== false) {
      const lastCompletedAt = await this.planner.lastCompletedAt(tx, patient.id);
      const dueAt = nextDueAt({ tier: to, lastCompletedAt, tierChangedAt: now, previousTier, now });
      await this.planner.bringForward(tx, patient, dueAt, now, events);
    }
    if (to === 'red') await this.escalations.open(tx, patient.id, to, result.reasons, 'red', now, events);
    return { assessment, from, to };
  }
}
