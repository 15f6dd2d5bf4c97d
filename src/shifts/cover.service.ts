import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { type CoverUnfilledEvent, EventBus, type RosterPublishedEvent } from '../common/events';
import { DependencyStatus } from '../common/faults/dependency-status';
import { RepeatingJob } from '../common/jobs/repeating-job';
import { DoctorGroup } from '../common/groups';
import { AppConfig } from '../config/app-config';
import { recordCalendarChanges } from './calendar-events';
import { Page, toPage } from '../common/pagination';
import { CoverRequestDto, CoverRequestListQuery } from './dto/shifts.dto';
import { addDays, weekStart } from '../common/time/windows';
import { one, rows } from '../common/sql';

interface CoverRow {
  id: string;
  roster_id: string;
  group: DoctorGroup;
  window_key: string;
  starts_at: Date;
  ends_at: Date;
  requested_by: string;
  status: 'open' | 'covered' | 'cancelled';
  covered_by: string | null;
  created_at: Date;
  covered_at: Date | null;
}

const COVER_COLUMNS = `id, roster_id, "group", window_key, starts_at, ends_at, requested_by, status, covered_by, created_at, covered_at`;
/** How often the background pass looks for cover requests about to go unfilled. */
const UNFILLED_CHECK_MS = 60_000;

/**
 * Eligible to take a window: active, in the group, available for it, not already on it in a
 * published roster, and under their daily and weekly caps counting the published rosters.
 * The arguments are SQL expressions (parameters or columns); `d` is the doctor row.
 */
function eligibleCondition(p: {
  group: string;
  key: string;
  date: string;
  monday: string;
  sunday: string;
}): string {
  return `d.active AND d."group" = ${p.group}
     AND EXISTS (SELECT 1 FROM doctor_availability a WHERE a.doctor_id = d.id AND a.window_key = ${p.key})
     AND NOT EXISTS (SELECT 1 FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
                      WHERE ra.doctor_id = d.id AND ra.window_key = ${p.key} AND r."group" = ${p.group})
     AND (SELECT count(*) FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
           WHERE ra.doctor_id = d.id AND ra.date = ${p.date}) < d.max_windows_per_day
     AND (SELECT count(*) FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
           WHERE ra.doctor_id = d.id AND ra.date BETWEEN ${p.monday} AND ${p.sunday}) < d.max_windows_per_week`;
}

/** $1 group, $2 window key, $3 window date, $4 Monday, $5 Sunday of its ISO week. */
const ELIGIBLE = `SELECT d.id FROM doctors d WHERE ${eligibleCondition({
  group: '$1',
  key: '$2',
  date: '$3::date',
  monday: '$4::date',
  sunday: '$5::date',
})}`;

/** The same, for the cover request row `c`. */
const ELIGIBLE_FOR_REQUEST = eligibleCondition({
  group: 'c."group"',
  key: 'c.window_key',
  date: 'left(c.window_key, 10)::date',
  monday: "date_trunc('week', left(c.window_key, 10)::date)::date",
  sunday: "(date_trunc('week', left(c.window_key, 10)::date) + interval '6 days')::date",
});

/**
 * Cover after publication: a doctor on the published roster asks for cover, eligible doctors are
 * told, the first to accept takes the window (a conditional UPDATE: never two), and coordinators
 * are alerted when a request is still open a set time before its window.
 */
@Injectable()
export class CoverService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CoverService.name);
  private readonly job: RepeatingJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    dependencies: DependencyStatus,
  ) {
    this.job = new RepeatingJob({
      name: 'cover check',
      everyMs: UNFILLED_CHECK_MS,
      run: () => this.alertUnfilled(),
      log: this.logger,
      dependencies,
    });
  }

  onModuleInit(): void {
    if (this.config.backgroundJobs) this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  private static doctorOf(caller: AuthUser): string {
    if (caller.role !== 'doctor' || !caller.doctorId)
      throw DomainException.forbidden('only a doctor can ask for or take cover');
    return caller.doctorId;
  }

  private eligibleParams(group: DoctorGroup, windowKey: string) {
    const date = windowKey.slice(0, 10);
    return [group, windowKey, date, weekStart(date), addDays(weekStart(date), 6)];
  }

  async eligibleDoctors(
    group: DoctorGroup,
    windowKey: string,
    tx: EntityManager = this.db.manager,
  ): Promise<string[]> {
    const found = await rows<{ id: string }>(
      tx,
      `${ELIGIBLE} ORDER BY d.id`,
      this.eligibleParams(group, windowKey),
    );
    return found.map((r) => r.id);
  }

  async request(caller: AuthUser, windowKey: string): Promise<CoverRequestDto> {
    const doctorId = CoverService.doctorOf(caller);
    const now = this.clock.now();
    const row = await this.bus.transact(async (tx, events) => {
      const [assignment] = await rows<{
        roster_id: string;
        group: DoctorGroup;
        starts_at: Date;
        ends_at: Date;
      }>(
        tx,
        `SELECT ra.roster_id, r."group", ra.starts_at, ra.ends_at
           FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
          WHERE ra.doctor_id = $1 AND ra.window_key = $2
            FOR SHARE OF r`,
        [doctorId, windowKey],
      );
      if (!assignment) throw DomainException.conflict(`you are not on the published roster for ${windowKey}`);
      if (assignment.ends_at.getTime() <= now.getTime())
        throw DomainException.conflict(`${windowKey} is over`);
      const [row] = await rows<CoverRow>(
        tx,
        `INSERT INTO cover_requests (roster_id, "group", window_key, starts_at, ends_at, requested_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (requested_by, window_key) WHERE status = 'open' DO NOTHING
         RETURNING ${COVER_COLUMNS}`,
        [
          assignment.roster_id,
          assignment.group,
          windowKey,
          assignment.starts_at,
          assignment.ends_at,
          doctorId,
          now,
        ],
      );
      if (!row) throw DomainException.conflict(`you already asked for cover on ${windowKey}`);
      events.add('roster.cover-requested', {
        coverRequestId: row.id,
        rosterId: row.roster_id,
        group: row.group,
        windowKey: row.window_key,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        requestedBy: row.requested_by,
        eligibleDoctorIds: await this.eligibleDoctors(assignment.group, windowKey, tx),
      });
      return row;
    });
    return (await this.named([row]))[0];
  }

  /**
   * The first eligible doctor to accept takes the window. The doctor's row is locked so their own
   * concurrent accepts cannot push them over a cap, and the roster row is share-locked so a publish
   * cannot supersede it half-way; the request flips from open to covered with a
   * conditional UPDATE, which exactly one transaction wins; the roster assignment moves in the same
   * transaction.
   */
  async accept(caller: AuthUser, id: string): Promise<CoverRequestDto> {
    return this.take(id, CoverService.doctorOf(caller), 'you');
  }

  /**
   * A coordinator resolves an open request by giving the window to an eligible doctor: the same
   * checks and the same move as a doctor's accept.
   */
  async assign(id: string, doctorId: string): Promise<CoverRequestDto> {
    const [doctor] = await rows<{ id: string }>(this.db, `SELECT id FROM doctors WHERE id = $1`, [doctorId]);
    if (!doctor) throw DomainException.invalid('doctorId names no doctor');
    return this.take(id, doctorId, 'this doctor');
  }

  /**
   * Withdrawn by the doctor who asked, or declined by a coordinator: the request closes as
   * `cancelled` and the window stays with the doctor who asked (nothing on the roster moves).
   */
  async cancel(caller: AuthUser, id: string): Promise<CoverRequestDto> {
    const row = await this.bus.transact(async (tx) => {
      const [request] = await rows<CoverRow>(
        tx,
        `SELECT ${COVER_COLUMNS} FROM cover_requests WHERE id = $1`,
        [id],
      );
      if (!request) throw DomainException.notFound('cover request');
      if (caller.role === 'doctor' && request.requested_by !== caller.doctorId)
        throw DomainException.forbidden('only the doctor who asked can withdraw a cover request');
      const row = await one<CoverRow>(
        tx,
        `UPDATE cover_requests SET status = 'cancelled' WHERE id = $1 AND status = 'open' RETURNING ${COVER_COLUMNS}`,
        [id],
      );
      if (!row) throw DomainException.conflict(`cover request is ${request.status}`);
      return row;
    });
    return (await this.named([row]))[0];
  }

  /** Coordinators: who could take the window of an open request now (eligible as for an accept). */
  async candidates(id: string): Promise<{ id: string; fullName: string }[]> {
    const request = await this.load(id);
    return rows<{ id: string; fullName: string }>(
      this.db,
      `SELECT d.id, d.full_name AS "fullName" FROM doctors d
        WHERE d.id = ANY($1::uuid[]) AND d.id <> $2 ORDER BY d.full_name, d.id`,
      [await this.eligibleDoctors(request.group, request.window_key), request.requested_by],
    );
  }

  /** Who takes the window (`doctorId`), named in refusals as `who` ("you", "this doctor"). */
  private async take(id: string, doctorId: string, who: string): Promise<CoverRequestDto> {
    const now = this.clock.now();
    const row = await this.bus.transact(async (tx, events) => {
      const [request] = await rows<CoverRow>(
        tx,
        `SELECT ${COVER_COLUMNS} FROM cover_requests WHERE id = $1`,
        [id],
      );
      if (!request) throw DomainException.notFound('cover request');
      if (request.status !== 'open') throw DomainException.conflict(`cover request is ${request.status}`);
      if (request.requested_by === doctorId)
        throw DomainException.conflict(`${who} cannot cover their own window`);
      if (request.ends_at.getTime() <= now.getTime())
        throw DomainException.conflict(`${request.window_key} is over`);
      await rows(tx, `SELECT id FROM doctors WHERE id = $1 FOR UPDATE`, [doctorId]);
      // a publish that supersedes this roster waits for us, or has already moved the request on
      const [roster] = await rows<{ status: string }>(
        tx,
        `SELECT status FROM rosters WHERE id = $1 FOR SHARE`,
        [request.roster_id],
      );
      if (roster?.status !== 'published')
        throw DomainException.conflict('the roster changed; read the request again');
      const [eligible] = await rows<unknown>(tx, `${ELIGIBLE} AND d.id = $6`, [
        ...this.eligibleParams(request.group, request.window_key),
        doctorId,
      ]);
      if (!eligible) {
        throw DomainException.conflict(
          `${who} cannot take ${request.window_key}: not an active ${request.group} doctor available for it and under the caps, or already on it`,
        );
      }
      const row = await one<CoverRow>(
        tx,
        `UPDATE cover_requests SET status = 'covered', covered_by = $2, covered_at = $3
          WHERE id = $1 AND status = 'open' AND roster_id = $4 RETURNING ${COVER_COLUMNS}`,
        [id, doctorId, now, request.roster_id],
      );
      if (!row) throw DomainException.conflict('cover request was taken by someone else');
      const movedRows = await rows<{ starts_at: Date; ends_at: Date }>(
        tx,
        `UPDATE roster_assignments SET doctor_id = $4
          WHERE roster_id = $1 AND doctor_id = $2 AND window_key = $3
          RETURNING starts_at, ends_at`,
        [row.roster_id, row.requested_by, row.window_key, doctorId],
      );
      if (movedRows.length !== 1)
        throw DomainException.conflict('the window is no longer on the published roster');
      const placed = {
        windowKey: row.window_key,
        startsAt: movedRows[0].starts_at,
        endsAt: movedRows[0].ends_at,
      };
      await recordCalendarChanges(
        tx,
        [{ doctorId: row.requested_by, ...placed }],
        [{ doctorId, ...placed }],
        now,
      );
      const windows = await rows<{ doctor_id: string; windows: string[] }>(
        tx,
        `SELECT doctor_id, array_agg(window_key ORDER BY window_key) AS windows FROM roster_assignments
          WHERE roster_id = $1 AND doctor_id = ANY($2::uuid[]) GROUP BY doctor_id`,
        [row.roster_id, [row.requested_by, doctorId]],
      );
      const of = (d: string) => windows.find((w) => w.doctor_id === d)?.windows ?? [];
      const event: RosterPublishedEvent = {
        rosterId: row.roster_id,
        group: row.group,
        doctorWindows: [row.requested_by, doctorId].map((d) => ({ doctorId: d, windows: of(d) })),
      };
      // the two doctors whose windows changed hear it the same way as on a re-publish
      events.add('roster.published', event);
      return row;
    });
    return (await this.named([row]))[0];
  }

  /**
   * Alerts coordinators about open cover requests whose window starts within COVER_ALERT_MINUTES,
   * once each. Safe with several processes: rows are claimed with SKIP LOCKED. Returns the alerts.
   */
  async alertUnfilled(): Promise<CoverUnfilledEvent[]> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.coverAlertMinutes * 60_000);
    return this.bus.transact(async (tx, events) => {
      const claimed = await rows<CoverRow>(
        tx,
        `SELECT ${COVER_COLUMNS} FROM cover_requests
          WHERE status = 'open' AND unfilled_alerted_at IS NULL AND starts_at <= $1 AND ends_at > $2
          ORDER BY starts_at LIMIT 200 FOR UPDATE SKIP LOCKED`,
        [horizon, now],
      );
      if (claimed.length) {
        await rows(tx, `UPDATE cover_requests SET unfilled_alerted_at = $2 WHERE id = ANY($1::uuid[])`, [
          claimed.map((c) => c.id),
          now,
        ]);
      }
      const alerts = claimed.map((r) => ({
        coverRequestId: r.id,
        group: r.group,
        windowKey: r.window_key,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        requestedBy: r.requested_by,
        minutesToStart: Math.round((r.starts_at.getTime() - now.getTime()) / 60_000),
      }));
      for (const payload of alerts) events.add('roster.cover-unfilled', { payload });
      return alerts;
    });
  }

  /**
   * Coordinators: every request (optionally by status). A doctor: their own open requests and the
   * open ones they could take now; a client that missed `roster:cover-offered` finds them here.
   */
  async list(caller: AuthUser, query: CoverRequestListQuery): Promise<Page<CoverRequestDto>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (caller.role === 'doctor') {
      params.push(caller.doctorId, this.clock.now());
      where.push(`c.status = 'open'`, `c.ends_at > $2`);
      where.push(
        `(c.requested_by = $1 OR EXISTS (SELECT 1 FROM doctors d WHERE d.id = $1 AND ${ELIGIBLE_FOR_REQUEST}))`,
      );
    } else if (query.status) {
      params.push(query.status);
      where.push(`c.status = $1`);
    }
    const sql = `FROM cover_requests c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [{ total }] = await rows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total ${sql}`,
      params,
    );
    const found = await rows<CoverRow>(
      this.db,
      `SELECT ${COVER_COLUMNS.split(', ')
        .map((c) => `c.${c}`)
        .join(', ')} ${sql} ORDER BY c.starts_at, c.id LIMIT ${query.limit} OFFSET ${query.offset}`,
      params,
    );
    const named = await this.named(found);
    return toPage(named, total, query, (d) => d);
  }

  /** Who may see it is `Resource.CoverRequest`'s policy, checked by the route. */
  async get(id: string): Promise<CoverRequestDto> {
    return (await this.named([await this.load(id)]))[0];
  }

  private async load(id: string): Promise<CoverRow> {
    const [row] = await rows<CoverRow>(this.db, `SELECT ${COVER_COLUMNS} FROM cover_requests WHERE id = $1`, [
      id,
    ]);
    if (!row) throw DomainException.notFound('cover request');
    return row;
  }

  /** The DTOs, with the full names of the doctors who asked and covered (one query for the lot). */
  private async named(found: CoverRow[]): Promise<CoverRequestDto[]> {
    const ids = [...new Set(found.flatMap((r) => [r.requested_by, r.covered_by ?? r.requested_by]))];
    const names = new Map(
      (
        await rows<{ id: string; full_name: string }>(
          this.db,
          `SELECT id, full_name FROM doctors WHERE id = ANY($1::uuid[])`,
          [ids],
        )
      ).map((d) => [d.id, d.full_name]),
    );
    return found.map((r) => ({
      ...toDto(r),
      requestedByName: names.get(r.requested_by) ?? null,
      coveredByName: r.covered_by ? (names.get(r.covered_by) ?? null) : null,
    }));
  }
}

function toDto(r: CoverRow): Omit<CoverRequestDto, 'requestedByName' | 'coveredByName'> {
  return {
    id: r.id,
    rosterId: r.roster_id,
    group: r.group,
    windowKey: r.window_key,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    requestedBy: r.requested_by,
    status: r.status,
    coveredBy: r.covered_by,
    createdAt: r.created_at.toISOString(),
    coveredAt: r.covered_at ? r.covered_at.toISOString() : null,
  };
}
