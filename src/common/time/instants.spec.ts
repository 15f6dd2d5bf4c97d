import { isoOrNull, secondsSince } from './instants';

describe('instants', () => {
  it.each<[Date | string | null | undefined, string | null]>([
    [new Date('2026-12-01T02:03:04.005Z'), '2026-12-01T02:03:04.005Z'],
    ['2026-12-01T09:03:04+07:00', '2026-12-01T02:03:04.000Z'],
    [null, null],
    [undefined, null],
  ])('isoOrNull(%p) = %p', (input, expected) => {
    expect(isoOrNull(input)).toBe(expected);
  });

  const now = new Date('2026-12-01T00:00:10.000Z');
  it.each<[string, number]>([
    ['2026-12-01T00:00:00.000Z', 10],
    ['2026-12-01T00:00:09.001Z', 0],
    ['2026-12-01T00:00:08.999Z', 1],
    ['2026-12-01T00:00:10.000Z', 0],
    ['2026-12-01T00:00:11.000Z', 0], // a clock ahead of the server's: no negative wait
  ])('secondsSince(now, %s) = %d', (then, expected) => {
    expect(secondsSince(now, then)).toBe(expected);
    expect(secondsSince(now, new Date(then))).toBe(expected);
  });
});
