import fc from 'fast-check';
import { LOGIN_LIMITS, limitKey, retryAfterSeconds, type LoginLimit } from './login-limits';

const EMAIL: LoginLimit = LOGIN_LIMITS.find((l) => l.kind === 'email') as LoginLimit;
const now = new Date('2026-11-30T12:00:00Z');
/** failures `secondsAgo` before now, newest first */
const failures = (...secondsAgo: number[]) =>
  [...secondsAgo].sort((a, b) => a - b).map((s) => new Date(now.getTime() - s * 1000));

describe('login limits', () => {
  it('are those of CONTRACT.md: 10 per email in 15 min, 100 per address a minute', () => {
    expect(LOGIN_LIMITS).toEqual([
      { kind: 'email', limit: 10, windowMs: 900_000 },
      { kind: 'address', limit: 100, windowMs: 60_000 },
    ]);
  });

  it('keys an email whatever its case, an address as it is', () => {
    expect(limitKey('email', ' Victim@Example.VN ')).toBe('email:victim@example.vn');
    expect(limitKey('address', '::ffff:127.0.0.1')).toBe('address:::ffff:127.0.0.1');
  });

  it.each([
    ['no failure before this attempt', failures(0), 0],
    ['the 10th failure is still allowed', failures(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0],
    // 10 before: refused until the oldest of the 10 leaves the window (900 s after it)
    ['the 11th attempt is refused', failures(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100), 800],
    ['failures older than the window do not count', failures(0, 1, 2, 3, 4, 5, 6, 7, 8, 900, 901), 0],
    ['at the edge of the window', failures(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 899.5), 1],
  ])('%s', (_, at, seconds) => {
    expect(retryAfterSeconds(at, EMAIL, now)).toBe(seconds);
  });

  it('refuses exactly when more than `limit` failures fall in the window, and never asks to wait past it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000 }), { maxLength: 40 }), (msAgo) => {
        const at = [0, ...msAgo].sort((a, b) => a - b).map((ms) => new Date(now.getTime() - ms));
        const inWindow = at.filter((d) => now.getTime() - d.getTime() < EMAIL.windowMs).length;
        const wait = retryAfterSeconds(at, EMAIL, now);
        expect(wait > 0).toBe(inWindow > EMAIL.limit);
        expect(wait).toBeLessThanOrEqual(EMAIL.windowMs / 1000);
      }),
    );
  });
});
