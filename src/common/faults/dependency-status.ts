import { Injectable, Logger } from '@nestjs/common';
import { briefError } from './unavailable';

/** What this process depends on and may lose for a while. */
export type Dependency = 'database' | 'redis' | 'socket-broker';

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
