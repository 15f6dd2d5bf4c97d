/**
 * The supervisor board's pure logic: how long a caller has waited and how alarming that is, and a
 * coalescer so a burst of socket events costs one read of the board a second, not one per event.
 */

/** A wait turns amber from this many seconds and red from the next (Twilio Flex's long-wait colours). */
export const WAIT_AMBER_SECONDS = 120;
export const WAIT_RED_SECONDS = 300;

export type WaitLevel = 'ok' | 'amber' | 'red';

export function waitLevel(seconds: number): WaitLevel {
  if (seconds >= WAIT_RED_SECONDS) return 'red';
  if (seconds >= WAIT_AMBER_SECONDS) return 'amber';
  return 'ok';
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The wait now: what the server said when it was read, plus the time since on this device. */
export const waitNow = (serverSeconds: number, readAtMs: number, nowMs: number): number =>
  serverSeconds + Math.max(0, Math.floor((nowMs - readAtMs) / 1000));

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Runs `run` at most once every `gapMs`: a call within the gap of the last run (or while one is in
 * flight) schedules exactly one more run at the gap's end, whatever the number of calls meanwhile.
 */
export function coalesce(run: () => Promise<unknown>, gapMs: number, timers: Timers) {
  let lastStart = -Infinity;
  let inFlight = false;
  let again = false;
  let timer: unknown = null;
  const start = () => {
    timer = null;
    inFlight = true;
    again = false;
    lastStart = timers.now();
    void run()
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        if (again) request();
      });
  };
  const request = () => {
    if (inFlight) {
      again = true;
      return;
    }
    if (timer !== null) return;
    const wait = lastStart + gapMs - timers.now();
    if (wait <= 0) start();
    else timer = timers.setTimeout(start, wait);
  };
  return {
    request,
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      again = false;
    },
  };
}
