import { checkRoster, summarise } from './check-roster';
import { doctor, pair, window } from './solver.fixtures';
import type { RosterInput } from './solver.types';

const SAT_AM = '2021-08-28/09-11';
const SAT_PM = '2021-08-28/15-17';
const SUN_AM = '2021-08-29/09-11';
const MON_AM = '2021-08-30/09-11';

const input: RosterInput = {
  windows: [window(SAT_AM, 1), window(SAT_PM, 2), window(SUN_AM, 1), window(MON_AM, 1)],
  doctors: [
    doctor('a', [SAT_AM, SAT_PM, SUN_AM, MON_AM], { maxPerDay: 1, maxPerWeek: 2 }),
    doctor('b', [SAT_PM, SUN_AM]),
  ],
};

describe('checkRoster', () => {
  it('accepts a roster within every constraint', () => {
    expect(
      checkRoster(input, [pair('a', SAT_AM), pair('b', SAT_PM), pair('a', SUN_AM), pair('a', MON_AM)]),
    ).toEqual([]);
    expect(checkRoster(input, [])).toEqual([]);
  });

  it.each([
    ['unknown_doctor', [pair('zed', SAT_AM)], 'zed', SAT_AM, /doctor zed is not an active doctor/],
    [
      'unknown_window',
      [pair('a', '2021-09-01/09-11')],
      'a',
      '2021-09-01/09-11',
      /not in the roster's period/,
    ],
    [
      'duplicate',
      [pair('b', SAT_PM), pair('b', SAT_PM)],
      'b',
      SAT_PM,
      /doctor b is on 2021-08-28\/15-17 twice/,
    ],
    ['not_available', [pair('b', SAT_AM)], 'b', SAT_AM, /doctor b is not available for 2021-08-28\/09-11/],
    ['over_required', [pair('a', SUN_AM), pair('b', SUN_AM)], 'b', SUN_AM, /needs 1 doctor\(s\); doctor b/],
    [
      'max_per_day',
      [pair('a', SAT_AM), pair('a', SAT_PM)],
      'a',
      SAT_PM,
      /2 windows on 2021-08-28 .* \(max 1 a day\)/,
    ],
    [
      'max_per_week',
      [pair('a', SAT_AM), pair('a', SUN_AM), pair('a', SAT_PM)],
      'a',
      SAT_PM,
      /3 windows in week 2021-W34 .* \(max 2 a week\)/,
    ],
  ] as const)(
    'finds %s and blames the assignment that broke it',
    (constraint, assignments, doctorId, windowKey, message) => {
      const violations = checkRoster(input, assignments);
      expect(violations).toContainEqual(expect.objectContaining({ constraint, doctorId, windowKey }));
      const found = violations.find((v) => v.constraint === constraint);
      expect(found?.message).toMatch(message);
    },
  );

  it('blames additions given last, once per assignment too many', () => {
    const kept = [pair('a', SAT_PM), pair('b', SAT_PM)];
    const violations = checkRoster(input, [...kept, pair('a', SAT_AM)]);
    expect(violations).toEqual([
      expect.objectContaining({ doctorId: 'a', windowKey: SAT_AM, constraint: 'max_per_day' }),
    ]);
  });

  it('does not count a duplicate or an unknown pair against the caps', () => {
    const violations = checkRoster(input, [pair('a', SAT_AM), pair('a', SAT_AM), pair('zed', SAT_AM)]);
    expect(violations.map((v) => v.constraint)).toEqual(['duplicate', 'unknown_doctor']);
  });
});

describe('summarise', () => {
  it('reports coverage, short windows and loads', () => {
    const summary = summarise(input, [
      pair('a', SAT_AM),
      pair('b', SAT_PM),
      pair('b', SAT_PM),
      pair('zed', SUN_AM),
    ]);
    expect(summary.coverage).toEqual([
      { windowKey: SAT_AM, required: 1, assigned: 1 },
      { windowKey: SAT_PM, required: 2, assigned: 1 },
      { windowKey: SUN_AM, required: 1, assigned: 0 },
      { windowKey: MON_AM, required: 1, assigned: 0 },
    ]);
    expect(summary.unfilled).toEqual([
      { windowKey: SAT_PM, missing: 1 },
      { windowKey: SUN_AM, missing: 1 },
      { windowKey: MON_AM, missing: 1 },
    ]);
    expect(summary.stats).toEqual({ required: 5, assigned: 2, minLoad: 1, maxLoad: 1 });
  });

  it('counts an over-full window as covered only up to its requirement', () => {
    const summary = summarise(input, [pair('a', SUN_AM), pair('b', SUN_AM)]);
    expect(summary.coverage[2]).toEqual({ windowKey: SUN_AM, required: 1, assigned: 2 });
    expect(summary.stats).toEqual({ required: 5, assigned: 1, minLoad: 1, maxLoad: 1 });
  });
});
