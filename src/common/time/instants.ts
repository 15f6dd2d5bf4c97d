/** An instant as the API writes it (ISO 8601, UTC), or null; a driver's string is read as a date first. */
export const isoOrNull = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;

/** Whole seconds from `then` to `now`, never below 0 (a wait, shown by the server's clock). */
export const secondsSince = (now: Date, then: Date | string): number =>
  Math.max(0, Math.floor((now.getTime() - new Date(then).getTime()) / 1000));
