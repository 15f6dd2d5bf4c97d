/** The care team's patient page: age and the timeline, as pure functions. */

/** Whole years from a date of birth to `today` (both `YYYY-MM-DD`, today in the operations zone). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return Math.max(0, age);
}

export type TimelineItem<O, C> =
  { kind: 'observation'; at: string; item: O } | { kind: 'tier'; at: string; item: C };

/**
 * Observations and tier changes in one list, newest first; at the same instant the tier change
 * (caused by the observation) comes first, so it reads "tier → then the values that set it".
 */
export function timeline<O extends { at: string }, C extends { at: string }>(
  observations: readonly O[],
  changes: readonly C[],
): TimelineItem<O, C>[] {
  const items: TimelineItem<O, C>[] = [
    ...observations.map((o) => ({ kind: 'observation' as const, at: o.at, item: o })),
    ...changes.map((c) => ({ kind: 'tier' as const, at: c.at, item: c })),
  ];
  return items.sort((a, b) => {
    const byTime = Date.parse(b.at) - Date.parse(a.at);
    if (byTime !== 0) return byTime;
    return a.kind === b.kind ? 0 : a.kind === 'tier' ? -1 : 1;
  });
}

/** How many pages a list of `total` holds at `limit` a page (at least one). */
export const pageCount = (total: number, limit: number): number => Math.max(1, Math.ceil(total / limit));
