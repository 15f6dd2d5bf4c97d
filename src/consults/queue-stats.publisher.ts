import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { EventBus } from '../common/events';
import type { QueueStatsDto } from './consult.dto';
import { FREE_DOCTOR_COUNT_SQL } from './dispatcher.sql';
import { namedSql, one } from '../common/sql';
import { DependencyStatus } from '../common/faults/dependency-status';
import { isDatabaseUnavailable } from '../common/faults/unavailable';
import { secondsSince } from '../common/time/instants';

/** At most this often (per process) coordinators get `queue:updated`. */
export const QUEUE_STATS_MIN_INTERVAL_MS = 250;

/** The queue's counts and the free doctors, $1 = now (run up to 4 times a second by each process). */
const QUEUE_STATS_SQL = namedSql(
  'consult_queue_stats',
  `SELECT
     (SELECT count(*)::int FROM consults WHERE status = 'queued') AS queued,
     (SELECT count(*)::int FROM consults WHERE status = 'offered') AS offered,
     (SELECT min(created_at) FROM consults WHERE status IN ('queued', 'offered')) AS oldest,
     (SELECT count(*)::int FROM doctor_presence p WHERE ${FREE_DOCTOR_COUNT_SQL}) AS free`,
);

/** Events that change the queue or the free doctors (besides a doctor connecting available, filtered below). */
const QUEUE_CHANGES = [
  'consult.created',
  'consult.cancelled',
  'consult.completed',
  'consult.offered',
  'consult.offer-revoked',
  'offer.accepted',
  'offer.declined',
  'doctor.presence-changed',
  'doctor.disconnected',
  'doctor.sockets-purged',
] as const;

/**
 * Queue statistics (TaskRouter-style): how many wait, how many are being offered, the longest wait,
 * how many doctors are free. The events in QUEUE_CHANGES mark the stats dirty; one timer publishes
 * `consult.queue-changed` at most every 250 ms, so a burst of a thousand consults costs four pushes a
 * second, not a thousand.
 */
@Injectable()
export class QueueStatsPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(QueueStatsPublisher.name);
  private timer?: NodeJS.Timeout;
  private lastSentAt = 0;
  private last?: QueueStatsDto;
  private closed = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly dependencies: DependencyStatus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.bus.on(QUEUE_CHANGES, () => this.markDirty()),
      this.bus.on('doctor.connected', (e) => {
        if (e.status === 'available') this.markDirty();
      }),
    ];
  }

  async compute(): Promise<QueueStatsDto> {
    const now = this.clock.now();
    const row = await one<{ queued: number; offered: number; oldest: Date | null; free: number }>(
      this.db,
      QUEUE_STATS_SQL,
      [now],
    );
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    return {
      queued: row?.queued ?? 0,
      offered: row?.offered ?? 0,
      longestWaitSeconds: oldest ? secondsSince(now, oldest) : 0,
      doctorsAvailable: row?.free ?? 0,
    };
  }

  /** Something changed: publish fresh stats soon (throttled). */
  private markDirty(): void {
    this.schedule(false);
  }

  /** Periodic check: publish only if the counts differ from what this process last published. */
  checkForChange(): void {
    this.schedule(true);
  }

  private pendingOnlyIfChanged = true;

  private schedule(onlyIfChanged: boolean): void {
    if (this.closed) return;
    this.pendingOnlyIfChanged = this.pendingOnlyIfChanged && onlyIfChanged;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSentAt + QUEUE_STATS_MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => void this.publish(), wait);
    this.timer.unref();
  }

  private async publish(): Promise<void> {
    const onlyIfChanged = this.pendingOnlyIfChanged;
    this.pendingOnlyIfChanged = true;
    try {
      const stats = await this.compute();
      const same =
        this.last !== undefined &&
        this.last.queued === stats.queued &&
        this.last.offered === stats.offered &&
        this.last.doctorsAvailable === stats.doctorsAvailable;
      if (!(onlyIfChanged && same) && !this.closed) {
        this.last = stats;
        this.lastSentAt = Date.now();
        this.bus.publish('consult.queue-changed', { payload: stats });
      }
    } catch (err) {
      if (this.closed) return;
      if (isDatabaseUnavailable(err)) this.dependencies.databaseFailed(err);
      else this.log.warn({ err }, 'queue stats not published');
    } finally {
      this.timer = undefined;
    }
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
