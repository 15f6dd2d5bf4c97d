import { DateTime } from 'luxon';

/**
 * How the hotline's contacts spread over a day: relative weight of each local hour 00–23, modelled on
 * the 1022 article ("from 8h to 20h the hotline receives the most calls"): about 80 % of a day's
 * contacts arrive 08–20, with a dip at lunch and a quiet night. Used by the demo seed and the replay.
 */
export const HOURLY_WEIGHTS: readonly number[] = [
  1, 1, 0.5, 0.5, 0.5, 1, 2, 4, 8, 10, 10, 9, 7, 7, 9, 10, 10, 9, 8, 8, 5, 4, 2, 1.5,
];

/**
 * `n` instants on the local `date` in `zone`, following the curve, in order. `jitter` (values in
 * [0, 1), one per contact, e.g. from a seeded random) places each contact inside its share of the
 * day, so the same jitter gives the same instants. Hours are local wall-clock hours, so a day with a
 * daylight-saving change still spreads over its real length.
 */
export function timesOverDay(date: string, n: number, zone: string, jitter: () => number): Date[] {
  const total = HOURLY_WEIGHTS.reduce((a, b) => a + b, 0);
  const start = DateTime.fromISO(date, { zone });
  const end = start.plus({ days: 1 });
  const times: Date[] = [];
  for (let i = 0; i < n; i++) {
    // the contact's place in the day's distribution, then the inverse of the hourly CDF
    let target = ((i + jitter()) / n) * total;
    let hour = 0;
    while (hour < 23 && target >= HOURLY_WEIGHTS[hour]) {
      target -= HOURLY_WEIGHTS[hour];
      hour++;
    }
    const fraction = Math.min(target / HOURLY_WEIGHTS[hour], 0.999_999);
    const at = start.set({ hour }).plus({ seconds: Math.floor(fraction * 3600) });
    // a wall-clock hour skipped by a daylight-saving change lands in the next real hour
    times.push((at < end ? at : end.minus({ seconds: 1 })).toJSDate());
  }
  return times.sort((a, b) => a.getTime() - b.getTime());
}
