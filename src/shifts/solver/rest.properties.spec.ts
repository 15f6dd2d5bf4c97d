import fc from 'fast-check';
import { checkRoster } from './check-roster';
import { solveRosterMip } from './mip';
import { bestByExhaustiveSearch, eligiblePairs, score } from './solver.fixtures';
import { solveRosterExact } from './rest-mip';
import { generateOperatorInstance, shiftWindows } from './roster-instances';
import type { RosterAssignment, RosterInput } from './solver.types';

/**
 * Random operators' rosters under a rest rule: up to 8 operators on up to 12 windows of four days ×
 * the three 8-hour shifts (one crosses midnight), in Ho Chi Minh City or in Berlin across the night
 * the clocks go forward, with 8, 12 or 16 h of rest.
 */
const ZONES = [
  { zone: 'Asia/Ho_Chi_Minh', firstDate: '2021-08-22' },
  { zone: 'Europe/Berlin', firstDate: '2021-03-26' },
];

function restArbitrary(
  maxPeople: number,
  maxWindows: number,
  maxRequired: number,
): fc.Arbitrary<RosterInput> {
  return fc
    .record({
      place: fc.constantFrom(...ZONES),
      minRestHours: fc.constantFrom(8, 12, 16),
      slots: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: maxWindows }),
    })
    .chain(({ place, minRestHours, slots }) => {
      const all = shiftWindows(place.firstDate, 4, ['06-14', '14-22', '22-06'], place.zone, 0);
      const windows = slots.map((s) => all[s]);
      const keys = windows.map((w) => w.key);
      return fc
        .record({
          minRestHours: fc.constant(minRestHours),
          windows: fc.tuple(
            ...windows.map((w) =>
              fc.integer({ min: 0, max: maxRequired }).map((required) => ({ ...w, required })),
            ),
          ),
          doctors: fc.array(
            fc.record({
              maxPerWeek: fc.integer({ min: 0, max: 5 }),
              maxPerDay: fc.integer({ min: 0, max: 2 }),
              available: fc.subarray(keys),
              preferred: fc.subarray(keys),
            }),
            { maxLength: maxPeople },
          ),
          published: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: maxWindows }),
        })
        .map(({ minRestHours, windows, doctors, published }) => ({
          windows,
          doctors: doctors.map((d, i) => ({ id: `op${i}`, ...d })),
          published:
            doctors.length === 0
              ? []
              : published.map(([d, w]) => ({
                  doctorId: `op${d % doctors.length}`,
                  windowKey: keys[w % keys.length],
                })),
          minRestHours,
          noun: 'operator',
        }));
    });
}

const RUNS = {
  numRuns: Number(process.env.ROSTER_PROPERTY_RUNS ?? 60),
  seed: Number(process.env.ROSTER_PROPERTY_SEED ?? 20210823),
};

/** Rest checked here from the instants alone, not with the solver's helpers. */
function restBroken(input: RosterInput, assignments: readonly RosterAssignment[]): boolean {
  const byKey = new Map(input.windows.map((w) => [w.key, w]));
  const rest = (input.minRestHours ?? 0) * 3_600_000;
  const mine = new Map<string, { s: number; e: number }[]>();
  for (const a of assignments) {
    const w = byKey.get(a.windowKey);
    mine.set(a.doctorId, [...(mine.get(a.doctorId) ?? []), { s: w?.startsAt ?? 0, e: w?.endsAt ?? 0 }]);
  }
  for (const list of mine.values()) {
    for (const a of list) for (const b of list) if (a !== b && a.s <= b.s && b.s - a.e < rest) return true;
  }
  return false;
}

describe('solveRosterExact under a rest rule, on random instances', () => {
  jest.setTimeout(120_000);

  it('never breaks the rest rule nor any other hard constraint', async () => {
    await fc.assert(
      fc.asyncProperty(restArbitrary(8, 12, 3), async (input) => {
        const solution = await solveRosterExact(input);
        expect(checkRoster(input, solution.assignments)).toEqual([]);
        expect(restBroken(input, solution.assignments)).toBe(false);
        expect(solution.stats.assigned).toBe(solution.assignments.length);
      }),
      RUNS,
    );
  });

  it('covers as many places as the HiGHS oracle (pairwise rest rows), with the same least largest load', async () => {
    await fc.assert(
      fc.asyncProperty(restArbitrary(8, 12, 3), async (input) => {
        const solution = await solveRosterExact(input);
        const mip = await solveRosterMip(input);
        expect(mip.coverage.status).toBe('optimal');
        expect(mip.maxLoad.status).toBe('optimal');
        expect([solution.stats.assigned, solution.stats.maxLoad]).toEqual([
          mip.coverage.value,
          mip.maxLoad.value,
        ]);
      }),
      RUNS,
    );
  });

  it('matches the oracle on hotline-like weeks (18 operators × 21 shifts, 6 a shift)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const input = generateOperatorInstance({
          operators: 18,
          days: 7,
          shifts: ['06-14', '14-22', '22-06'],
          required: 6,
          minRestHours: 12,
          seed,
        });
        const solution = await solveRosterExact(input);
        expect(restBroken(input, solution.assignments)).toBe(false);
        const mip = await solveRosterMip(input);
        expect([solution.stats.assigned, solution.stats.maxLoad]).toEqual([
          mip.coverage.value,
          mip.maxLoad.value,
        ]);
      }),
      { ...RUNS, numRuns: Math.ceil(RUNS.numRuns / 20) },
    );
  });

  it('is the lexicographic optimum of all five objectives (exhaustive search, tiny instances)', async () => {
    const tiny = restArbitrary(3, 5, 2).filter((input) => eligiblePairs(input).length <= 11);
    await fc.assert(
      fc.asyncProperty(tiny, async (input) => {
        const solution = await solveRosterExact(input);
        expect(score(input, solution.assignments)).toEqual(
          bestByExhaustiveSearch(
            input,
            (chosen) =>
              restBroken(input, chosen) || checkRoster({ ...input, minRestHours: 0 }, chosen).length > 0,
          ),
        );
      }),
      RUNS,
    );
  });
});
