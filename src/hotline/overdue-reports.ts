import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { EventBus } from '../common/events/transact';
import { DependencyStatus } from '../common/faults/dependency-status';
import { RepeatingJob } from '../common/jobs/repeating-job';
import { rows } from '../common/sql';
import { AppConfig } from '../config/app-config';
import type { OverdueKind } from './contact.rules';

const EVERY_MS = 30_000;
/** at most this many reports per pass, so one pass stays one short transaction */
const BATCH = 500;

interface Claimed {
  id: string;
  forward_district: string;
  status: string;
  forwarded_at: Date;
  ack: boolean;
  done: boolean;
}

/**
 * Overdue forwarded reports: not acknowledged within FORWARD_ACK_HOURS, or not handled within
 * FORWARD_DONE_HOURS of the forwarding → `report:overdue` to coordinators, once per forwarding and
 * kind. A pass claims the rows with `FOR UPDATE SKIP LOCKED` and marks them reported in the same
 * transaction, so several processes running it report each once; the events go out after commit.
 */
@Injectable()
export class OverdueReports implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(OverdueReports.name);
  private readonly job: RepeatingJob;

  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
    dependencies: DependencyStatus,
  ) {
    this.job = new RepeatingJob({
      name: 'overdue hotline reports',
      everyMs: EVERY_MS,
      run: () => this.runPass(),
      log: this.log,
      dependencies,
    });
  }

  onModuleInit(): void {
    if (this.config.backgroundJobs) this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** One pass; returns how many reports were sent. */
  runPass(): Promise<number> {
    const now = this.clock.now();
    const ackMs = this.config.forwardAckHours * 3_600_000;
    const doneMs = this.config.forwardDoneHours * 3_600_000;
    const ackBefore = new Date(now.getTime() - ackMs);
    const doneBefore = new Date(now.getTime() - doneMs);
    return this.bus.transact(async (tx, events) => {
      const claimed = await rows<Claimed>(
        tx,
        `WITH due AS (
           SELECT id,
                  status = 'forwarded' AND ack_overdue_reported_at IS NULL AND forwarded_at <= $1 AS ack,
                  done_overdue_reported_at IS NULL AND forwarded_at <= $2 AS done
           FROM contacts
           WHERE status IN ('forwarded', 'in_progress')
             AND ((status = 'forwarded' AND ack_overdue_reported_at IS NULL AND forwarded_at <= $1)
               OR (done_overdue_reported_at IS NULL AND forwarded_at <= $2))
           ORDER BY forwarded_at
           LIMIT ${BATCH}
           FOR UPDATE SKIP LOCKED)
         UPDATE contacts c
            SET ack_overdue_reported_at = CASE WHEN due.ack THEN $3 ELSE c.ack_overdue_reported_at END,
                done_overdue_reported_at = CASE WHEN due.done THEN $3 ELSE c.done_overdue_reported_at END
           FROM due WHERE c.id = due.id
         RETURNING c.id, c.forward_district, c.status, c.forwarded_at, due.ack, due.done`,
        [ackBefore, doneBefore, now],
      );
      let sent = 0;
      for (const c of claimed) {
        const kinds: [OverdueKind, boolean, number][] = [
          ['ack', c.ack, ackMs],
          ['done', c.done, doneMs],
        ];
        for (const [kind, due, ms] of kinds) {
          if (!due) continue;
          const forwardedAt = new Date(c.forwarded_at);
          events.add('report.overdue', {
            payload: {
              contactId: c.id,
              district: c.forward_district,
              kind,
              status: c.status,
              forwardedAt: forwardedAt.toISOString(),
              dueAt: new Date(forwardedAt.getTime() + ms).toISOString(),
            },
          });
          sent++;
        }
      }
      return sent;
    });
  }
}
