/** The offer card's countdown: whole seconds left until `expiresAt`, never negative. */
export function secondsLeft(expiresAt: string, nowMs: number): number {
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, Math.ceil((end - nowMs) / 1000));
}

/** `m:ss`, e.g. 27 → "0:27", 75 → "1:15". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The share of the offer time still left (0–1), for the progress bar; `total` is the offer timeout in seconds. */
export function fractionLeft(seconds: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, seconds / total));
}

/** The countdown is urgent in its last 10 seconds (or the last third of a short offer). */
export function isUrgent(seconds: number, total: number): boolean {
  return seconds <= Math.min(10, Math.ceil(total / 3));
}

/**
 * How far the server's clock is ahead of this device's (ms), from an HTTP `Date` header. Phones' clocks
 * can be minutes off, and `expiresAt` is the server's instant. The header has whole seconds, so the
 * estimate is ±1 s: offsets under 2 s are treated as none, to keep the countdown steady.
 */
export function clockOffset(dateHeader: string | null, sentAtMs: number, receivedAtMs: number): number {
  if (!dateHeader) return 0;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return 0;
  const offset = server + 500 - (sentAtMs + receivedAtMs) / 2;
  return Math.abs(offset) < 2000 ? 0 : Math.round(offset);
}
