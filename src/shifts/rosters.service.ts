import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { EventBus } from '../common/events';
import { isDoctorGroup, RosterGroup } from '../common/groups';
import { AppConfig } from '../config/app-config';
import { placedDifference, PlacedWindow, recordCalendarChanges } from './calendar-events';
import {
  AssignmentDto,
  CreateRosterDto,
  EditAssignmentsDto,
  RosterDto,
  RosterViolationDto,
} from './dto/shifts.dto';
import { checkRange, isoWeeksSpan } from '../common/time/ranges';
import { RequirementsService } from './requirements.service';
import { solveInWorker } from './solve-in-worker';
import { checkRoster, summarise } from './solver/check-roster';
import type {
  RosterViolation,
  RosterAssignment,
  RosterBusyShift,
  RosterDoctor,
  RosterInput,
  RosterSolution,
} from './solver/solver.types';
import { peopleOf } from './roster-people';
import { addDays } from '../common/time/windows';
import { WindowInstance } from '../common/time/windows';
import { rows } from '../common/sql';

/** The longest period one roster may cover. */
export const MAX_ROSTER_DAYS = 92;

export type RosterStatus = 'draft' | 'published' | 'superseded';

interface RosterRow {
  id: string;
  group: RosterGroup;
  from: string;
  to: string;
  status: RosterStatus;
}

/** What the solver and the checker see for a group and period, plus the window instants. */
export interface RosterContext {
  input: RosterInput;
  windows: Map<string, WindowInstance>;
}

const ROSTER_COLUMNS = `id, "group", from_date::text AS "from", to_date::text AS "to", status`;

/**
 * Rosters: draft by the solver (in a worker thread), edit under the hard constraints, publish and
 * supersede. Every write that depends on a roster's state runs in one transaction with the roster
 * row locked; publishing also takes a per-group advisory lock, and the database refuses two
 * published rosters of one group on the same day (exclusion constraint).
 */
@Injectable()
export class RostersService {
  private readonly logger = new Logger(RostersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requirements: RequirementsService,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  /**
   * The solver's input for a group and period, read in `tx`: the configured windows with their
   * requirements; the active doctors of the group with availability in the period, their caps
   * (the weekly cap less what another published roster already gives them in an ISO week the
   * period shares with it); and the published roster over the period, to keep changes few.
   * `withoutCoverRequests` (new drafts): a window a doctor asked cover for counts as unavailable to them.
   */
  async context(
    tx: EntityManager,
    group: RosterGroup,
    from: string,
    to: string,
    options: { withoutCoverRequests?: boolean } = {},
  ): Promise<RosterContext> {
    const req = await this.requirements.load(group, tx);
    const instances = this.requirements.windowsOf(group, from, to);
    const windows = new Map(instances.map((w) => [w.key, w]));
    const people = peopleOf(group);
    const doctorRows = await rows<{
      id: string;
      max_windows_per_week: number;
      max_windows_per_day: number;
      available: string[];
    }>(tx, people.availableSql, [group, from, to]);
    const weeks = isoWeeksSpan(from, to);
    const elsewhere = await rows<{ doctor_id: string; most: number }>(
      tx,
      `SELECT ra.doctor_id, max(n)::int AS most FROM (
         SELECT ra.${people.column} AS doctor_id, date_trunc('week', ra.date) AS week, count(*) AS n
           FROM roster_assignments ra
           JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = $1
          WHERE NOT (r.from_date <= $3 AND r.to_date >= $2)
            AND ra.date BETWEEN $4 AND $5 AND (ra.date < $2 OR ra.date > $3)
          GROUP BY ra.${people.column}, date_trunc('week', ra.date)) ra
        GROUP BY ra.doctor_id`,
      [group, from, to, weeks.from, weeks.to],
    );
    const busyElsewhere = new Map(elsewhere.map((e) => [e.doctor_id, e.most]));
    // a new draft does not hand a window back to a doctor who asked for cover on it
    const asked = new Set<string>();
    if (options.withoutCoverRequests) {
      const open = await rows<{ requested_by: string; window_key: string }>(
        tx,
        `SELECT requested_by, window_key FROM cover_requests
          WHERE status = 'open' AND "group" = $1 AND left(window_key, 10) BETWEEN $2 AND $3`,
        [group, from, to],
      );
      for (const o of open) asked.add(`${o.requested_by} ${o.window_key}`);
    }
    const minRestHours = this.config.minRestHoursFor(group);
    const busy = minRestHours > 0 ? await this.shiftsAround(tx, group, from, to) : new Map();
    const doctors: RosterDoctor[] = doctorRows.map((d) => ({
      id: d.id,
      maxPerWeek: Math.max(0, d.max_windows_per_week - (busyElsewhere.get(d.id) ?? 0)),
      maxPerDay: d.max_windows_per_day,
      available: d.available.filter((k) => windows.has(k) && !asked.has(`${d.id} ${k}`)),
      ...(busy.has(d.id) ? { busy: busy.get(d.id) } : {}),
    }));
    const published = await rows<RosterAssignment>(
      tx,
      `SELECT ra.${people.column} AS "doctorId", ra.window_key AS "windowKey"
         FROM roster_assignments ra
         JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = $1
        WHERE ra.date BETWEEN $2 AND $3
        ORDER BY ra.window_key, ra.${people.column}`,
      [group, from, to],
    );
    return {
      input: {
        windows: instances.map((w) => ({
          key: w.key,
          date: w.date,
          week: w.week,
          required: RequirementsService.requiredFor(req, w.key),
          startsAt: w.startsAt.getTime(),
          endsAt: w.endsAt.getTime(),
        })),
        doctors,
        ...(minRestHours > 0 ? { minRestHours } : {}),
        noun: people.noun,
        published: published.filter(
          (p) => windows.has(p.windowKey) && !asked.has(`${p.doctorId} ${p.windowKey}`),
        ),
      },
      windows,
    };
  }

  /**
   * Each person's published shifts of other rosters of the group just outside [from, to]: the rest
   * rule holds across a roster's edges too (Sunday 22–06, then next Monday 06–14).
   */
  private async shiftsAround(
    tx: EntityManager,
    group: RosterGroup,
    from: string,
    to: string,
  ): Promise<Map<string, RosterBusyShift[]>> {
    const { column } = peopleOf(group);
    const found = await rows<{ person: string; key: string; starts_at: Date; ends_at: Date }>(
      tx,
      `SELECT ra.${column} AS person, ra.window_key AS key, ra.starts_at, ra.ends_at
         FROM roster_assignments ra
         JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = $1
        WHERE NOT (r.from_date <= $3 AND r.to_date >= $2)
          AND ra.date BETWEEN $4 AND $5 AND (ra.date < $2 OR ra.date > $3)`,
      [group, from, to, addDays(from, -3), addDays(to, 3)],
    );
    const busy = new Map<string, RosterBusyShift[]>();
    for (const r of found) {
      const shift = { key: r.key, startsAt: r.starts_at.getTime(), endsAt: r.ends_at.getTime() };
      busy.set(r.person, [...(busy.get(r.person) ?? []), shift]);
    }
    return busy;
  }

  /** A draft built by the solver, off the request thread. */
  async create(body: CreateRosterDto, createdBy: string | null): Promise<RosterDto> {
    checkRange(body.from, body.to, MAX_ROSTER_DAYS);
    const { input, windows } = await this.context(this.db.manager, body.group, body.from, body.to, {
      withoutCoverRequests: true,
    });
    const started = Date.now();
    const solution: RosterSolution = await solveInWorker(input);
    this.logger.log(
      {
        group: body.group,
        doctors: input.doctors.length,
        windows: input.windows.length,
        ms: Date.now() - started,
      },
      'roster solved',
    );
    const id = await this.db.transaction(async (tx) => {
      const [row] = await rows<{ id: string }>(
        tx,
        `INSERT INTO rosters ("group", from_date, to_date, status, created_by, created_at)
         VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id`,
        [body.group, body.from, body.to, createdBy, this.clock.now()],
      );
      await this.insertAssignments(tx, row.id, solution.assignments, windows, body.group);
      return row.id;
    });
    return {
      id,
      group: body.group,
      from: body.from,
      to: body.to,
      status: 'draft',
      assignments: solution.assignments.map((a) => assignmentDto(body.group, a)),
      coverage: solution.coverage,
      unfilled: solution.unfilled,
      stats: solution.stats,
    };
  }

  async get(id: string): Promise<RosterDto> {
    const roster = await this.findRoster(this.db.manager, id, false);
    const assignments = await this.assignmentsOf(this.db.manager, id);
    const { input } = await this.context(this.db.manager, roster.group, roster.from, roster.to);
    return toRosterDto(roster, assignments, input);
  }

  /**
   * Adds and removes assignments on a draft. The whole result is re-checked against every hard
   * constraint (kept assignments first, so the additions take the blame); any violation is a 409
   * listing them all, and nothing changes.
   */
  async edit(id: string, body: EditAssignmentsDto): Promise<RosterDto> {
    return this.db.transaction(async (tx) => {
      const roster = await this.findRoster(tx, id, true);
      const add = personAssignments(roster.group, body.add ?? [], 'add');
      const remove = personAssignments(roster.group, body.remove ?? [], 'remove');
      if (roster.status !== 'draft')
        throw DomainException.conflict(`roster is ${roster.status}; only a draft can be edited`);
      const { column, noun } = peopleOf(roster.group);
      const current = await this.assignmentsOf(tx, id);
      const key = (a: RosterAssignment) => `${a.doctorId} ${a.windowKey}`;
      const currentKeys = new Set(current.map(key));
      const removeKeys = new Set(remove.map(key));
      const violations: (Omit<RosterViolation, 'constraint'> & { constraint: string })[] = remove
        .filter((r) => !currentKeys.has(key(r)))
        .map((r) => ({
          doctorId: r.doctorId,
          windowKey: r.windowKey,
          constraint: 'not_assigned',
          message: `${noun} ${r.doctorId} is not on ${r.windowKey} in this roster`,
        }));
      const kept = current.filter((a) => !removeKeys.has(key(a)));
      const next = [...kept, ...add.map((a) => ({ doctorId: a.doctorId, windowKey: a.windowKey }))];
      const { input, windows } = await this.context(tx, roster.group, roster.from, roster.to);
      violations.push(...checkRoster(input, next));
      if (violations.length) {
        throw DomainException.conflict('the edit breaks hard constraints; nothing was changed', {
          violations: violations.map((v) => violationDto(roster.group, v)),
        });
      }
      if (remove.length) {
        await rows(
          tx,
          `DELETE FROM roster_assignments ra USING unnest($2::uuid[], $3::text[]) AS t(d, k)
            WHERE ra.roster_id = $1 AND ra.${column} = t.d AND ra.window_key = t.k`,
          [id, remove.map((r) => r.doctorId), remove.map((r) => r.windowKey)],
        );
      }
      await this.insertAssignments(tx, id, add, windows, roster.group);
      return toRosterDto(roster, sortAssignments(next), input);
    });
  }

  /**
   * Publishes a draft: every overlapping published roster of the group is superseded in the same
   * transaction, calendar events are updated, open cover requests follow the new roster (or are
   * cancelled when their assignment is gone). After commit, RosterPublished names each doctor whose
   * windows changed (on a first publish: everyone on it) with their windows on this roster.
   */
  async publish(id: string): Promise<RosterDto> {
    const now = this.clock.now();
    const dto = await this.bus.transact(async (tx, events) => {
      const peek = await this.findRoster(tx, id, false);
      // One publish per group at a time; the exclusion constraint backs this up.
      await rows(tx, `SELECT pg_advisory_xact_lock(hashtext('rosters.publish'), hashtext($1))`, [peek.group]);
      const roster = await this.findRoster(tx, id, true);
      if (roster.status !== 'draft')
        throw DomainException.conflict(`roster is ${roster.status}; only a draft can be published`);
      const assignments = await this.assignmentsOf(tx, id);
      const { input } = await this.context(tx, roster.group, roster.from, roster.to);
      const violations = checkRoster(input, assignments);
      if (violations.length) {
        throw DomainException.conflict(
          'the roster breaks hard constraints (doctors or availability changed); edit it first',
          { violations: violations.map((v) => violationDto(roster.group, v)) },
        );
      }
      const old = await rows<{ id: string }>(
        tx,
        `SELECT id FROM rosters WHERE "group" = $1 AND status = 'published' AND from_date <= $3 AND to_date >= $2
          ORDER BY id FOR UPDATE`,
        [roster.group, roster.from, roster.to],
      );
      const oldIds = old.map((o) => o.id);
      // calendar feeds are the doctors' (an operator has none yet)
      const calendar = isDoctorGroup(roster.group);
      const before = calendar ? await this.placedOf(tx, oldIds) : [];
      const after = calendar ? await this.placedOf(tx, [id]) : [];
      if (oldIds.length) {
        await rows(
          tx,
          `UPDATE rosters SET status = 'superseded', superseded_at = $2 WHERE id = ANY($1::uuid[])`,
          [oldIds, now],
        );
      }
      await rows(tx, `UPDATE rosters SET status = 'published', published_at = $2 WHERE id = $1`, [id, now]);
      const removed = placedDifference(before, after);
      const added = placedDifference(after, before);
      await recordCalendarChanges(tx, removed, added, now);
      if (oldIds.length) {
        await rows(
          tx,
          `UPDATE cover_requests c SET roster_id = $2
            WHERE c.status = 'open' AND c.roster_id = ANY($1::uuid[])
              AND EXISTS (SELECT 1 FROM roster_assignments ra
                           WHERE ra.roster_id = $2 AND ra.doctor_id = c.requested_by AND ra.window_key = c.window_key)`,
          [oldIds, id],
        );
        await rows(
          tx,
          `UPDATE cover_requests SET status = 'cancelled' WHERE status = 'open' AND roster_id = ANY($1::uuid[])`,
          [oldIds],
        );
      }
      const changed = new Set([...removed, ...added].map((p) => p.doctorId));
      const byDoctor = new Map<string, string[]>();
      for (const a of assignments)
        byDoctor.set(a.doctorId, [...(byDoctor.get(a.doctorId) ?? []), a.windowKey]);
      // roster:published goes to doctors' rooms; operators have no socket room of their own yet
      if (isDoctorGroup(roster.group)) {
        events.add('roster.published', {
          rosterId: id,
          group: roster.group,
          doctorWindows: [...changed]
            .sort()
            .map((doctorId) => ({ doctorId, windows: byDoctor.get(doctorId) ?? [] })),
        });
      }
      return toRosterDto({ ...roster, status: 'published' }, assignments, input);
    });
    return dto;
  }

  private async findRoster(tx: EntityManager, id: string, lock: boolean): Promise<RosterRow> {
    const [row] = await rows<RosterRow>(
      tx,
      `SELECT ${ROSTER_COLUMNS} FROM rosters WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw DomainException.notFound('roster');
    return row;
  }

  private async assignmentsOf(tx: EntityManager, rosterId: string): Promise<RosterAssignment[]> {
    return await rows<RosterAssignment>(
      tx,
      `SELECT coalesce(doctor_id, operator_id) AS "doctorId", window_key AS "windowKey" FROM roster_assignments
        WHERE roster_id = $1 ORDER BY window_key COLLATE "C", coalesce(doctor_id, operator_id)`,
      [rosterId],
    );
  }

  private async placedOf(tx: EntityManager, rosterIds: string[]): Promise<PlacedWindow[]> {
    if (rosterIds.length === 0) return [];
    return await rows<PlacedWindow>(
      tx,
      `SELECT doctor_id AS "doctorId", window_key AS "windowKey", starts_at AS "startsAt", ends_at AS "endsAt"
         FROM roster_assignments WHERE roster_id = ANY($1::uuid[])`,
      [rosterIds],
    );
  }

  private async insertAssignments(
    tx: EntityManager,
    rosterId: string,
    assignments: readonly RosterAssignment[],
    windows: Map<string, WindowInstance>,
    group: RosterGroup,
  ): Promise<void> {
    if (assignments.length === 0) return;
    const ws = assignments.map((a) => windows.get(a.windowKey) as WindowInstance);
    await rows(
      tx,
      `INSERT INTO roster_assignments (roster_id, ${peopleOf(group).column}, window_key, date, starts_at, ends_at)
       SELECT $1, d, k, dt::date, s, e FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS t(d, k, dt, s, e)`,
      [
        rosterId,
        assignments.map((a) => a.doctorId),
        assignments.map((a) => a.windowKey),
        ws.map((w) => w.date),
        ws.map((w) => w.startsAt),
        ws.map((w) => w.endsAt),
      ],
    );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortAssignments(list: RosterAssignment[]): RosterAssignment[] {
  return [...list].sort((a, b) => compare(a.windowKey, b.windowKey) || compare(a.doctorId, b.doctorId));
}

function toRosterDto(roster: RosterRow, assignments: RosterAssignment[], input: RosterInput): RosterDto {
  const summary = summarise(input, assignments);
  return {
    id: roster.id,
    group: roster.group,
    from: roster.from,
    to: roster.to,
    status: roster.status,
    assignments: sortAssignments(assignments).map((a) => assignmentDto(roster.group, a)),
    coverage: summary.coverage,
    unfilled: summary.unfilled,
    stats: summary.stats,
  };
}

/** An assignment as the API names it: `doctorId` on a doctors' roster, `operatorId` on the operators'. */
function assignmentDto(group: RosterGroup, a: RosterAssignment): AssignmentDto {
  return peopleOf(group).idField === 'operatorId'
    ? { operatorId: a.doctorId, windowKey: a.windowKey }
    : { doctorId: a.doctorId, windowKey: a.windowKey };
}

function violationDto(
  group: RosterGroup,
  v: Omit<RosterViolation, 'constraint'> & { constraint: string },
): RosterViolationDto {
  const { doctorId, ...rest } = v;
  return peopleOf(group).idField === 'operatorId' ? { operatorId: doctorId, ...rest } : { doctorId, ...rest };
}

/**
 * An edit's assignments in the solver's terms. Each must name the person the way the roster's
 * group does (`operatorId` on the operators' roster, `doctorId` on a doctors' one), else a 400
 * naming the field, before anything is read or written.
 */
function personAssignments(
  group: RosterGroup,
  list: readonly AssignmentDto[],
  field: string,
): RosterAssignment[] {
  const { idField } = peopleOf(group);
  const other = idField === 'operatorId' ? 'doctorId' : 'operatorId';
  const bad = list.flatMap((a, i) =>
    a[idField] === undefined || a[other] !== undefined
      ? [`${field}.${i}.${idField} must name the ${peopleOf(group).noun} on a ${group} roster (not ${other})`]
      : [],
  );
  if (bad.length) throw DomainException.invalid(bad.slice(0, 10));
  return list.map((a) => ({ doctorId: a[idField] as string, windowKey: a.windowKey }));
}
