import fc from 'fast-check';
import { EventRateLimiter } from './event-rate';

describe('EventRateLimiter', () => {
  it.each([
    ['20 at once', Array.from({ length: 20 }, () => 0), 20],
    ['21 at once', Array.from({ length: 21 }, () => 0), 20],
    ['21 within 999 ms', Array.from({ length: 21 }, (_, i) => (i === 20 ? 999 : 0)), 20],
    ['the 21st a second after the first', Array.from({ length: 21 }, (_, i) => (i === 20 ? 1000 : 0)), 21],
    ['one every 50 ms for 5 s', Array.from({ length: 100 }, (_, i) => i * 50), 100],
    ['one every 40 ms', Array.from({ length: 30 }, (_, i) => i * 40), 25],
  ])('%s', (_name, times, accepted) => {
    const limiter = new EventRateLimiter(20, 1000);
    expect(times.filter((t) => limiter.allow(t))).toHaveLength(accepted);
  });

  it('accepts exactly when fewer than `limit` accepted events lie in the last window (model check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 300 }),
        (limit, windowMs, gaps) => {
          const limiter = new EventRateLimiter(limit, windowMs);
          const accepted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            const expected = accepted.filter((t) => now - t < windowMs).length < limit;
            expect(limiter.allow(now)).toBe(expected);
            if (expected) accepted.push(now);
          }
        },
      ),
    );
  });
});
