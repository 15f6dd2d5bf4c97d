import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { EventBus } from '../common/events';
import { DependencyStatus } from '../common/faults/dependency-status';
import { RepeatingJob } from '../common/jobs/repeating-job';
import { AppConfig } from '../config/app-config';
import type { RiskTier } from '../triage';
import { onShiftIds, onShiftLoads } from './care-team.queries';
import type { DoctorLoads } from './doctor-loads';
import { overdueCutoff } from './follow-ups.service';
import { rows as rowsOf } from '../common/sql';

const INTERVAL_MS = 5000;

export interface PassResult {
  /** Follow-ups that fell due and were handed to a doctor on shift (claims from the dispatch queue). */
  dispatched: number;
  /** Overdue follow-ups reported to coordinators (and moved to another doctor when one is on shift). */
  overdue: number;
}

interface Claimed {
  id: string;
  patient_id: string;
  due_at: Date;
  tier: RiskTier;
  doctor_id: string | null;
}

/**
 * What one pass reads once: who is on shift, and (only when some work must go to another doctor)
 * everyone's open follow-ups, kept up to date in memory as the pass hands work out. What other
 * processes hand out meanwhile is seen on the next pass: loads are a balance, not an invariant.
 */
class PassContext {
  private onShiftIds?: Set<string>;
  private doctorLoads?: DoctorLoads;

  constructor(readonly now: Date) {}

  async onShift(tx: EntityManager): Promise<Set<string>> {
    return (this.onShiftIds ??= await onShiftIds(tx, this.now));
  }

  async loads(tx: EntityManager): Promise<DoctorLoads> {
    return (this.doctorLoads ??= await onShiftLoads(tx, this.now));
  }
}

/**
 * Finds due and overdue follow-ups and hands them out. Safe in any number of processes: each batch
 * is claimed with `FOR UPDATE SKIP LOCKED` in one transaction and marked done in the same one, so
 * two passes never take the same row, and a process that dies mid-batch leaves it to the next pass.
 */
@Injectable()
export class FollowUpScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FollowUpScheduler.name);
  private readonly job: RepeatingJob;
  /** Follow-ups claimed per transaction. */
  batchSize = 5000;
  /** Claim loops run side by side within one pass. */
  workers = 2;
  private readonly bus: EventBus;

  /** Built from a DataSource and an emitter, not given the app's EventBus: a test runs a second "process" (its own pool and emitter). */
  constructor(
    @InjectDataSource() db: DataSource,
    private readonly clock: Clock,
    events: EventEmitter2,
    private readonly config: AppConfig,
    dependencies: DependencyStatus,
  ) {
    this.bus = new EventBus(db, events);
    this.job = new RepeatingJob({
      name: 'follow-up scheduler pass',
      everyMs: INTERVAL_MS,
      run: () => this.runPass(),
      log: this.logger,
      dependencies,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.backgroundJobs) this.job.start();
  }

  /** Stops the loop and lets a pass in flight finish (its transaction commits or rolls back whole). */
  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /**
   * One pass: dispatch what fell due, then reassign and report what is overdue. Each phase runs
   * `workers` claim loops side by side (safe for the same reason several processes are: SKIP LOCKED),
   * so one batch's database work overlaps another's event fan-out.
   */
  async runPass(): Promise<PassResult> {
    const ctx = new PassContext(this.clock.now());
    const drain = async (batch: (ctx: PassContext) => Promise<number>): Promise<number> => {
      const loops = Array.from({ length: this.workers }, async () => {
        let total = 0;
        for (let n = this.batchSize; n === this.batchSize;) {
          n = await batch(ctx);
          total += n;
        }
        return total;
      });
      return (await Promise.all(loops)).reduce((a, b) => a + b, 0);
    };
    const dispatched = await drain((c) => this.dispatchBatch(c));
    const overdue = await drain((c) => this.overdueBatch(c));
    return { dispatched, overdue };
  }

  /**
   * Follow-ups that fell due leave the dispatch queue (claimed with SKIP LOCKED, deleted in the same
   * transaction) and go to the patient's own doctor when on shift, else to the least loaded on shift.
   * follow_ups is written only where the doctor changes.
   */
  private async dispatchBatch(ctx: PassContext): Promise<number> {
    const count = await this.bus.transact(async (tx, events) => {
      const rows = await rowsOf<Claimed>(
        tx,
        `DELETE FROM follow_up_dispatch_queue WHERE follow_up_id = ANY(ARRAY(
           SELECT follow_up_id FROM follow_up_dispatch_queue WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED))
         RETURNING follow_up_id AS id, patient_id, due_at, tier, doctor_id`,
        [ctx.now, this.batchSize],
      );
      if (rows.length === 0) return 0;
      rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
      const onShift = await ctx.onShift(tx);
      const doctors: (string | null)[] = [];
      for (const r of rows) {
        // A waiting follow-up is held by the patient's own doctor (and counted in their load already).
        doctors.push(
          r.doctor_id && onShift.has(r.doctor_id)
            ? r.doctor_id
            : ((await ctx.loads(tx)).take() ?? r.doctor_id),
        );
      }
      const changed = rows.flatMap((r, i) =>
        doctors[i] !== r.doctor_id ? [[r.id, doctors[i]] as const] : [],
      );
      if (changed.length > 0) {
        await tx.query(
          `UPDATE follow_ups f SET doctor_id = u.doctor_id
           FROM unnest($1::uuid[], $2::uuid[]) AS u(id, doctor_id) WHERE f.id = u.id AND f.status = 'open'`,
          [changed.map(([id]) => id), changed.map(([, d]) => d)],
        );
      }
      rows.forEach((r, i) => {
        const doctorId = doctors[i];
        if (doctorId)
          events.add('followup.assigned', {
            doctorId,
            payload: {
              followUpId: r.id,
              patientId: r.patient_id,
              dueAt: r.due_at.toISOString(),
              tier: r.tier,
            },
          });
      });
      return rows.length;
    });
    return count;
  }

  /**
   * Follow-ups still open 30 minutes after due: moved to another doctor on shift (fewest open
   * follow-ups) and reported to coordinators, once each.
   */
  private async overdueBatch(ctx: PassContext): Promise<number> {
    const count = await this.bus.transact(async (tx, events) => {
      const rows = await tx.query<Claimed[]>(
        `SELECT f.id, f.patient_id, f.due_at, f.tier, f.doctor_id FROM follow_ups f
         WHERE f.status = 'open' AND f.overdue_reported_at IS NULL AND f.due_at <= $1
         ORDER BY f.due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [overdueCutoff(ctx.now), this.batchSize],
      );
      if (rows.length === 0) return 0;
      const loads = await ctx.loads(tx);
      const targets = rows.map((r) => {
        const to = loads.take(r.doctor_id);
        if (!to) return r.doctor_id;
        loads.release(r.doctor_id);
        return to;
      });
      await tx.query(
        `UPDATE follow_ups f SET doctor_id = u.doctor_id, overdue_reported_at = $3,
           reassigned_from = CASE WHEN u.doctor_id IS DISTINCT FROM f.doctor_id THEN f.doctor_id ELSE f.reassigned_from END
         FROM unnest($1::uuid[], $2::uuid[]) AS u(id, doctor_id) WHERE f.id = u.id`,
        [rows.map((r) => r.id), targets, ctx.now],
      );
      rows.forEach((r, i) => {
        const dueAt = r.due_at.toISOString();
        events.add('followup.overdue', {
          payload: {
            followUpId: r.id,
            patientId: r.patient_id,
            dueAt,
            fromDoctorId: r.doctor_id,
            toDoctorId: targets[i],
          },
        });
        const to = targets[i];
        if (to && to !== r.doctor_id) {
          events.add('followup.assigned', {
            doctorId: to,
            payload: { followUpId: r.id, patientId: r.patient_id, dueAt, tier: r.tier },
          });
        }
      });
      return rows.length;
    });
    return count;
  }
}
