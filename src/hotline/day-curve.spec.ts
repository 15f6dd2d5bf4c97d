import fc from 'fast-check';
import { DateTime } from 'luxon';
import { SeededRandom } from '../common/random';
import { HOURLY_WEIGHTS, timesOverDay } from './day-curve';

describe('timesOverDay', () => {
  it.each([
    ['Asia/Ho_Chi_Minh', '2021-08-19'],
    ['Europe/Paris', '2021-03-28'], // 23 hours
    ['Europe/Paris', '2021-10-31'], // 25 hours
    ['America/New_York', '2021-03-14'],
  ])('in %s on %s keeps every instant on the local date, in order', (zone, date) => {
    const rnd = new SeededRandom(7);
    const times = timesOverDay(date, 500, zone, () => rnd.next());
    expect(times).toHaveLength(500);
    for (const t of times) expect(DateTime.fromJSDate(t, { zone }).toISODate()).toBe(date);
    for (let i = 1; i < times.length; i++)
      expect(times[i].getTime()).toBeGreaterThanOrEqual(times[i - 1].getTime());
  });

  it('puts about four fifths of the contacts between 08:00 and 20:00, as the article says', () => {
    const rnd = new SeededRandom(1);
    const times = timesOverDay('2021-08-20', 2000, 'Asia/Ho_Chi_Minh', () => rnd.next());
    const busy = times.filter((t) => {
      const h = DateTime.fromJSDate(t, { zone: 'Asia/Ho_Chi_Minh' }).hour;
      return h >= 8 && h < 20;
    }).length;
    const expected =
      HOURLY_WEIGHTS.slice(8, 20).reduce((a, b) => a + b, 0) / HOURLY_WEIGHTS.reduce((a, b) => a + b, 0);
    expect(busy / times.length).toBeCloseTo(expected, 2);
    expect(expected).toBeGreaterThan(0.75);
  });

  it('gives the same instants for the same jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), (n, seed) => {
        const a = new SeededRandom(seed);
        const b = new SeededRandom(seed);
        expect(timesOverDay('2021-08-21', n, 'Asia/Ho_Chi_Minh', () => a.next())).toEqual(
          timesOverDay('2021-08-21', n, 'Asia/Ho_Chi_Minh', () => b.next()),
        );
      }),
      { numRuns: 50 },
    );
  });
});
