import { Injectable, Logger } from '@nestjs/common';
import { briefError, isDatabaseBusy } from './unavailable';

/** What this process depends on and may lose for a while. */
export type Dependency = 'database' | 'redis' | 'socket-broker';

/** Waits past their bound are reported at most once per this window (with how many followed). */
export const BUSY_REPORT_WINDOW_MS = 30_000;

interface State {
  up: boolean;
  since: number;
  /** failures seen since it went down (reported once, when it comes back) */
  failures: number;
}

/**
 * Each dependency's state as this process sees it, logged once per change of state: one warning when
 * it goes down, one line when it comes back (with how long and how many failures meanwhile), never a
 * line per failed request, job run or health probe. `/api/health` reads it for Redis.
 */
@Injectable()
export class DependencyStatus {
  private readonly log = new Logger('Dependencies');
  private readonly states = new Map<Dependency, State>();
  private busy?: { since: number; more: number };

  /**
   * A database call failed for want of the database. Gone (refused, cut, shutting down): the
   * database is down until something succeeds. Busy (a lock, a statement or a pool wait past its
   * bound): the database is up; one line per BUSY_REPORT_WINDOW_MS says so.
   */
  databaseFailed(err: unknown): void {
    if (!isDatabaseBusy(err)) return this.down('database', err);
    const now = Date.now();
    if (this.busy && now - this.busy.since < BUSY_REPORT_WINDOW_MS) {
      this.busy.more++;
      return;
    }
    const more = this.busy?.more ?? 0;
    this.busy = { since: now, more: 0 };
    this.log.warn(
      { err: briefError(err) },
      `database waits past their bound${more ? ` (and ${more} more in the ${BUSY_REPORT_WINDOW_MS / 1000} s before)` : ''}`,
    );
  }

  down(dependency: Dependency, err?: unknown): void {
    const state = this.states.get(dependency);
    if (state && !state.up) {
      state.failures++;
      return;
    }
    this.states.set(dependency, { up: false, since: Date.now(), failures: 1 });
    this.log.warn({ err: err === undefined ? undefined : briefError(err) }, `${dependency} unavailable`);
  }

  up(dependency: Dependency): void {
    const state = this.states.get(dependency);
    if (state?.up) return;
    this.states.set(dependency, { up: true, since: Date.now(), failures: 0 });
    if (state)
      this.log.log(
        `${dependency} available again after ${((Date.now() - state.since) / 1000).toFixed(1)} s (${state.failures} failures meanwhile)`,
      );
  }

  /** `unknown` before the first report (say, Redis still connecting at start). */
  status(dependency: Dependency): 'up' | 'down' | 'unknown' {
    const state = this.states.get(dependency);
    return state === undefined ? 'unknown' : state.up ? 'up' : 'down';
  }
}
