import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { AuditService } from '../audit';
import type { AuditSubject } from '../audit';
import { AccessControl, Resource } from '../common/access';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { EventBus } from '../common/events';
import type { EventBuffer } from '../common/events';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { toPage } from '../common/pagination';
import { toVietnameseE164 } from '../common/validation/phone';
import type {
  CompleteConsultDto,
  ConsultDto,
  ConsultListQuery,
  ConsultPageDto,
  CreateConsultDto,
  QueueStatsDto,
} from './consult.dto';
import { ConsultRow, OfferRow, offerRevoked, toConsultDto } from './consult.mapper';
import { OffersService } from './offers.service';
import { type PresenceStatus, PresenceService } from './presence.service';
import { QueueStatsPublisher } from './queue-stats.publisher';
import { namedSql, one, rows } from '../common/sql';

/** A queued consult. $1 = caller name, $2 = phone, $3 = reason, $4 = language, $5 = patient, $6 = now, $7 = by. */
export const INSERT_CONSULT_SQL = namedSql(
  'consult_insert',
  `
  INSERT INTO consults (status, caller_name, caller_phone, reason, language, patient_id, created_at, queued_at, created_by)
  VALUES ('queued', $1, $2, $3, $4, $5, $6, $6, $7) RETURNING *`,
);

/**
 * Complete in one statement: an assigned consult becomes completed and its doctor is idle from now
 * (longest idle is offered first) and, if they were available and the wrap-up is on, in `wrap_up`
 * until it has passed (the dispatcher offers only to `available`; the presence sweep ends it). A doctor
 * who went away during the call stays away. Only the consult's own doctor may complete it
 * (ConsultPolicy's rule for a doctor): `assigned_doctor_id = $6`. $1 = consult, $2 = outcome,
 * $3 = notes, $4 = now, $5 = WRAP_UP_SECONDS, $6 = the calling doctor.
 */
export const COMPLETE_SQL = namedSql(
  'consult_complete',
  `
  WITH done AS (
    UPDATE consults SET status = 'completed', outcome = $2, notes = $3, completed_at = $4
    WHERE id = $1 AND status = 'assigned' AND assigned_doctor_id = $6 RETURNING *),
  freed AS (
    UPDATE doctor_presence p SET idle_since = $4,
      status = CASE WHEN $5::int > 0 AND p.status = 'available' THEN 'wrap_up' ELSE p.status END,
      since = CASE WHEN $5::int > 0 AND p.status = 'available' THEN $4 ELSE p.since END,
      wrap_up_until = CASE WHEN $5::int > 0 AND p.status = 'available'
        THEN $4::timestamptz + make_interval(secs => $5::int) ELSE p.wrap_up_until END
    FROM done WHERE p.doctor_id = done.assigned_doctor_id
    RETURNING p.status AS presence_status, p.wrap_up_until)
  SELECT done.*, freed.presence_status, freed.wrap_up_until FROM done LEFT JOIN freed ON true`,
);

/** COMPLETE_SQL's answer: the consult, and its doctor's presence after it (null without a presence row). */
type CompletedRow = ConsultRow & { presence_status: PresenceStatus | null; wrap_up_until: Date | null };

/** A consult holds the caller's name and phone: reading it is audited. */
const consultSubject = (row: ConsultRow): AuditSubject => ({
  resource: 'consult',
  id: row.id,
  patientId: row.patient_id,
});

/** Branch-3 consults: the call's lifecycle from the queue to an outcome (CONTRACT.md "Consults"). */
@Injectable()
export class ConsultsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly offers: OffersService,
    private readonly queueStats: QueueStatsPublisher,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessControl,
    private readonly presence: PresenceService,
  ) {}

  /**
   * A new consult, queued. With an `Idempotency-Key`, a retry of the same request (say its answer
   * was lost) returns the first consult and writes nothing more, in any process.
   */
  async create(input: CreateConsultDto, caller: AuthUser, idempotencyKey?: string): Promise<ConsultDto> {
    const phone = toVietnameseE164(input.callerPhone);
    if (!phone) throw DomainException.invalid(['callerPhone must be a Vietnamese phone number']);
    const now = this.clock.now();
    if (idempotencyKey === undefined) {
      // One INSERT is its own transaction: no BEGIN/COMMIT round trips; it has committed once it returns.
      const row = await this.insert(this.db, input, phone, now, caller);
      this.bus.publish('consult.created', { consultId: row.id });
      return toConsultDto(row);
    }
    const { value } = await this.bus.transact(
      async (m, events) => {
        const row = await this.insert(m, input, phone, now, caller);
        events.add('consult.created', { consultId: row.id });
        return toConsultDto(row);
      },
      {
        runner: (work) =>
          this.idempotency.run(
            { userId: caller.id, key: idempotencyKey, scope: 'POST /api/consults', body: input },
            work,
          ),
      },
    );
    return value;
  }

  /**
   * For another domain's transaction (a hotline branch-3 call): queues a consult in `m`, so it exists
   * exactly when the caller's own rows commit; `consult.created` goes out with that commit.
   */
  async queueIn(
    m: EntityManager,
    input: { callerPhone: string; callerName?: string | null; reason: string },
    caller: AuthUser,
    at: Date,
    events: EventBuffer,
  ): Promise<ConsultDto> {
    const phone = toVietnameseE164(input.callerPhone);
    if (!phone) throw DomainException.invalid(['callerPhone must be a Vietnamese phone number']);
    const dto = {
      callerPhone: input.callerPhone,
      callerName: input.callerName ?? undefined,
      reason: input.reason,
    };
    const row = await this.insert(m, dto, phone, at, caller);
    events.add('consult.created', { consultId: row.id });
    return toConsultDto(row);
  }

  private async insert(
    m: DataSource | EntityManager,
    input: CreateConsultDto,
    phone: string,
    now: Date,
    caller: AuthUser,
  ): Promise<ConsultRow> {
    const row = await one<ConsultRow>(m, INSERT_CONSULT_SQL, [
      input.callerName ?? null,
      phone,
      input.reason,
      input.language ?? null,
      input.patientId ?? null,
      now,
      caller.id,
    ]);
    if (!row) throw new Error('consult insert returned nothing');
    return row;
  }

  async list(query: ConsultListQuery, caller: AuthUser): Promise<ConsultPageDto> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (caller.role === 'doctor') {
      params.push(caller.doctorId);
      where.push(`assigned_doctor_id = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await one<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM consults ${clause}`,
      params,
    );
    const found = await rows<ConsultRow>(
      this.db,
      `SELECT * FROM consults ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    await this.audit.recordSubjects(this.db, found.map(consultSubject), caller, 'list', this.clock.now());
    return toPage(found, total?.n ?? 0, query, toConsultDto);
  }

  /** A doctor sees only the consults assigned to them (anything else is "not found"). */
  async get(id: string, caller: AuthUser): Promise<ConsultDto> {
    await this.access.requireAccess(caller, Resource.Consult, id);
    const row = await one<ConsultRow>(this.db, `SELECT * FROM consults WHERE id = $1`, [id]);
    if (!row) throw DomainException.notFound('Consult');
    await this.audit.recordSubjects(this.db, [consultSubject(row)], caller, 'read', this.clock.now());
    return toConsultDto(row);
  }

  queueStatistics(): Promise<QueueStatsDto> {
    return this.queueStats.compute();
  }

  /** Cancel a queued or offered consult; a pending offer is revoked and its doctor told (`cancelled`). */
  async cancel(id: string): Promise<ConsultDto> {
    const now = this.clock.now();
    const row = await this.bus.transact(async (m, events) => {
      const current = await one<ConsultRow>(m, `SELECT * FROM consults WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw DomainException.notFound('Consult');
      if (current.status !== 'queued' && current.status !== 'offered') {
        throw DomainException.conflict(`A ${current.status} consult cannot be cancelled`, {
          status: current.status,
        });
      }
      const revoked: OfferRow | undefined = await this.offers.revokePending(m, id, 'cancelled', now);
      if (revoked) events.add('consult.offer-revoked', offerRevoked(revoked, 'cancelled'));
      const cancelled = await one<ConsultRow>(
        m,
        `UPDATE consults SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 RETURNING *`,
        [id, now],
      );
      events.add('consult.cancelled', { consultId: id });
      return cancelled as ConsultRow;
    });
    return toConsultDto(row);
  }

  /** The assigned doctor closes the call with an outcome; they are free (and idle from now) for the next one. */
  async complete(id: string, input: CompleteConsultDto, caller: AuthUser): Promise<ConsultDto> {
    // One statement, its own transaction, which also holds the rule of who may: the consult's doctor
    // (settled once it is assigned, so no lock is needed to check it).
    const now = this.clock.now();
    const done = await one<CompletedRow>(this.db, COMPLETE_SQL, [
      id,
      input.outcome,
      input.notes ?? null,
      now,
      this.presence.wrapUpSeconds,
      caller.doctorId,
    ]);
    if (!done) {
      // nothing changed: the policy says whether the caller may see it at all (404), then why not (409)
      await this.access.requireAccess(caller, Resource.Consult, id);
      const current = await one<{ status: string }>(this.db, `SELECT status FROM consults WHERE id = $1`, [
        id,
      ]);
      if (!current) throw DomainException.notFound('Consult');
      throw DomainException.conflict(`A ${current.status} consult cannot be completed`, {
        status: current.status,
      });
    }
    // committed: the statement has returned
    this.bus.publish('consult.completed', { consultId: id });
    if (done.assigned_doctor_id) this.presence.announceWrapUp(done.assigned_doctor_id, done);
    return toConsultDto(done);
  }
}
