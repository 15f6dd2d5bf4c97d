import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { Page } from '../common/pagination';
import { PageQuery } from '../common/pagination';
import type { AuditEntryDto } from './dto/patient.dto';
import type { AuditAction } from './patient.types';

/**
 * The audit trail of patient records: who read or changed which record, when, and what (field
 * names, tiers, ids; never names, phones or notes). Written in the same transaction as the change.
 */
@Injectable()
export class PatientAuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(
    tx: EntityManager | DataSource,
    patientIds: readonly string[],
    user: AuthUser | null,
    action: AuditAction,
    at: Date,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    if (patientIds.length === 0) return;
    await tx.query(
      `INSERT INTO patient_audit (patient_id, user_id, action, at, detail)
       SELECT id, $2, $3, $4, $5 FROM unnest($1::uuid[]) AS t(id)`,
      [patientIds, user?.id ?? null, action, at, JSON.stringify(detail)],
    );
  }

  async list(patientId: string, page: PageQuery): Promise<Page<AuditEntryDto>> {
    const rows = await this.db.query<
      {
        id: string;
        patient_id: string;
        user_id: string | null;
        user_role: string | null;
        action: string;
        at: Date;
        detail: Record<string, unknown>;
        total: number;
      }[]
    >(
      `SELECT a.id::text AS id, a.patient_id, a.user_id, u.role AS user_role, a.action, a.at, a.detail,
              count(*) OVER ()::int AS total
       FROM patient_audit a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.patient_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT $2 OFFSET $3`,
      [patientId, page.limit, page.offset],
    );
    const total = rows[0]?.total ?? (await this.count(patientId));
    return {
      items: rows.map((r) => ({
        id: r.id,
        patientId: r.patient_id,
        userId: r.user_id,
        userRole: r.user_role,
        action: r.action,
        at: r.at.toISOString(),
        detail: r.detail,
      })),
      total,
      page: page.page,
      limit: page.limit,
    };
  }

  private async count(patientId: string): Promise<number> {
    const [row] = await this.db.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM patient_audit WHERE patient_id = $1`, [patientId]);
    return row.n;
  }
}
