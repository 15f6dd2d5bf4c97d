import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DependencyStatus } from '../common/faults/dependency-status';
import { RepeatingJob } from '../common/jobs/repeating-job';
import { AppConfig } from '../config/app-config';
import { Dispatcher } from './dispatcher';
import { OffersService } from './offers.service';
import { PresenceService } from './presence.service';
import { QueueStatsPublisher } from './queue-stats.publisher';

/** One background tick every this many ms: expiry sweep, presence sweep, dispatch pass, stats check. */
export const CONSULT_TICK_MS = 1_000;

/**
 * The consults' background work, run by every process with BACKGROUND_JOBS on. All of it is safe
 * with several processes at once (SKIP LOCKED claims, conditional updates) and keeps no state in
 * memory that another process would need: a tick lost with a crashed process is redone by the next.
 */
@Injectable()
export class ConsultJobs implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(ConsultJobs.name);
  private readonly job: RepeatingJob;

  constructor(
    private readonly config: AppConfig,
    private readonly dispatcher: Dispatcher,
    private readonly offers: OffersService,
    private readonly presence: PresenceService,
    private readonly queueStats: QueueStatsPublisher,
    dependencies: DependencyStatus,
  ) {
    this.job = new RepeatingJob({
      name: 'consult tick',
      everyMs: CONSULT_TICK_MS,
      run: () => this.tick(),
      log: this.log,
      dependencies,
    });
  }

  onModuleInit(): void {
    if (this.config.backgroundJobs) this.job.start();
  }

  /** One round of every sweeper (tests with BACKGROUND_JOBS=0 call it by hand). */
  async tick(): Promise<void> {
    while ((await this.offers.expireDue()) > 0) {
      /* drain every expired offer */
    }
    await this.presence.sweep();
    this.dispatcher.kick();
    await this.dispatcher.idle();
    this.queueStats.checkForChange();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
    await this.dispatcher.idle();
  }
}
