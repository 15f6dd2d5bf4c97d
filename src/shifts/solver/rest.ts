import type { RosterBusyShift, RosterInput, RosterWindow } from './solver.types';

/**
 * The rest rule (OPERATOR_MIN_REST_HOURS; Labour Code 2019 art. 110): between the end of one shift
 * of a person and the start of their next there are at least `minRestHours` real hours, measured
 * between instants, so a daylight-saving night counts the hours it really has. Two shifts that
 * overlap are always too close. Pure.
 */

export const HOUR_MS = 3_600_000;

export interface Span {
  readonly key: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/** The rule's least rest in ms, or 0 when no rest rule applies to the input. */
export function minRestMs(input: Pick<RosterInput, 'minRestHours'>): number {
  const hours = input.minRestHours ?? 0;
  return Number.isFinite(hours) && hours > 0 ? hours * HOUR_MS : 0;
}

/** Real ms from the end of the earlier shift to the start of the later (negative when they overlap). */
export function restBetween(a: Span, b: Span): number {
  return a.startsAt <= b.startsAt ? b.startsAt - a.endsAt : a.startsAt - b.endsAt;
}

/** Whether one person may not work both (always false when `restMs` is 0: no rule). */
export function tooClose(a: Span, b: Span, restMs: number): boolean {
  return restMs > 0 && restBetween(a, b) < restMs;
}

/** A window as a span; a rest rule needs its instants, so a window without them is a caller bug. */
export function spanOf(window: RosterWindow): Span {
  const { startsAt, endsAt } = window;
  if (typeof startsAt !== 'number' || typeof endsAt !== 'number' || !(endsAt > startsAt)) {
    throw new RangeError(`window ${window.key} has no instants, and a rest rule applies`);
  }
  return { key: window.key, startsAt, endsAt };
}

/** The shift of `busy` a window is too close to, if any. */
export function busyConflict(
  window: Span,
  busy: readonly RosterBusyShift[] | undefined,
  restMs: number,
): RosterBusyShift | undefined {
  if (restMs === 0 || !busy) return undefined;
  return busy.find((b) => b.key !== window.key && tooClose(window, b, restMs));
}

/**
 * The input with every window a person's shifts elsewhere leave too little rest for taken out of
 * their availability: those pairs are out of bounds like an unavailable one.
 */
export function withoutBusyConflicts(input: RosterInput): RosterInput {
  const restMs = minRestMs(input);
  if (restMs === 0) return input;
  const spans = new Map(input.windows.map((w) => [w.key, spanOf(w)]));
  if (!input.doctors.some((d) => d.busy && d.busy.length > 0)) return input;
  return {
    ...input,
    doctors: input.doctors.map((d) =>
      d.busy && d.busy.length > 0
        ? {
            ...d,
            available: d.available.filter((k) => {
              const span = spans.get(k);
              return span === undefined || busyConflict(span, d.busy, restMs) === undefined;
            }),
          }
        : d,
    ),
  };
}

/**
 * The maximal sets of one person's shifts that pairwise break the rule, as index lists: "at most
 * one of each" is exactly the rule. Shift i blocks [start_i, end_i + rest); two shifts conflict iff
 * those intervals overlap, so the conflicts form an interval graph whose maximal cliques a sweep
 * over the starts finds: the clique at a start is maximal when a member's block ends before the
 * next start (or there is no next start). Cliques of one shift are left out.
 */
export function restCliques(spans: readonly Span[], restMs: number): number[][] {
  if (restMs === 0) return [];
  const order = spans.map((_, i) => i).sort((a, b) => spans[a].startsAt - spans[b].startsAt || a - b);
  const cliques: number[][] = [];
  let open: number[] = [];
  order.forEach((i, n) => {
    const at = spans[i].startsAt;
    open = open.filter((j) => spans[j].endsAt + restMs > at);
    open.push(i);
    const next = n + 1 < order.length ? spans[order[n + 1]].startsAt : Number.POSITIVE_INFINITY;
    const closes = open.some((j) => spans[j].endsAt + restMs <= next);
    if (closes && open.length > 1) cliques.push([...open]);
  });
  return cliques;
}
