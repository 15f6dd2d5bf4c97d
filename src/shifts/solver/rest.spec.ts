import { checkRoster } from './check-roster';
import { restBetween, restCliques, HOUR_MS } from './rest';
import { solveRosterExact } from './rest-mip';
import { shiftWindows } from './roster-instances';
import type { RosterInput, RosterWindow } from './solver.types';

const OPERATOR_SHIFTS = ['06-14', '14-22', '22-06'];
const HCM = 'Asia/Ho_Chi_Minh';
const BERLIN = 'Europe/Berlin';

/** The operators' windows of a few days in a zone, keyed. */
function windowsOf(firstDate: string, days: number, zone: string, required = 1): Map<string, RosterWindow> {
  return new Map(shiftWindows(firstDate, days, OPERATOR_SHIFTS, zone, required).map((w) => [w.key, w]));
}

const span = (w: RosterWindow | undefined) => ({
  key: w?.key ?? '',
  startsAt: w?.startsAt ?? 0,
  endsAt: w?.endsAt ?? 0,
});

describe('rest between two shifts, in real hours between instants', () => {
  it.each([
    // zone, earlier, later, real hours of rest
    [HCM, '2021-08-23/22-06', '2021-08-24/06-14', 0],
    [HCM, '2021-08-23/14-22', '2021-08-24/06-14', 8],
    [HCM, '2021-08-23/22-06', '2021-08-24/14-22', 8],
    [HCM, '2021-08-23/06-14', '2021-08-23/22-06', 8],
    [HCM, '2021-08-23/22-06', '2021-08-24/22-06', 16],
    [HCM, '2021-08-23/06-14', '2021-08-24/06-14', 16],
    // Berlin, an ordinary night, then the night clocks go forward (one hour less) and back (one more)
    [BERLIN, '2021-03-20/14-22', '2021-03-21/06-14', 8],
    [BERLIN, '2021-03-27/14-22', '2021-03-28/06-14', 7],
    [BERLIN, '2021-10-30/14-22', '2021-10-31/06-14', 9],
    [BERLIN, '2021-03-27/22-06', '2021-03-28/22-06', 16],
    [BERLIN, '2021-10-30/22-06', '2021-10-31/22-06', 16],
  ])('%s: %s then %s rests %d h', (zone, earlier, later, hours) => {
    const windows = windowsOf(earlier.slice(0, 10), 2, zone);
    const [a, b] = [span(windows.get(earlier)), span(windows.get(later))];
    expect(restBetween(a, b) / HOUR_MS).toBe(hours);
    expect(restBetween(b, a) / HOUR_MS).toBe(hours);
  });

  it('knows the night shift is 7 h when the clocks go forward and 9 h when they go back', () => {
    const spring = windowsOf('2021-03-27', 1, BERLIN).get('2021-03-27/22-06');
    const autumn = windowsOf('2021-10-30', 1, BERLIN).get('2021-10-30/22-06');
    expect(((spring?.endsAt ?? 0) - (spring?.startsAt ?? 0)) / HOUR_MS).toBe(7);
    expect(((autumn?.endsAt ?? 0) - (autumn?.startsAt ?? 0)) / HOUR_MS).toBe(9);
  });

  it('finds the maximal cliques of conflicting shifts (three 8-hour shifts a day, 12 h rest)', () => {
    const spans = [...windowsOf('2021-08-23', 2, HCM).values()].map(span);
    expect(restCliques(spans, 12 * HOUR_MS)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    expect(restCliques(spans, 0)).toEqual([]);
    // 16 h apart is fine under 16 h of rest, so only neighbours and next-but-one conflict
    expect(restCliques(spans, 8 * HOUR_MS + 1)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    expect(restCliques(spans, 8 * HOUR_MS)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
  });
});

/** One operator available for both windows, another only for the second: both covered only one way. */
function twoShifts(zone: string, first: string, second: string, minRestHours: number): RosterInput {
  const windows = windowsOf(first.slice(0, 10), 2, zone);
  return {
    windows: [first, second].map((k) => windows.get(k) as RosterWindow),
    doctors: [
      { id: 'op-a', maxPerWeek: 7, maxPerDay: 1, available: [first, second] },
      { id: 'op-b', maxPerWeek: 7, maxPerDay: 1, available: [second] },
    ],
    minRestHours,
    noun: 'operator',
  };
}

describe('the rest rule in the solver and the checker', () => {
  it.each([
    [HCM, '2021-08-23/22-06', '2021-08-24/06-14', 12, true],
    [HCM, '2021-08-23/14-22', '2021-08-24/06-14', 12, true],
    [HCM, '2021-08-23/06-14', '2021-08-24/06-14', 12, false],
    [BERLIN, '2021-03-20/14-22', '2021-03-21/06-14', 8, false],
    [BERLIN, '2021-03-27/14-22', '2021-03-28/06-14', 8, true],
    [BERLIN, '2021-10-30/14-22', '2021-10-31/06-14', 9, false],
    [BERLIN, '2021-10-30/14-22', '2021-10-31/06-14', 10, true],
  ])('%s: %s and %s under %d h: too close = %s', async (zone, first, second, hours, tooClose) => {
    const input = twoShifts(zone, first, second, hours);
    const both = [
      { doctorId: 'op-a', windowKey: first },
      { doctorId: 'op-a', windowKey: second },
    ];
    const violations = checkRoster(input, both);
    expect(violations.map((v) => v.constraint)).toEqual(tooClose ? ['min_rest'] : []);
    if (tooClose) {
      expect(violations[0]).toMatchObject({ doctorId: 'op-a', windowKey: second });
      expect(violations[0].message).toMatch(
        new RegExp(`operator op-a would rest .* between ${first} and ${second}`),
      );
    }
    const solution = await solveRosterExact(input);
    expect(checkRoster(input, solution.assignments)).toEqual([]);
    // both windows are covered either way: op-a takes the first, op-b the second
    expect(solution.stats.assigned).toBe(2);
    expect(solution.assignments).toContainEqual({ doctorId: 'op-a', windowKey: first });
  });

  it('leaves a window short rather than break the rule', async () => {
    const input = twoShifts(HCM, '2021-08-23/22-06', '2021-08-24/06-14', 12);
    const alone = { ...input, doctors: [input.doctors[0]] };
    const solution = await solveRosterExact(alone);
    expect(solution.stats).toMatchObject({ required: 2, assigned: 1 });
    expect(solution.unfilled).toHaveLength(1);
  });

  it('measures rest against shifts on another roster (busy), across the roster edge', async () => {
    const windows = windowsOf('2021-08-30', 1, HCM);
    const sundayNight = windowsOf('2021-08-29', 1, HCM).get('2021-08-29/22-06') as RosterWindow;
    const input: RosterInput = {
      windows: [...windows.values()],
      doctors: [
        {
          id: 'op-a',
          maxPerWeek: 7,
          maxPerDay: 1,
          available: [...windows.keys()],
          busy: [
            { key: sundayNight.key, startsAt: sundayNight.startsAt ?? 0, endsAt: sundayNight.endsAt ?? 0 },
          ],
        },
      ],
      minRestHours: 12,
      noun: 'operator',
    };
    const solution = await solveRosterExact(input);
    // 06-14 and 14-22 come too soon after Sunday's night shift; 22-06 is 16 h after it
    expect(solution.assignments).toEqual([{ doctorId: 'op-a', windowKey: '2021-08-30/22-06' }]);
    expect(checkRoster(input, [{ doctorId: 'op-a', windowKey: '2021-08-30/06-14' }])).toEqual([
      expect.objectContaining({
        constraint: 'min_rest',
        message: expect.stringContaining('2021-08-29/22-06'),
      }),
    ]);
  });

  it('keeps the doctors as they were: no rule without minRestHours', async () => {
    const input = twoShifts(HCM, '2021-08-23/22-06', '2021-08-24/06-14', 0);
    const both = [
      { doctorId: 'op-a', windowKey: '2021-08-23/22-06' },
      { doctorId: 'op-a', windowKey: '2021-08-24/06-14' },
    ];
    expect(checkRoster(input, both)).toEqual([]);
    expect((await solveRosterExact(input)).stats.assigned).toBe(2);
  });
});
