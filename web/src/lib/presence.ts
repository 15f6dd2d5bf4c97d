/**
 * The doctor's presence as the server holds it (`GET /api/consults/presence/me`), and what the page
 * derives from it: pure functions, no DOM.
 */

export type PresenceStatus = 'available' | 'away' | 'wrap_up';

export interface RosterWindow {
  key: string;
  date: string;
  weekday: number;
  startsAt: string;
  endsAt: string;
}

export interface PresenceState {
  status: PresenceStatus;
  since: string | null;
  wrapUpUntil: string | null;
  window: RosterWindow | null;
  nextWindow: RosterWindow | null;
}

const SIX_DAYS_MS = 6 * 24 * 3600 * 1000;

/**
 * "Thứ Ba 09:00" (the weekday and time the window starts, in the operations zone); the date is added
 * when the window is a week or more away, where a weekday alone would mislead.
 */
export function windowStartLabel(w: RosterWindow, locale: string, zone: string, nowMs: number): string {
  const start = new Date(w.startsAt);
  const far = start.getTime() - nowMs > SIX_DAYS_MS;
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'long',
    ...(far ? { day: '2-digit', month: '2-digit' } : {}),
  }).format(start);
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(start);
  return `${day.charAt(0).toLocaleUpperCase(locale)}${day.slice(1)} ${time}`;
}

/**
 * When the state read from the server goes stale by itself (the window ends, the next one opens, the
 * wrap-up ends): the page reads it again then. Null when nothing is due.
 */
export function staleAt(state: PresenceState, nowMs: number): number | null {
  const edges = [state.window?.endsAt, state.nextWindow?.startsAt, state.wrapUpUntil]
    .filter((iso): iso is string => typeof iso === 'string')
    .map((iso) => Date.parse(iso))
    .filter((t) => t > nowMs);
  return edges.length > 0 ? Math.min(...edges) : null;
}

/** The presence after a `presence:changed` push (its `wrapUpUntil` only comes with `wrap_up`). */
export function applyPresenceChange(
  state: PresenceState,
  change: { status: PresenceStatus; wrapUpUntil?: string },
): PresenceState {
  return {
    ...state,
    status: change.status,
    wrapUpUntil: change.status === 'wrap_up' ? (change.wrapUpUntil ?? state.wrapUpUntil) : null,
  };
}
