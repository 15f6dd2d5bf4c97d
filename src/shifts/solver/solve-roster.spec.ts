import { checkRoster } from './check-roster';
import { doctor, loads, pair, window } from './solver.fixtures';
import { solveRoster } from './solve-roster';
import type { RosterInput } from './solver.types';

// Saturday 28 and Sunday 29 August 2021 are in ISO week 2021-W34, Monday 30 in 2021-W35.
const SAT_AM = '2021-08-28/09-11';
const SAT_PM = '2021-08-28/15-17';
const SAT_EVE = '2021-08-28/19-21';
const SUN_AM = '2021-08-29/09-11';
const MON_AM = '2021-08-30/09-11';
const MON_PM = '2021-08-30/15-17';

function solveValid(input: RosterInput) {
  const solution = solveRoster(input);
  expect(checkRoster(input, solution.assignments)).toEqual([]);
  return solution;
}

describe('solveRoster', () => {
  it('reports a short window with how many doctors are missing', () => {
    const input = {
      windows: [window(SAT_AM, 3), window(SAT_PM, 1)],
      doctors: [doctor('a', [SAT_AM]), doctor('b', [SAT_AM, SAT_PM])],
    };
    const solution = solveValid(input);
    // b takes a place on both windows (3 a day allowed); the morning still lacks one doctor
    expect(solution.assignments).toEqual([pair('a', SAT_AM), pair('b', SAT_AM), pair('b', SAT_PM)]);
    expect(solution.stats).toEqual({ required: 4, assigned: 3, minLoad: 1, maxLoad: 2 });
    expect(solution.unfilled).toEqual([{ windowKey: SAT_AM, missing: 1 }]);
    expect(solution.coverage).toEqual([
      { windowKey: SAT_AM, required: 3, assigned: 2 },
      { windowKey: SAT_PM, required: 1, assigned: 1 },
    ]);
  });

  it('never gives a doctor more than maxPerDay windows on a date', () => {
    const input = {
      windows: [window(SAT_AM, 1), window(SAT_PM, 1), window(SAT_EVE, 1)],
      doctors: [doctor('a', [SAT_AM, SAT_PM, SAT_EVE], { maxPerDay: 2 })],
    };
    const solution = solveValid(input);
    expect(solution.assignments).toHaveLength(2);
    expect(solution.unfilled).toHaveLength(1);
  });

  it('counts maxPerWeek per ISO week, so a cap of 1 gives one window each side of Monday', () => {
    const input = {
      windows: [window(SAT_AM, 1), window(SUN_AM, 1), window(MON_AM, 1), window(MON_PM, 1)],
      doctors: [doctor('a', [SAT_AM, SUN_AM, MON_AM, MON_PM], { maxPerWeek: 1 })],
    };
    const solution = solveValid(input);
    expect(solution.stats.assigned).toBe(2);
    const weeks = solution.assignments.map((a) => (a.windowKey < MON_AM ? 'W34' : 'W35'));
    expect(weeks.sort()).toEqual(['W34', 'W35']);
  });

  it('only uses the windows a doctor is available for', () => {
    const input = {
      windows: [window(SAT_AM, 1), window(SAT_PM, 1)],
      doctors: [doctor('a', [SAT_AM]), doctor('b', ['2030-01-01/09-11'])],
    };
    const solution = solveValid(input);
    expect(solution.assignments).toEqual([pair('a', SAT_AM)]);
    expect(solution.unfilled).toEqual([{ windowKey: SAT_PM, missing: 1 }]);
    expect(solution.stats.minLoad).toBe(0);
  });

  it('minimises the largest load, then evens out the rest', () => {
    // a can do everything, b two windows, c one: the fair roster is c 1, b 1, a 2 (Σ load² = 6)
    const all = [SAT_AM, SAT_PM, SUN_AM, MON_AM];
    const input = {
      windows: all.map((k) => window(k, 1)),
      doctors: [doctor('a', all), doctor('b', [SAT_AM, SAT_PM]), doctor('c', [SAT_AM])],
    };
    const solution = solveValid(input);
    expect(loads(solution.assignments)).toEqual({ a: 2, b: 1, c: 1 });
    expect(solution.assignments).toEqual(
      expect.arrayContaining([pair('c', SAT_AM), pair('b', SAT_PM), pair('a', SUN_AM), pair('a', MON_AM)]),
    );
    expect(solution.stats).toMatchObject({ minLoad: 1, maxLoad: 2 });
  });

  it('puts coverage before load: the only doctor for a window gets it however busy', () => {
    const input = {
      windows: [window(SAT_AM, 1), window(SUN_AM, 1), window(MON_AM, 1)],
      doctors: [doctor('a', [SAT_AM, SUN_AM, MON_AM]), doctor('idle', [])],
    };
    expect(solveValid(input).stats).toEqual({ required: 3, assigned: 3, minLoad: 0, maxLoad: 3 });
  });

  it('keeps the published roster when nothing forces a change', () => {
    const windows = [window(SAT_AM, 1), window(SAT_PM, 1)];
    const doctors = [doctor('a', [SAT_AM, SAT_PM]), doctor('b', [SAT_AM, SAT_PM])];
    for (const published of [
      [pair('a', SAT_AM), pair('b', SAT_PM)],
      [pair('a', SAT_PM), pair('b', SAT_AM)],
    ]) {
      expect(solveValid({ windows, doctors, published }).assignments).toEqual(
        [...published].sort((x, y) => (x.windowKey < y.windowKey ? -1 : 1)),
      );
    }
  });

  it('changes the published roster as little as fairness allows', () => {
    // published gave a two windows; the largest load must drop to 1
    const input = {
      windows: [window(SAT_AM, 1), window(SAT_PM, 1), window(SUN_AM, 1)],
      doctors: [
        doctor('a', [SAT_AM, SAT_PM, SUN_AM]),
        doctor('b', [SAT_AM, SAT_PM]),
        doctor('c', [SAT_PM, SUN_AM]),
      ],
      published: [pair('a', SAT_AM), pair('a', SAT_PM), pair('b', SAT_AM), pair('zed', SUN_AM)],
    };
    const solution = solveValid(input);
    expect(solution.stats.maxLoad).toBe(1);
    // of the rosters with one window each, only a–SAT_PM, b–SAT_AM, c–SUN_AM keeps two published pairs
    expect(solution.assignments).toEqual([pair('b', SAT_AM), pair('a', SAT_PM), pair('c', SUN_AM)]);
  });

  it('honours preferred windows as the last tie-break', () => {
    const windows = [window(SAT_AM, 1), window(SAT_PM, 1)];
    const doctors = [
      doctor('a', [SAT_AM, SAT_PM], { preferred: [SAT_PM] }),
      doctor('b', [SAT_AM, SAT_PM], { preferred: [SAT_AM] }),
    ];
    expect(solveValid({ windows, doctors }).assignments).toEqual([pair('b', SAT_AM), pair('a', SAT_PM)]);
    // keeping the published roster outranks preferences
    const published = [pair('a', SAT_AM), pair('b', SAT_PM)];
    expect(solveValid({ windows, doctors, published }).assignments).toEqual(published);
    // and fairness outranks preferences: a prefers both, but b must take one
    const greedy = [
      doctor('a', [SAT_AM, SAT_PM], { preferred: [SAT_AM, SAT_PM] }),
      doctor('b', [SAT_AM, SAT_PM]),
    ];
    expect(loads(solveValid({ windows, doctors: greedy }).assignments)).toEqual({ a: 1, b: 1 });
  });

  it('ignores published pairs that are no longer possible', () => {
    const input = {
      windows: [window(SAT_AM, 1)],
      doctors: [doctor('a', [SAT_AM]), doctor('b', [])],
      published: [pair('b', SAT_AM), pair('a', '2021-01-01/09-11')],
    };
    expect(solveValid(input).assignments).toEqual([pair('a', SAT_AM)]);
  });

  it('handles empty and zero cases', () => {
    expect(solveRoster({ windows: [], doctors: [] })).toEqual({
      assignments: [],
      coverage: [],
      unfilled: [],
      stats: { required: 0, assigned: 0, minLoad: 0, maxLoad: 0 },
    });
    const input = {
      windows: [window(SAT_AM, 0), window(SAT_PM, 2)],
      doctors: [
        doctor('a', [SAT_AM, SAT_PM], { maxPerWeek: 0 }),
        doctor('b', [SAT_AM, SAT_PM], { maxPerDay: 0 }),
      ],
    };
    const solution = solveValid(input);
    expect(solution.assignments).toEqual([]);
    expect(solution.unfilled).toEqual([{ windowKey: SAT_PM, missing: 2 }]);
  });

  it('gives the same roster whatever order the input comes in', () => {
    const keys = [SAT_AM, SAT_PM, SAT_EVE, SUN_AM, MON_AM, MON_PM];
    const windows = keys.map((k, i) => window(k, 1 + (i % 2)));
    const doctors = ['d1', 'd2', 'd3', 'd4'].map((id, i) =>
      doctor(
        id,
        keys.filter((_, j) => (i + j) % 3 !== 0),
        { maxPerWeek: 2, maxPerDay: 1 },
      ),
    );
    const first = solveRoster({ windows, doctors });
    const second = solveRoster({ windows: [...windows].reverse(), doctors: [...doctors].reverse() });
    expect(second).toEqual(first);
  });

  it('refuses a doctor or window given twice', () => {
    expect(() =>
      solveRoster({ windows: [window(SAT_AM, 1)], doctors: [doctor('a', []), doctor('a', [])] }),
    ).toThrow(/doctor a is given twice/);
    expect(() => solveRoster({ windows: [window(SAT_AM, 1), window(SAT_AM, 2)], doctors: [] })).toThrow(
      /given twice/,
    );
  });
});
