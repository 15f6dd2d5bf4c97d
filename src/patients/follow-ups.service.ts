import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime, Duration } from 'luxon';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth';
import { AccessControl, Resource } from '../common/access';
import { Clock } from '../common/clock';
import { EventBus } from '../common/events';
import { DomainException } from '../common/errors/domain.exception';
import type { Page } from '../common/pagination';
import { DEFAULT_CADENCE, nextDueAt, retryDueAt, shouldEscalateAfterMisses } from '../triage';
import { AssessmentsService } from './assessments.service';
import { AuditService } from '../audit';
import type {
  CompleteFollowUpDto,
  CompleteFollowUpResultDto,
  FollowUpDto,
  FollowUpQuery,
} from './dto/follow-up.dto';
import { EscalationsService } from './escalations.service';
import { FollowUpPlanner } from './follow-up.planner';
import type { FollowUpRow } from './patient.rows';
import { FOLLOW_UP_COLUMNS, toAssessmentDto, toFollowUpDto } from './patient.rows';
import { PatientsService } from './patients.service';
import { rows as rowsOf } from '../common/sql';

/** The instant before which a follow-up's due time makes it overdue now. */
export function overdueCutoff(now: Date): Date {
  return DateTime.fromJSDate(now).minus(Duration.fromObject(DEFAULT_CADENCE.overdueGrace)).toJSDate();
}

@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly patients: PatientsService,
    private readonly assessments: AssessmentsService,
    private readonly escalations: EscalationsService,
    private readonly planner: FollowUpPlanner,
    private readonly audit: AuditService,
    private readonly access: AccessControl,
  ) {}

  async list(query: FollowUpQuery, caller: AuthUser): Promise<Page<FollowUpDto>> {
    const now = this.clock.now();
    if (query.doctorId) await this.access.requireAccess(caller, Resource.Doctor, query.doctorId);
    const doctorId = caller.role === 'doctor' ? caller.doctorId : query.doctorId;
    const params: unknown[] = [];
    const where: string[] = [];
    let order = 'f.due_at, f.id';
    switch (query.status) {
      case 'open':
        where.push(`f.status = 'open'`);
        break;
      case 'due':
        params.push(now);
        where.push(`f.status = 'open'`, `f.due_at <= $${params.length}`);
        break;
      case 'overdue':
        params.push(overdueCutoff(now));
        where.push(`f.status = 'open'`, `f.due_at <= $${params.length}`);
        break;
      case 'done':
        where.push(`f.status IN ('done', 'missed')`);
        order = 'f.completed_at DESC, f.id';
        break;
    }
    if (doctorId) {
      params.push(doctorId);
      where.push(`f.doctor_id = $${params.length}`);
    }
    const clause = where.join(' AND ');
    // One round trip: the page and the total together (a page past the end asks for the total alone).
    const rows = await this.db.query<(FollowUpRow & { total: number })[]>(
      `SELECT ${FOLLOW_UP_COLUMNS}, count(*) OVER ()::int AS total FROM follow_ups f WHERE ${clause} ORDER BY ${order}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const [count] = await this.db.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM follow_ups f WHERE ${clause}`,
        params,
      );
      total = count.total;
    }
    const subjects = rows.map((r) => ({ resource: 'follow_up' as const, id: r.id, patientId: r.patient_id }));
    await this.audit.recordSubjects(this.db, subjects, caller, 'list', now);
    return { items: rows.map((r) => toFollowUpDto(r, now)), total, page: query.page, limit: query.limit };
  }

  /**
   * Records one attempt. Reached: the observation (if any) is assessed, and the next follow-up is
   * due by the cadence of the tier from now. Not reached: a retry after the tier's retry interval,
   * and an escalation after the tier's number of misses in a row.
   */
  async complete(
    id: string,
    input: CompleteFollowUpDto,
    caller: AuthUser,
  ): Promise<CompleteFollowUpResultDto> {
    if (!input.reached && input.observation)
      throw DomainException.invalid('observation can only be given when reached is true');
    const now = this.clock.now();
    const result = await this.bus.transact(async (tx, events) => {
      const [found] = await tx.query<
        {
          patient_id: string;
          doctor_id: string | null;
        }[]
      >(`SELECT patient_id, doctor_id FROM follow_ups WHERE id = $1`, [id]);
      if (!found) throw DomainException.notFound('follow-up');
      const patient = await this.patients.load(tx, found.patient_id, true);
      const [current] = await tx.query<FollowUpRow[]>(
        `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f WHERE f.id = $1 FOR UPDATE`,
        [id],
      );
      await this.access.requireAccess(caller, Resource.FollowUp, id, tx);
      if (current.status !== 'open')
        throw DomainException.conflict(`the follow-up is already ${current.status}`);
      let takenAt = now;
      if (input.observation?.takenAt) takenAt = new Date(input.observation.takenAt);
      if (takenAt.getTime() > now.getTime() + 5 * 60_000)
        throw DomainException.invalid('takenAt must not be in the future');

      const misses = input.reached ? 0 : current.consecutive_misses + 1;
      const [closed] = await rowsOf<FollowUpRow>(
        tx,
        `UPDATE follow_ups f SET status = $2, reached = $3, notes = $4, completed_at = $5, completed_by = $6
         WHERE f.id = $1 RETURNING ${FOLLOW_UP_COLUMNS}`,
        [id, input.reached ? 'done' : 'missed', input.reached, input.notes ?? null, now, caller.id],
      );
      await this.planner.dequeue(tx, id);
      const previousTier = patient.risk_tier;
      let assessment: Awaited<ReturnType<AssessmentsService['apply']>>['assessment'] | null = null;
      if (input.reached) {
        if (input.observation) {
          const recorded = await this.patients.recordObservation(
            tx,
            patient,
            input.observation,
            takenAt,
            caller,
            now,
            events,
            false,
          );
          assessment = recorded.applied.assessment;
          await tx.query(`UPDATE follow_ups SET observation_id = $2 WHERE id = $1`, [
            id,
            recorded.observation.id,
          ]);
          closed.observation_id = recorded.observation.id;
        } else {
          const applied = await this.assessments.reassess(tx, patient, caller, now, events, false);
          assessment = applied.assessment;
        }
      }
      let next: { id: string; dueAt: Date } | null = null;
      if (patient.status === 'under_care') {
        const tier = patient.risk_tier;
        // A red found at this follow-up changed the tier at `now`, the completion itself: nextDueAt
        // counts the next one an hour on rather than at once (the escalation opened in apply()).
        const dueAt = input.reached
          ? nextDueAt({
              tier,
              lastCompletedAt: now,
              tierChangedAt: patient.tier_changed_at,
              previousTier: tier !== previousTier ? previousTier : null,
              now,
            })
          : retryDueAt(tier, now);
        const planned = await this.planner.schedule(tx, patient, dueAt, misses, now, events);
        next = { id: planned.id, dueAt: planned.dueAt };
        if (!input.reached && shouldEscalateAfterMisses(tier, misses)) {
          await this.escalations.open(
            tx,
            patient.id,
            tier,
            [`followup:missed=${misses}`],
            'missed_follow_ups',
            now,
            events,
          );
        }
      }
      await this.audit.record(tx, [patient.id], caller, 'follow_up', now, {
        followUpId: id,
        reached: input.reached,
        ...(assessment ? { tier: assessment.tier } : {}),
      });
      return { closed, assessment, next };
    });
    return {
      followUp: toFollowUpDto(result.closed, now),
      assessment: result.assessment ? toAssessmentDto(result.assessment) : null,
      next: result.next ? { id: result.next.id, dueAt: result.next.dueAt.toISOString() } : null,
    };
  }
}
