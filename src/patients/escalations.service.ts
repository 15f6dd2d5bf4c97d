import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import type { Page } from '../common/pagination';
import type { RiskTier } from '../triage';
import { AuditService } from '../audit';
import type { EscalationDto, EscalationQuery, ResolveEscalationDto } from './dto/escalation.dto';
import { FollowUpPlanner } from './follow-up.planner';
import type { EscalationRow } from './patient.rows';
import { ESCALATION_COLUMNS, toEscalationDto } from './patient.rows';
import type { EscalationCause } from './patient.types';
import type { EventBuffer } from '../common/events';
import { rows as rowsOf } from '../common/sql';

@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly planner: FollowUpPlanner,
    private readonly audit: AuditService,
  ) {}

  /**
   * Opens an escalation unless one is open for the patient already (the partial unique index makes
   * a second one impossible, whatever the concurrency). Coordinators hear of a new one after commit.
   */
  async open(
    tx: EntityManager,
    patientId: string,
    tier: RiskTier,
    reasons: string[],
    cause: EscalationCause,
    now: Date,
    events: EventBuffer,
  ): Promise<string | null> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO escalations (patient_id, tier, reasons, cause, opened_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (patient_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [patientId, tier, reasons, cause, now],
    );
    const id = rows[0]?.id ?? null;
    if (id) events.add('patient.escalated', { payload: { escalationId: id, patientId, tier, reasons } });
    return id;
  }

  async list(query: EscalationQuery, caller: AuthUser): Promise<Page<EscalationDto>> {
    const order = query.status === 'open' ? 'e.opened_at ASC' : 'e.resolved_at DESC';
    const rows = await this.db.query<(EscalationRow & { total: number })[]>(
      `SELECT ${ESCALATION_COLUMNS}, count(*) OVER ()::int AS total FROM escalations e
       WHERE e.status = $1 ORDER BY ${order}, e.id LIMIT $2 OFFSET $3`,
      [query.status, query.limit, query.offset],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const [c] = await this.db.query<
        {
          n: number;
        }[]
      >(`SELECT count(*)::int AS n FROM escalations WHERE status = $1`, [query.status]);
      total = c.n;
    }
    const subjects = rows.map((r) => ({
      resource: 'escalation' as const,
      id: r.id,
      patientId: r.patient_id,
    }));
    await this.audit.recordSubjects(this.db, subjects, caller, 'list', this.clock.now());
    return { items: rows.map(toEscalationDto), total, page: query.page, limit: query.limit };
  }

  /** Closes an open escalation with its outcome; `hospitalised` also ends the patient's home follow-up. */
  async resolve(id: string, input: ResolveEscalationDto, caller: AuthUser): Promise<EscalationDto> {
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const [current] = await tx.query<
        {
          patient_id: string;
          status: string;
        }[]
      >(`SELECT patient_id, status FROM escalations WHERE id = $1`, [id]);
      if (!current) throw DomainException.notFound('escalation');
      // Lock order everywhere in this module: the patient first, then their follow-ups or escalations.
      await tx.query(`SELECT 1 FROM patients WHERE id = $1 FOR UPDATE`, [current.patient_id]);
      const [updated] = await rowsOf<EscalationRow>(
        tx,
        `UPDATE escalations e SET status = 'resolved', outcome = $2, notes = $3, resolved_by = $4, resolved_at = $5
         WHERE e.id = $1 AND e.status = 'open' RETURNING ${ESCALATION_COLUMNS}`,
        [id, input.outcome, input.notes ?? null, caller.id, now],
      );
      if (!updated) throw DomainException.conflict('the escalation is already resolved');
      if (input.outcome === 'hospitalised') {
        await tx.query(
          `UPDATE patients SET status = 'hospitalised', care_setting = 'hospital', status_changed_at = $2, updated_at = $2
           WHERE id = $1 AND status = 'under_care'`,
          [current.patient_id, now],
        );
        await this.planner.cancelOpen(tx, current.patient_id, now);
      }
      await this.audit.record(tx, [current.patient_id], caller, 'escalation', now, {
        escalationId: id,
        outcome: input.outcome,
      });
      return updated;
    });
    return toEscalationDto(row);
  }
}
