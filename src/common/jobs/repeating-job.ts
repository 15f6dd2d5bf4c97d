import type { Logger } from '@nestjs/common';
import type { DependencyStatus } from '../faults/dependency-status';
import { isDatabaseUnavailable } from '../faults/unavailable';

export interface RepeatingJobOptions {
  /** named in the log line of a failed run */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  log: Pick<Logger, 'error'>;
  /** told of the database's state: a run that fails for want of the database is not an error line */
  dependencies?: DependencyStatus;
}

/**
 * A background job that survives any error of one run (CONTRACT.md "Faults"): runs never overlap,
 * a run that throws is reported and the next one starts on time. Database outages are reported to
 * DependencyStatus (one line per change of state), anything else as an error line per failed run.
 * Every sweeper and scheduler of the app runs on it.
 */
export class RepeatingJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: RepeatingJobOptions) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.everyMs);
    this.timer.unref();
  }

  /** One run now, unless one is in flight (then that one); never rejects. */
  runOnce(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= (async () => {
      try {
        await this.options.run();
        this.options.dependencies?.up('database');
      } catch (err) {
        if (this.stopped) return;
        if (isDatabaseUnavailable(err) && this.options.dependencies)
          this.options.dependencies.databaseFailed(err);
        else this.options.log.error({ err }, `${this.options.name} failed`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Stops the timer and waits for a run in flight (its transaction commits or rolls back whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
