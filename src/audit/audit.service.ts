import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { Clock } from '../common/clock';
import type { Page } from '../common/pagination';
import type { AuditEntryDto, AuditQuery } from './audit.dto';
import type { AuditAction, AuditResource, AuditSubject } from './audit.types';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The API prefixes that serve patient data, and the resource a denied attempt on them is about. */
const PATIENT_DATA: [RegExp, AuditResource][] = [
  [/^\/api\/patients(\/|$)/, 'patient'],
  [/^\/api\/follow-ups(\/|$)/, 'follow_up'],
  [/^\/api\/escalations(\/|$)/, 'escalation'],
  [/^\/api\/consults(\/|$)/, 'consult'],
  [/^\/api\/audit(\/|$)/, 'audit'],
  [/^\/api\/contacts(\/|$)/, 'contact'],
];

interface AuditRow {
  id: string;
  resource: AuditResource;
  resource_id: string | null;
  patient_id: string | null;
  user_id: string | null;
  user_role: string | null;
  action: AuditAction;
  at: Date;
  detail: Record<string, unknown>;
  total: number;
}

/**
 * The audit trail: who read, changed or was refused which record, when, and what (field names,
 * tiers, ids, method and path; never names, phones or notes). Append-only: the database refuses
 * UPDATE, DELETE and TRUNCATE of it. Changes are written in the same transaction as the change.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Entries about patient records. */
  record(
    tx: EntityManager | DataSource,
    patientIds: readonly string[],
    user: AuthUser | null,
    action: AuditAction,
    at: Date,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    const subjects = patientIds.map((id) => ({ resource: 'patient' as const, id, patientId: id }));
    return this.recordSubjects(tx, subjects, user, action, at, detail);
  }

  /** One entry per subject, in one statement. */
  async recordSubjects(
    tx: EntityManager | DataSource,
    subjects: readonly AuditSubject[],
    user: AuthUser | null,
    action: AuditAction,
    at: Date,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    if (subjects.length === 0) return;
    await tx.query(
      `INSERT INTO patient_audit (resource, resource_id, patient_id, user_id, action, at, detail)
       SELECT r, id, p, $4, $5, $6, $7 FROM unnest($1::text[], $2::uuid[], $3::uuid[]) AS t(r, id, p)`,
      [
        subjects.map((s) => s.resource),
        subjects.map((s) => s.id),
        subjects.map((s) => s.patientId),
        user?.id ?? null,
        action,
        at,
        JSON.stringify(detail),
      ],
    );
  }

  /**
   * A 403 on patient data. The path is kept without its query string (a search can hold a name);
   * the first id in it names the record.
   */
  async denied(user: AuthUser | undefined, method: string, url: string, reason: unknown): Promise<void> {
    const path = url.split('?')[0];
    const resource = PATIENT_DATA.find(([prefix]) => prefix.test(path))?.[1];
    if (!resource || !user) return;
    const id = UUID.exec(path)?.[0] ?? null;
    const subject = { resource, id, patientId: resource === 'patient' ? id : null };
    await this.recordSubjects(this.db, [subject], user, 'denied', this.clock.now(), {
      method,
      path,
      reason: typeof reason === 'string' ? reason : undefined,
    });
  }

  /** A page of the trail, newest first; reading it is itself recorded (after the read, so it is not in this page). */
  async list(query: AuditQuery, caller: AuthUser): Promise<Page<AuditEntryDto>> {
    const params: unknown[] = [];
    const where: string[] = [];
    const filter = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.patientId) filter('a.patient_id = ?', query.patientId);
    if (query.userId) filter('a.user_id = ?', query.userId);
    if (query.resource) filter('a.resource = ?', query.resource);
    if (query.action) filter('a.action = ?', query.action);
    if (query.from) filter('a.at >= ?', new Date(query.from));
    if (query.to) filter('a.at < ?', new Date(query.to));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.query<AuditRow[]>(
      `SELECT a.id::text AS id, a.resource, a.resource_id, a.patient_id, a.user_id, u.role AS user_role,
              a.action, a.at, a.detail, count(*) OVER ()::int AS total
       FROM patient_audit a LEFT JOIN users u ON u.id = a.user_id
       ${clause} ORDER BY a.at DESC, a.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const [row] = await this.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM patient_audit a ${clause}`,
        params,
      );
      total = row.n;
    }
    const filters = Object.fromEntries(
      (['patientId', 'userId', 'resource', 'action', 'from', 'to'] as const)
        .filter((k) => query[k] !== undefined)
        .map((k) => [k, query[k]]),
    );
    await this.recordSubjects(
      this.db,
      [{ resource: 'audit', id: null, patientId: query.patientId ?? null }],
      caller,
      'audit',
      this.clock.now(),
      { ...filters, page: query.page, entries: rows.length },
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        resource: r.resource,
        resourceId: r.resource_id,
        patientId: r.patient_id,
        userId: r.user_id,
        userRole: r.user_role,
        action: r.action,
        at: r.at.toISOString(),
        detail: r.detail,
      })),
      total,
      page: query.page,
      limit: query.limit,
    };
  }
}
