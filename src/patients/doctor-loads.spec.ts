import fc from 'fast-check';
import { DoctorLoads } from './doctor-loads';

describe('DoctorLoads', () => {
  it.each([
    {
      loads: [
        ['b', 1],
        ['a', 1],
        ['c', 0],
      ] as [string, number][],
      exclude: undefined,
      want: 'c',
    },
    {
      loads: [
        ['b', 1],
        ['a', 1],
      ] as [string, number][],
      exclude: undefined,
      want: 'a',
    },
    {
      loads: [
        ['b', 1],
        ['a', 1],
      ] as [string, number][],
      exclude: 'a',
      want: 'b',
    },
    { loads: [['a', 0]] as [string, number][], exclude: 'a', want: null },
    { loads: [] as [string, number][], exclude: undefined, want: null },
  ])('take($exclude) from $loads → $want', ({ loads, exclude, want }) => {
    expect(new DoctorLoads(loads).take(exclude)).toBe(want);
  });

  it('keeps the own doctor when on shift, whatever their load', () => {
    const loads = new DoctorLoads([
      ['own', 50],
      ['other', 0],
    ]);
    expect(loads.takeOwnOrLeast('own')).toBe('own');
    expect(loads.takeOwnOrLeast('absent')).toBe('other');
    expect(loads.takeOwnOrLeast(null)).toBe('other');
  });

  it('spreads a batch so loads never differ by more than one from an even start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 200 }), (doctors, items) => {
        const loads = new DoctorLoads(Array.from({ length: doctors }, (_, i) => [`d${i}`, 0] as const));
        const counts = new Map<string, number>();
        for (let i = 0; i < items; i++) {
          const d = loads.take() as string;
          counts.set(d, (counts.get(d) ?? 0) + 1);
        }
        const values = Array.from({ length: doctors }, (_, i) => counts.get(`d${i}`) ?? 0);
        return Math.max(...values) - Math.min(...values) <= 1;
      }),
    );
  });
});
