/**
 * The only reader of "now". Services take a Clock so tests can move time
 * (open a window, expire an offer, make a follow-up overdue) without sleeping.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that runs with real time plus an offset, and can be moved or frozen.
 * Used by tests and by demo runs that want to start at a given moment.
 */
export class AdjustableClock extends Clock {
  private offsetMs = 0;
  private frozenAt?: number;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Jump to an instant; time keeps flowing from there unless frozen. */
  travelTo(at: Date | string): void {
    const target = new Date(at).getTime();
    if (this.frozenAt !== undefined) this.frozenAt = target;
    else this.offsetMs = target - Date.now();
  }

  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  freeze(at?: Date | string): void {
    this.frozenAt = at === undefined ? this.now().getTime() : new Date(at).getTime();
  }

  unfreeze(): void {
    if (this.frozenAt !== undefined) this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
