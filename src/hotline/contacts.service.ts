import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService, type ResolvedArea } from '../areas';
import { AuditService, auditEntrySql, type AuditSubject } from '../audit';
import { AccessControl, Resource } from '../common/access';
import type { AuthUser } from '../auth';
import { Clock } from '../common/clock';
import { DomainError, DomainException } from '../common/errors/domain.exception';
import type { EventBuffer } from '../common/events/transact';
import { EventBus } from '../common/events/transact';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { one, rows } from '../common/sql';
import { toVietnameseE164 } from '../common/validation/phone';
import { ConsultsService } from '../consults';
import { AppConfig } from '../config/app-config';
import type {
  ContactDto,
  ContactListQuery,
  ContactPageDto,
  CreateContactDto,
  ForwardContactDto,
  HandledContactDto,
  ResolveContactDto,
  ReturnContactDto,
} from './contact.dto';
import { toContactDto, type ContactRow, type ContactStepRow } from './contact.mapper';
import { ContactPolicy } from './contact.policy';
import {
  categoryProblem,
  initialStatus,
  STEP_OF,
  transition,
  type ContactAction,
  type ContactStatus,
  type ContactStep,
  type OverdueLimits,
} from './contact.rules';

/** A contact holds a caller's phone and name: reads and changes are audited like patients'. */
const contactSubject = (row: Pick<ContactRow, 'id'>): AuditSubject => ({
  resource: 'contact',
  id: row.id,
  patientId: null,
});

export type ActionBody =
  | { action: 'resolve'; body: ResolveContactDto }
  | { action: 'forward'; body: ForwardContactDto }
  | { action: 'acknowledge'; body?: undefined }
  | { action: 'handled'; body: HandledContactDto }
  | { action: 'return'; body: ReturnContactDto };

/** Who may act how (besides @Roles on the route): officers work their district's reports only. */
/** The contact's `create` audit entry, as a statement over the `contact` CTE of insertContact. */
const CREATE_AUDIT_SQL = auditEntrySql({
  resource: 'contact',
  action: 'create',
  resourceId: 'contact.id',
  patientId: 'NULL',
  userId: '$12',
  at: '$17',
  detail: {},
});

/** The columns insertContact does not write: a contact just recorded has none of them yet. */
const NEW_CONTACT = {
  answer: null,
  resolved_at: null,
  resolved_by: null,
  forward_district: null,
  forward_ward: null,
  forward_note: null,
  forwarded_at: null,
  forwarded_by: null,
  acknowledged_at: null,
  officer_id: null,
  handled_at: null,
  handled_by: null,
  result: null,
  returned_at: null,
  returned_by: null,
  return_reason: null,
} satisfies Partial<ContactRow>;

const OFFICER_ACTIONS: readonly ContactAction[] = ['acknowledge', 'handled', 'return'];

/**
 * Hotline 1022 contacts (CONTRACT.md "Hotline 1022"): recording a call, the branch-3 consult queued
 * with it, and the forwarding life cycle. Each change is one transaction with its step, its audit
 * entry and its events (published after commit).
 */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly bus: EventBus,
    private readonly consults: ConsultsService,
    private readonly policy: ContactPolicy,
    private readonly access: AccessControl,
  ) {}

  get limits(): OverdueLimits {
    return { ackHours: this.config.forwardAckHours, doneHours: this.config.forwardDoneHours };
  }

  /**
   * Records a call or message. Branch 3 queues a consult in the same transaction; branches 1 and 2
   * are transferred at once. With an `Idempotency-Key`, a retry returns the first answer.
   */
  async create(input: CreateContactDto, caller: AuthUser, idempotencyKey?: string): Promise<ContactDto> {
    const now = this.clock.now();
    const receivedAt = this.receivedAt(input.receivedAt, caller, now);
    const problems: string[] = [];
    const category = categoryProblem(input.branch, input.category);
    if (category) problems.push(category);
    const area = this.areas.list.resolve(input.district, input.ward);
    problems.push(...area.problems);
    const phone = input.callerPhone === undefined ? null : toVietnameseE164(input.callerPhone);
    if (input.callerPhone !== undefined && !phone)
      problems.push('callerPhone must be a Vietnamese phone number');
    if (input.branch === 3 && !phone)
      problems.push('callerPhone is required for branch 3 (the doctor calls the caller back)');
    if (problems.length) throw DomainException.invalid(problems);

    const status = initialStatus(input.branch);
    const record = (db: EntityManager | DataSource, consultId: string | null) =>
      this.insertContact(db, input, { phone, area, receivedAt, status, consultId }, caller, now);
    // Without a consult to queue or a key to guard, the one statement is its own transaction: one
    // round trip instead of BEGIN, three INSERTs and COMMIT (the intake's hot path, issue 13).
    if (input.branch !== 3 && idempotencyKey === undefined) return record(this.db, null);
    const { value } = await this.bus.transact(
      async (tx, events) => {
        const consult =
          input.branch === 3
            ? await this.consults.queueIn(
                tx,
                { callerPhone: phone as string, callerName: input.callerName, reason: input.summary },
                caller,
                now,
                events,
              )
            : null;
        return record(tx, consult?.id ?? null);
      },
      {
        runner: (work) =>
          this.idempotency.run(
            { userId: caller.id, key: idempotencyKey, scope: 'POST /api/contacts', body: input },
            work,
          ),
      },
    );
    return value;
  }

  async list(query: ContactListQuery, caller: AuthUser): Promise<ContactPageDto> {
    const now = this.clock.now();
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const own = this.policy.officerScope(caller);
    if (own) add((n) => `forward_district = ${n}`, own);
    if (query.status) add((n) => `status = ${n}`, query.status);
    if (query.district) {
      const district = this.areas.list.resolve(query.district).district ?? query.district;
      add((n) => `(district = ${n} OR forward_district = ${n})`, district);
    }
    if (query.branch !== undefined) add((n) => `branch = ${n}`, query.branch);
    if (query.category) add((n) => `category = ${n}`, query.category);
    if (query.from) add((n) => `received_at >= ${n}`, this.bound(query.from, 'start'));
    if (query.to) add((n) => `received_at < ${n}`, this.bound(query.to, 'end'));
    if (query.overdue !== undefined) {
      params.push(new Date(now.getTime() - this.limits.ackHours * 3_600_000));
      const ack = `$${params.length}`;
      params.push(new Date(now.getTime() - this.limits.doneHours * 3_600_000));
      const done = `$${params.length}`;
      const overdue = `((status = 'forwarded' AND forwarded_at <= ${ack})
        OR (status IN ('forwarded', 'in_progress') AND forwarded_at <= ${done}))`;
      where.push(query.overdue ? overdue : `NOT ${overdue}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await one<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM contacts ${clause}`,
      params,
    );
    const found = await rows<ContactRow>(
      this.db,
      `SELECT * FROM contacts ${clause} ORDER BY received_at DESC, id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    await this.audit.recordSubjects(this.db, found.map(contactSubject), caller, 'list', now);
    return {
      items: found.map((r) => toContactDto(r, now, this.limits)),
      total: total?.n ?? 0,
      page: query.page,
      limit: query.limit,
    };
  }

  /** One contact with its steps; a district officer gets 404 for any not forwarded to their district. */
  async get(id: string, caller: AuthUser): Promise<ContactDto> {
    const now = this.clock.now();
    await this.access.requireAccess(caller, Resource.Contact, id, this.db);
    const row = await one<ContactRow>(this.db, `SELECT * FROM contacts WHERE id = $1`, [id]);
    if (!row) throw DomainException.notFound('Contact');
    await this.audit.recordSubjects(this.db, [contactSubject(row)], caller, 'read', now);
    return toContactDto(row, now, this.limits, await this.steps(this.db, id));
  }

  /**
   * One step of the life cycle, under the row's lock: the caller's access (404 for an officer on
   * another district's report), the transition (409), the forward's district and ward (400), then the
   * change, its step and audit entry; `report:forwarded` goes out after commit.
   */
  async act(id: string, request: ActionBody, caller: AuthUser): Promise<ContactDto> {
    const now = this.clock.now();
    if (request.action === 'forward') {
      // stored as the list names them: the officers' room and filter match exactly
      const area = this.areas.resolve(request.body.district, request.body.ward, 'forward.');
      request = {
        action: 'forward',
        body: { ...request.body, district: area.district, ward: area.ward ?? undefined },
      };
    }
    if (caller.role === 'district_officer' && !OFFICER_ACTIONS.includes(request.action))
      throw DomainException.forbidden(`a district officer may not ${request.action} a contact`);
    return this.bus.transact(async (tx, events) => {
      const current = await one<ContactRow>(tx, `SELECT * FROM contacts WHERE id = $1 FOR UPDATE`, [id]);
      await this.access.requireAccess(caller, Resource.Contact, id, tx);
      if (!current) throw DomainException.notFound('Contact');
      const next = transition(
        { status: current.status, branch: Number(current.branch) as 4 },
        request.action,
      );
      if ('refused' in next) throw new DomainException(DomainError.Conflict, next.refused);
      const row = await this.apply(tx, current, request, caller, now);
      await this.step(tx, id, STEP_OF[request.action], now, caller, stepDetail(request));
      await this.audit.recordSubjects(tx, [contactSubject(row)], caller, 'update', now, {
        step: STEP_OF[request.action],
      });
      if (request.action === 'forward') this.announceForward(events, row);
      return toContactDto(row, now, this.limits, await this.steps(tx, id));
    });
  }

  private async apply(
    tx: EntityManager,
    c: ContactRow,
    request: ActionBody,
    caller: AuthUser,
    now: Date,
  ): Promise<ContactRow> {
    const update = async (set: string, params: unknown[]) => {
      const row = await one<ContactRow>(tx, `UPDATE contacts SET ${set} WHERE id = $1 RETURNING *`, [
        c.id,
        ...params,
      ]);
      if (!row) throw DomainException.notFound('Contact');
      return row;
    };
    switch (request.action) {
      case 'resolve':
        return update(`status = 'resolved', answer = $2, resolved_at = $3, resolved_by = $4`, [
          request.body.answer,
          now,
          caller.id,
        ]);
      case 'forward':
        // a new forwarding: its own clock for the overdue limits
        return update(
          `status = 'forwarded', forward_district = $2, forward_ward = $3, forward_note = $4, forwarded_at = $5,
           forwarded_by = $6, acknowledged_at = NULL, officer_id = NULL, handled_at = NULL, handled_by = NULL,
           result = NULL, ack_overdue_reported_at = NULL, done_overdue_reported_at = NULL`,
          [request.body.district, request.body.ward ?? null, request.body.note ?? null, now, caller.id],
        );
      case 'acknowledge':
        return update(`status = 'in_progress', acknowledged_at = $2, officer_id = $3`, [now, caller.id]);
      case 'handled':
        return update(`status = 'handled', handled_at = $2, handled_by = $3, result = $4`, [
          now,
          caller.id,
          request.body.result,
        ]);
      case 'return':
        // back to the operators; the forwarding stays in the steps, the contact keeps the last reason
        return update(
          `status = 'received', returned_at = $2, returned_by = $3, return_reason = $4, forward_district = NULL,
           forward_ward = NULL, forward_note = NULL, forwarded_at = NULL, forwarded_by = NULL, acknowledged_at = NULL,
           officer_id = NULL`,
          [now, caller.id, request.body.reason],
        );
    }
  }

  private announceForward(events: EventBuffer, row: ContactRow): void {
    const district = row.forward_district as string;
    events.add('report.forwarded', {
      district,
      payload: {
        contactId: row.id,
        district,
        ward: row.forward_ward,
        category: row.category,
        summary: row.summary,
        address: row.address,
        receivedAt: new Date(row.received_at).toISOString(),
        forwardedAt: new Date(row.forwarded_at as Date).toISOString(),
        note: row.forward_note,
      },
    });
  }

  /**
   * The contact, its first steps (received; transferred for branches 1 and 2) and its audit entry,
   * in one statement: data-modifying CTEs, so all or nothing even outside a transaction (the audit
   * row is `contactSubject`'s, written through audit's `auditEntrySql` rather than AuditService to save
   * its round trip). Only the new id comes back: every other column is a value given here (no
   * default, no trigger), so the row is the values as written, not 31 columns parsed back (issue 13).
   */
  private async insertContact(
    db: EntityManager | DataSource,
    input: CreateContactDto,
    facts: {
      phone: string | null;
      area: ResolvedArea;
      receivedAt: Date;
      status: ContactStatus;
      consultId: string | null;
    },
    caller: AuthUser,
    now: Date,
  ): Promise<ContactDto> {
    const { phone, area, receivedAt, status, consultId } = facts;
    const transferredTo = status === 'transferred' ? (input.branch === 1 ? '115' : 'cdc') : null;
    const written = {
      channel: input.channel,
      branch: input.branch,
      category: input.category,
      caller_phone: phone,
      caller_name: input.callerName ?? null,
      summary: input.summary,
      district: area.district as string,
      ward: area.ward ?? null,
      address: input.address ?? null,
      received_at: receivedAt,
      status,
      operator_id: caller.id,
      consult_id: consultId,
      transferred_at: status === 'transferred' ? receivedAt : null,
    };
    const inserted = await one<{ id: string }>(
      db,
      `WITH contact AS (
         INSERT INTO contacts (channel, branch, category, caller_phone, caller_name, summary, district, ward, address,
           received_at, status, operator_id, consult_id, transferred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id
       ), steps AS (
         INSERT INTO contact_steps (contact_id, step, at, user_id, detail)
         SELECT contact.id, s.step, $10, $12, s.detail
         FROM contact, (VALUES (1, 'received', $15::jsonb), (2, 'transferred', $16::jsonb)) AS s(n, step, detail)
         WHERE s.n = 1 OR $16::jsonb IS NOT NULL
         ORDER BY s.n
       ), audit AS (
         ${CREATE_AUDIT_SQL} FROM contact
       )
       SELECT id FROM contact`,
      [
        written.channel,
        written.branch,
        written.category,
        written.caller_phone,
        written.caller_name,
        written.summary,
        written.district,
        written.ward,
        written.address,
        written.received_at,
        written.status,
        written.operator_id,
        written.consult_id,
        written.transferred_at,
        JSON.stringify(consultId ? { consultId } : {}),
        transferredTo ? JSON.stringify({ to: transferredTo }) : null,
        now,
      ],
    );
    if (!inserted) throw new Error('contact insert returned nothing');
    return toContactDto({ ...NEW_CONTACT, ...written, id: inserted.id }, now, this.limits);
  }

  private async step(
    tx: EntityManager,
    contactId: string,
    step: ContactStep,
    at: Date,
    caller: AuthUser,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await rows(
      tx,
      `INSERT INTO contact_steps (contact_id, step, at, user_id, detail) VALUES ($1, $2, $3, $4, $5)`,
      [contactId, step, at, caller.id, JSON.stringify(detail)],
    );
  }

  private steps(db: EntityManager | DataSource, contactId: string): Promise<ContactStepRow[]> {
    return rows<ContactStepRow>(
      db,
      `SELECT step, at, user_id, detail FROM contact_steps WHERE contact_id = $1 ORDER BY id`,
      [contactId],
    );
  }

  /** `receivedAt` defaults to now; only an admin may give one (imports, replays), never in the future. */
  private receivedAt(given: string | undefined, caller: AuthUser, now: Date): Date {
    if (given === undefined) return now;
    if (caller.role !== 'admin') throw DomainException.invalid(['receivedAt may only be given by an admin']);
    const at = new Date(given);
    if (Number.isNaN(at.getTime())) throw DomainException.invalid(['receivedAt must be an ISO 8601 instant']);
    if (at.getTime() > now.getTime() + 60_000)
      throw DomainException.invalid(['receivedAt must not be in the future']);
    return at;
  }

  /** A list bound: a date is its day's start (`from`) or the next day's start (`to`) in OPERATIONS_TZ. */
  private bound(value: string, side: 'start' | 'end'): Date {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const at = new Date(value);
      if (Number.isNaN(at.getTime()))
        throw DomainException.invalid([`${side === 'start' ? 'from' : 'to'} is not a time`]);
      return at;
    }
    const day = DateTime.fromISO(value, { zone: this.config.operationsTz });
    if (!day.isValid) throw DomainException.invalid([`${side === 'start' ? 'from' : 'to'} is not a date`]);
    return (side === 'start' ? day : day.plus({ days: 1 })).toJSDate();
  }
}

function stepDetail(request: ActionBody): Record<string, unknown> {
  switch (request.action) {
    case 'resolve':
      return { answer: request.body.answer };
    case 'forward':
      return {
        district: request.body.district,
        ward: request.body.ward ?? null,
        note: request.body.note ?? null,
      };
    case 'acknowledge':
      return {};
    case 'handled':
      return { result: request.body.result };
    case 'return':
      return { reason: request.body.reason };
  }
}
