/** CONTRACT.md "Socket.IO": a socket sending more than this many events a second is disconnected. */
export const SOCKET_EVENTS_PER_SECOND = 20;

/**
 * At most `limit` events in any window of `windowMs`: a ring of the last `limit` accepted
 * arrival times, so each check is O(1) and a socket costs `limit` numbers.
 */
export class EventRateLimiter {
  private readonly times: number[];
  private next = 0;

  constructor(
    readonly limit = SOCKET_EVENTS_PER_SECOND,
    readonly windowMs = 1000,
  ) {
    this.times = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY);
  }

  /** False when an event at `now` would be more than `limit` within `windowMs` (it is not counted). */
  allow(now: number): boolean {
    if (now - this.times[this.next] < this.windowMs) return false;
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.limit;
    return true;
  }
}
