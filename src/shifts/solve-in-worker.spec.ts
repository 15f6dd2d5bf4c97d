import { solveRoster } from './solver/solve-roster';
import type { RosterInput } from './solver/solver.types';
import { solveInWorker } from './solve-in-worker';

const input: RosterInput = {
  windows: [
    { key: '2026-11-23/09-11', date: '2026-11-23', week: '2026-W48', required: 2 },
    { key: '2026-11-23/15-17', date: '2026-11-23', week: '2026-W48', required: 1 },
    { key: '2026-11-24/09-11', date: '2026-11-24', week: '2026-W48', required: 2 },
  ],
  doctors: [
    {
      id: 'a',
      maxPerWeek: 7,
      maxPerDay: 1,
      available: ['2026-11-23/09-11', '2026-11-23/15-17', '2026-11-24/09-11'],
    },
    { id: 'b', maxPerWeek: 1, maxPerDay: 2, available: ['2026-11-23/09-11', '2026-11-24/09-11'] },
  ],
};

describe('solveInWorker', () => {
  it('answers what the solver answers in-process', async () => {
    const solution = await solveInWorker(input);
    expect(solution).toEqual(solveRoster(input));
    expect(solution.stats.required).toBe(5);
  });

  it('rejects with the solver error when the input is bad', async () => {
    await expect(solveInWorker({ windows: null } as unknown as RosterInput)).rejects.toThrow(
      /roster solver failed/,
    );
  });

  it('answers every one of many solves asked at once', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => solveInWorker(input)));
    for (const a of answers) expect(a).toEqual(solveRoster(input));
  });
});
