import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UsersService } from '../auth';
import { DomainException } from '../common/errors/domain.exception';
import { Page } from '../common/pagination';
import { one } from '../common/sql';
import { availabilityWindows, MAX_AVAILABILITY_DAYS } from '../common/people/availability';
import { checkRange } from '../common/time/ranges';
import { toVietnameseE164 } from '../common/validation/phone';
import { AppConfig } from '../config/app-config';
import {
  CreateOperatorDto,
  OPERATOR_DEFAULT_CAPS,
  OperatorDto,
  OperatorListQuery,
  UpdateOperatorDto,
} from './operator.dto';

interface OperatorRow {
  id: string;
  user_id: string | null;
  full_name: string;
  phone: string;
  email: string;
  max_windows_per_week: number;
  max_windows_per_day: number;
  active: boolean;
}

const COLUMNS = `id, user_id, full_name, phone, email, max_windows_per_week, max_windows_per_day, active`;

const toOperatorDto = (r: OperatorRow): OperatorDto => ({
  id: r.id,
  userId: r.user_id,
  fullName: r.full_name,
  phone: r.phone,
  email: r.email,
  maxWindowsPerWeek: r.max_windows_per_week,
  maxWindowsPerDay: r.max_windows_per_day,
  active: r.active,
});

/**
 * Hotline operators as people on a roster: their record, their `operator` login (made through the
 * auth domain's UsersService, in the same transaction) and their availability, checked against
 * OPERATOR_SHIFTS exactly as a doctor's is against their group's shifts.
 */
@Injectable()
export class OperatorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async get(id: string): Promise<OperatorDto> {
    return toOperatorDto(await this.find(this.db.manager, id));
  }

  /** The operator and their login in one transaction: both or neither. */
  async create(input: CreateOperatorDto): Promise<OperatorDto> {
    const row = await this.db.transaction(async (tx) => {
      const email = input.email.toLowerCase();
      const [taken] = await tx.query<unknown[]>(`SELECT 1 FROM operators WHERE email = $1`, [email]);
      if (taken) throw DomainException.conflict(`email ${email} is already in use`);
      const user = await this.users.create(
        { email, password: input.password, fullName: input.fullName, role: 'operator' },
        tx,
      );
      const [created] = await tx.query<OperatorRow[]>(
        `INSERT INTO operators (user_id, full_name, phone, email, max_windows_per_week, max_windows_per_day)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [
          user.id,
          input.fullName,
          toVietnameseE164(input.phone),
          email,
          input.maxWindowsPerWeek ?? OPERATOR_DEFAULT_CAPS.maxWindowsPerWeek,
          input.maxWindowsPerDay ?? OPERATOR_DEFAULT_CAPS.maxWindowsPerDay,
        ],
      );
      return created;
    });
    return toOperatorDto(row);
  }

  async list(query: OperatorListQuery): Promise<Page<OperatorDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.active !== undefined) {
      params.push(query.active);
      where.push(`active = $${params.length}`);
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(full_name ILIKE $${params.length} OR email ILIKE $${params.length} OR phone ILIKE $${params.length})`,
      );
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM operators ${filter}`,
      params,
    );
    const rows = await this.db.query<OperatorRow[]>(
      `SELECT ${COLUMNS} FROM operators ${filter} ORDER BY full_name, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return { items: rows.map(toOperatorDto), total, page: query.page, limit: query.limit };
  }

  /**
   * Changes the record; a new name or `active` goes to the login too (deactivating disables it, which
   * voids every token of it at once, as the auth domain does for any disabled user).
   */
  async update(id: string, patch: UpdateOperatorDto): Promise<OperatorDto> {
    const row = await this.db.transaction(async (tx) => {
      await this.find(tx, id, true);
      const updated = await one<OperatorRow>(
        tx,
        `UPDATE operators SET
            full_name = coalesce($2, full_name),
            phone = coalesce($3, phone),
            max_windows_per_week = coalesce($4, max_windows_per_week),
            max_windows_per_day = coalesce($5, max_windows_per_day),
            active = coalesce($6, active),
            updated_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          patch.fullName ?? null,
          patch.phone === undefined ? null : toVietnameseE164(patch.phone),
          patch.maxWindowsPerWeek ?? null,
          patch.maxWindowsPerDay ?? null,
          patch.active ?? null,
        ],
      );
      return updated as OperatorRow;
    });
    if (row.user_id && (patch.fullName !== undefined || patch.active !== undefined)) {
      await this.users.update(row.user_id, {
        ...(patch.fullName !== undefined ? { fullName: row.full_name } : {}),
        ...(patch.active !== undefined ? { disabled: !row.active } : {}),
      });
    }
    return toOperatorDto(row);
  }

  /** Replaces the operator's availability between two dates; one bad key refuses it all. */
  async replaceAvailability(id: string, from: string, to: string, keys: string[]): Promise<string[]> {
    checkRange(from, to, MAX_AVAILABILITY_DAYS);
    const windows = availabilityWindows(
      keys,
      { from, to },
      'operators',
      this.config.shiftsFor('operators'),
      this.config.operationsTz,
    );
    await this.db.transaction(async (tx) => {
      await this.find(tx, id, true);
      await tx.query(`DELETE FROM operator_availability WHERE operator_id = $1 AND date BETWEEN $2 AND $3`, [
        id,
        from,
        to,
      ]);
      if (windows.length) {
        await tx.query(
          `INSERT INTO operator_availability (operator_id, window_key, date, starts_at, ends_at)
           SELECT $1, k, d::date, s, e FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(k, d, s, e)`,
          [
            id,
            windows.map((w) => w.key),
            windows.map((w) => w.date),
            windows.map((w) => w.startsAt),
            windows.map((w) => w.endsAt),
          ],
        );
      }
    });
    return windows.map((w) => w.key).sort();
  }

  async availability(id: string, from: string, to: string): Promise<string[]> {
    checkRange(from, to, MAX_AVAILABILITY_DAYS);
    const rows = await this.db.query<{ window_key: string }[]>(
      `SELECT window_key FROM operator_availability WHERE operator_id = $1 AND date BETWEEN $2 AND $3
        ORDER BY starts_at`,
      [id, from, to],
    );
    return rows.map((r) => r.window_key);
  }

  private async find(tx: EntityManager, id: string, lock = false): Promise<OperatorRow> {
    const [row] = await tx.query<OperatorRow[]>(
      `SELECT ${COLUMNS} FROM operators WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw DomainException.notFound('operator');
    return row;
  }
}
