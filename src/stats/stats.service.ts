import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime, Duration } from 'luxon';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { addDays, daysBetween } from '../common/time/windows';
import { BRANCHES, CATEGORIES, CHANNELS } from '../hotline';
import { DEFAULT_CADENCE } from '../triage';
import type { DailyStatsDto, DailyStatsQuery, HourlyStatsDto, HourlyStatsQuery } from './stats.dto';
import { rows } from '../common/sql';

const MAX_DAYS = 366;

/**
 * The periods a figure is counted over, as rows (date, day_start, day_end) from $1 (keys), $2 (starts)
 * and $3 (ends): the days of the daily figures, or the hours of one day (keyed by their start).
 */
const PERIODS_SQL = `SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS d(date, day_start, day_end)`;

type ContactFigures = Pick<
  DailyStatsDto,
  | 'contactsReceived'
  | 'contactsResolved'
  | 'contactsForwarded'
  | 'contactsTransferred'
  | 'byBranch'
  | 'byCategory'
  | 'byChannel'
  | 'forwardedHandled'
  | 'forwardedOverdue'
>;

/** A contact forwarded to a district and not returned: waiting, acknowledged or handled. */
const FORWARDED_SQL = `'forwarded', 'in_progress', 'handled'`;

const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));

function emptyContactFigures(): ContactFigures {
  return {
    contactsReceived: 0,
    contactsResolved: 0,
    contactsForwarded: 0,
    contactsTransferred: 0,
    byBranch: zeros(BRANCHES.map(String)),
    byCategory: zeros(CATEGORIES),
    byChannel: zeros(CHANNELS),
    forwardedHandled: 0,
    forwardedOverdue: 0,
  };
}

interface Day {
  date: string;
  start: Date;
  end: Date;
}

/** Daily figures for coordinators (CONTRACT.md "Statistics"); days are calendar days in OPERATIONS_TZ. */
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private days(from: string, to: string): Day[] {
    const span = daysBetween(from, to);
    if (span < 0) throw DomainException.invalid('to must not be before from');
    if (span >= MAX_DAYS) throw DomainException.invalid(`from and to must be at most ${MAX_DAYS} days apart`);
    const zone = this.config.operationsTz;
    return Array.from({ length: span + 1 }, (_, i) => {
      const date = addDays(from, i);
      const start = DateTime.fromISO(date, { zone });
      // The next local midnight, not start + 24 h: a daylight-saving day is 23 or 25 hours long.
      const end = DateTime.fromISO(addDays(date, 1), { zone });
      return { date, start: start.toJSDate(), end: end.toJSDate() };
    });
  }

  async daily(query: DailyStatsQuery): Promise<DailyStatsDto[]> {
    const days = this.days(query.from, query.to);
    const now = this.clock.now();
    const graceSeconds = Duration.fromObject(DEFAULT_CADENCE.overdueGrace).as('seconds');
    const params = [days.map((d) => d.date), days.map((d) => d.start), days.map((d) => d.end)];

    const consults = await this.consultFigures(params);
    const contacts = await this.contactFigures(params, now);
    const followUps = await rows<{
      date: string;
      done: number;
      overdue: number;
      due_patients: number;
      seen_patients: number;
    }>(
      this.db,
      `WITH days AS (${PERIODS_SQL})
       SELECT d.date,
         (SELECT count(*) FROM follow_ups f WHERE f.status = 'done' AND f.completed_at >= d.day_start AND f.completed_at < d.day_end)::int AS done,
         (SELECT count(*) FROM follow_ups f
           WHERE f.status <> 'cancelled'
             AND f.due_at + make_interval(secs => $4) >= d.day_start AND f.due_at + make_interval(secs => $4) < d.day_end
             AND f.due_at + make_interval(secs => $4) <= $5
             AND (f.completed_at IS NULL OR f.completed_at > f.due_at + make_interval(secs => $4)))::int AS overdue,
         (SELECT count(DISTINCT f.patient_id) FROM follow_ups f
           WHERE f.status <> 'cancelled' AND f.due_at >= d.day_start AND f.due_at < d.day_end)::int AS due_patients,
         (SELECT count(DISTINCT f.patient_id) FROM follow_ups f
           WHERE f.status = 'done' AND f.due_at >= d.day_start AND f.due_at < d.day_end)::int AS seen_patients
       FROM days d`,
      [...params, graceSeconds, now],
    );
    // The tier of each patient at the end of the day, from the tier history; counted while under care
    // (a patient who left care is counted until the day their status changed).
    const tiers = await rows<{ date: string; tier: string; n: number }>(
      this.db,
      `WITH days AS (${PERIODS_SQL})
       SELECT d.date, t.to_tier AS tier, count(*)::int AS n
       FROM days d
       CROSS JOIN LATERAL (
         SELECT DISTINCT ON (tc.patient_id) tc.patient_id, tc.to_tier
         FROM tier_changes tc WHERE tc.at < d.day_end ORDER BY tc.patient_id, tc.at DESC, tc.id DESC
       ) t
       JOIN patients p ON p.id = t.patient_id
       WHERE p.status = 'under_care' OR p.status_changed_at >= d.day_end
       GROUP BY d.date, t.to_tier`,
      params,
    );

    return days.map((day) => {
      const c = consults.get(day.date);
      const f = followUps.find((r) => r.date === day.date);
      const byTier: DailyStatsDto['patientsByTier'] = { green: 0, yellow: 0, orange: 0, red: 0 };
      for (const r of tiers) if (r.date === day.date) byTier[r.tier as keyof typeof byTier] = r.n;
      const due = f?.due_patients ?? 0;
      const seen = f?.seen_patients ?? 0;
      return {
        date: day.date,
        consultsReceived: c?.received ?? 0,
        consultsCompleted: c?.completed ?? 0,
        byOutcome: c?.byOutcome ?? {},
        medianWaitSeconds: c?.medianWaitSeconds ?? null,
        followUpsDone: f?.done ?? 0,
        followUpsOverdue: f?.overdue ?? 0,
        patientsDue: due,
        patientsSeen: seen,
        coverage: due === 0 ? null : Math.round((seen / due) * 10_000) / 10_000,
        patientsByTier: byTier,
        ...(contacts.get(day.date) ?? emptyContactFigures()),
      };
    });
  }

  /**
   * The hotline's figures per period of receipt (`params` as PERIODS_SQL reads them): every contact
   * counts on the local date it was received,
   * whatever happened to it later (CONTRACT.md "Statistics"); forwarded and overdue are about those
   * same contacts, so a day's figures only grow while its reports are worked.
   */
  private async contactFigures(params: unknown[], now: Date): Promise<Map<string, ContactFigures>> {
    const result = new Map<string, ContactFigures>();
    const ackSeconds = this.config.forwardAckHours * 3600;
    const doneSeconds = this.config.forwardDoneHours * 3600;
    const rows = await this.db.query<
      {
        date: string;
        received: number;
        resolved: number;
        forwarded: number;
        transferred: number;
        handled: number;
        overdue: number;
        by_branch: Record<string, number>;
        by_category: Record<string, number>;
        by_channel: Record<string, number>;
      }[]
    >(
      `WITH days AS (${PERIODS_SQL}),
       c AS (
         SELECT d.date, k.* FROM days d
         JOIN contacts k ON k.received_at >= d.day_start AND k.received_at < d.day_end
       )
       SELECT c.date,
         count(*)::int AS received,
         count(*) FILTER (WHERE c.status = 'resolved')::int AS resolved,
         count(*) FILTER (WHERE c.status IN (${FORWARDED_SQL}))::int AS forwarded,
         count(*) FILTER (WHERE c.status = 'transferred')::int AS transferred,
         count(*) FILTER (WHERE c.status = 'handled')::int AS handled,
         count(*) FILTER (WHERE c.status IN (${FORWARDED_SQL}) AND (
             coalesce(c.acknowledged_at, $5) > c.forwarded_at + make_interval(secs => $4)
             OR coalesce(c.handled_at, $5) > c.forwarded_at + make_interval(secs => $6)))::int AS overdue,
         (SELECT jsonb_object_agg(x.branch, x.n) FROM (SELECT c2.branch::text AS branch, count(*)::int AS n FROM c c2 WHERE c2.date = c.date GROUP BY 1) x) AS by_branch,
         (SELECT jsonb_object_agg(x.category, x.n) FROM (SELECT c2.category, count(*)::int AS n FROM c c2 WHERE c2.date = c.date GROUP BY 1) x) AS by_category,
         (SELECT jsonb_object_agg(x.channel, x.n) FROM (SELECT c2.channel, count(*)::int AS n FROM c c2 WHERE c2.date = c.date GROUP BY 1) x) AS by_channel
       FROM c GROUP BY c.date`,
      [...params, ackSeconds, now, doneSeconds],
    );
    for (const r of rows) {
      const empty = emptyContactFigures();
      result.set(r.date, {
        contactsReceived: r.received,
        contactsResolved: r.resolved,
        contactsForwarded: r.forwarded,
        contactsTransferred: r.transferred,
        byBranch: { ...empty.byBranch, ...r.by_branch },
        byCategory: { ...empty.byCategory, ...r.by_category },
        byChannel: { ...empty.byChannel, ...r.by_channel },
        forwardedHandled: r.handled,
        forwardedOverdue: r.overdue,
      });
    }
    return result;
  }

  /**
   * One local day hour by hour, for the chart of the day: each figure counted by the daily one's own
   * queries (consultFigures, contactFigures) over hours instead of days, so the hours add up to the day.
   */
  async hourly(query: HourlyStatsQuery): Promise<HourlyStatsDto> {
    const [day] = this.days(query.date, query.date);
    const zone = this.config.operationsTz;
    const starts: Date[] = [];
    for (let t = day.start.getTime(); t < day.end.getTime(); t += 3_600_000) starts.push(new Date(t));
    const ends = starts.map((s, i) => starts[i + 1] ?? day.end);
    const keys = starts.map((s) => s.toISOString());
    const params = [keys, starts, ends];
    const consults = await this.consultFigures(params);
    const contacts = await this.contactFigures(params, this.clock.now());
    return {
      date: day.date,
      hours: keys.map((key, i) => {
        const c = consults.get(key);
        const k = contacts.get(key) ?? emptyContactFigures();
        return {
          startsAt: key,
          label: DateTime.fromJSDate(starts[i], { zone }).toFormat('HH:mm'),
          consultsReceived: c?.received ?? 0,
          consultsCompleted: c?.completed ?? 0,
          medianWaitSeconds: c?.medianWaitSeconds ?? null,
          contactsReceived: k.contactsReceived,
          contactsResolved: k.contactsResolved,
          contactsForwarded: k.contactsForwarded,
          contactsTransferred: k.contactsTransferred,
        };
      }),
    };
  }

  /** The consults' figures per period (`params` as PERIODS_SQL reads them): on creation or completion. */
  private async consultFigures(params: unknown[]): Promise<
    Map<
      string,
      {
        received: number;
        completed: number;
        byOutcome: Record<string, number>;
        medianWaitSeconds: number | null;
      }
    >
  > {
    const result = new Map<
      string,
      {
        received: number;
        completed: number;
        byOutcome: Record<string, number>;
        medianWaitSeconds: number | null;
      }
    >();
    const [{ present }] = await rows<{ present: boolean }>(
      this.db,
      `SELECT to_regclass('consults') IS NOT NULL AS present`,
    );
    if (!present) return result;
    const found = await rows<{
      date: string;
      received: number;
      completed: number;
      by_outcome: Record<string, number>;
      median_wait: number | null;
    }>(
      this.db,
      `WITH days AS (${PERIODS_SQL})
       SELECT d.date,
         (SELECT count(*) FROM consults c WHERE c.created_at >= d.day_start AND c.created_at < d.day_end)::int AS received,
         (SELECT count(*) FROM consults c
           WHERE c.status = 'completed' AND c.completed_at >= d.day_start AND c.completed_at < d.day_end)::int AS completed,
         (SELECT coalesce(jsonb_object_agg(o.outcome, o.n), '{}'::jsonb) FROM (
           SELECT c.outcome, count(*)::int AS n FROM consults c
           WHERE c.status = 'completed' AND c.completed_at >= d.day_start AND c.completed_at < d.day_end GROUP BY c.outcome) o
         ) AS by_outcome,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.assigned_at - c.created_at))
           FROM consults c WHERE c.assigned_at IS NOT NULL AND c.created_at >= d.day_start AND c.created_at < d.day_end
         ) AS median_wait
       FROM days d`,
      params,
    );
    for (const r of found) {
      result.set(r.date, {
        received: r.received,
        completed: r.completed,
        byOutcome: r.by_outcome,
        medianWaitSeconds: r.median_wait === null ? null : Math.round(Number(r.median_wait)),
      });
    }
    return result;
  }
}
