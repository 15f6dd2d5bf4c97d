import type { Highs } from 'highs';
import { summarise } from './check-roster';
import { loadHighs } from './mip';
import { minRestMs, restCliques, spanOf, withoutBusyConflicts } from './rest';
import { compareText, indexRoster } from './roster-index';
import { describeRosterPairs, optimalCoverageAndLoad, solveRoster } from './solve-roster';
import type { RosterAssignment, RosterInput, RosterSolution } from './solver.types';

/**
 * The exact solver when a rest rule applies. A flow cannot carry "not 22–06 then 06–14": the rest
 * cliques of one person cross the day and week caps (they are not nested), so the constraint matrix
 * is no longer a network matrix. Two steps:
 *
 * 1. Solve without the rule by flows (the relaxation). If that roster keeps the rule, it is optimal
 *    for the rule too (its objectives are the best of a larger set, and it belongs to the smaller).
 * 2. Otherwise a lexicographic sequence of 0–1 MIPs on HiGHS over the eligible pairs, each fixing
 *    the optimum of the one before: (1) most places covered; (2) least largest load L; (3) least
 *    Σ load², linearised by per-person unit steps y[d,k] of cost 2k − 1 (convex, so they fill in
 *    order); (4) most published pairs kept, then most preferred, weighted K·kept + preferred with
 *    K = preferred range + 1. Rest is one row per maximal clique of each person's conflicting
 *    shifts (`restCliques`), stronger than one row per conflicting pair. The relaxation's flows
 *    give floors for (2) and (3), so HiGHS stops at the first roster that meets them.
 */

export interface ExactSolveTrace {
  readonly method: 'flow' | 'flow (rest held)' | 'mip';
  /** MIPs solved (0 for flows) */
  readonly mips: number;
  readonly ms: number;
}

export async function solveRosterExact(input: RosterInput): Promise<RosterSolution> {
  return (await solveRosterExactTraced(input)).solution;
}

export async function solveRosterExactTraced(
  input: RosterInput,
): Promise<{ solution: RosterSolution; trace: ExactSolveTrace }> {
  const started = performance.now();
  const restMs = minRestMs(input);
  const done = (solution: RosterSolution, method: ExactSolveTrace['method'], mips: number) => ({
    solution,
    trace: { method, mips, ms: performance.now() - started },
  });
  if (restMs === 0) return done(solveRoster(input), 'flow', 0);
  const bounded = withoutBusyConflicts(input);
  const relaxed = solveRoster(bounded);
  if (keepsRest(bounded, relaxed.assignments, restMs)) {
    return done({ ...relaxed, ...summarise(input, relaxed.assignments) }, 'flow (rest held)', 0);
  }
  const { assignments, mips } = await solveByMips(await loadHighs(), bounded, restMs, relaxed);
  return done({ assignments, ...summarise(input, assignments) }, 'mip', mips);
}

function keepsRest(input: RosterInput, assignments: readonly RosterAssignment[], restMs: number): boolean {
  const spans = new Map(input.windows.map((w) => [w.key, spanOf(w)]));
  const byPerson = new Map<string, { startsAt: number; endsAt: number }[]>();
  for (const a of assignments) {
    const span = spans.get(a.windowKey);
    if (span) byPerson.set(a.doctorId, [...(byPerson.get(a.doctorId) ?? []), span]);
  }
  for (const shifts of byPerson.values()) {
    shifts.sort((a, b) => a.startsAt - b.startsAt);
    for (let i = 1; i < shifts.length; i++)
      if (shifts[i].startsAt - shifts[i - 1].endsAt < restMs) return false;
  }
  return true;
}

async function solveByMips(
  highs: Highs,
  input: RosterInput,
  restMs: number,
  relaxed: RosterSolution,
): Promise<{ assignments: RosterAssignment[]; mips: number }> {
  const roster = indexRoster(input);
  const problem = describeRosterPairs(input);
  const n = problem.pairCount;
  const spans = roster.windows.map(spanOf);

  // columns: x[p] (binary) for each pair, then L (integer), then y[d,k] (continuous 0–1)
  const colL = n;
  const yStart: number[] = [];
  let cols = n + 1;
  let busiest = 0;
  for (let d = 0; d < problem.doctorCount; d++) {
    yStart.push(cols);
    cols += problem.doctorBound[d];
    busiest = Math.max(busiest, problem.doctorBound[d]);
  }
  const rows: { lower: number; upper: number; indices: number[]; values: number[] }[] = [];
  const atMost = (indices: number[], cap: number) => {
    if (indices.length > cap)
      rows.push({ lower: -Infinity, upper: cap, indices, values: indices.map(() => 1) });
  };
  const perWindow: number[][] = Array.from({ length: problem.windowCount }, () => []);
  for (let p = 0; p < n; p++) perWindow[problem.pairWindow[p]].push(p);
  perWindow.forEach((pairs, w) => atMost(pairs, problem.required[w]));
  for (let d = 0; d < problem.doctorCount; d++) {
    const weeks = problem.weekRanges[d];
    const days = problem.dayRanges[d];
    const from = weeks[0];
    const to = weeks[weeks.length - 1];
    if (from === to) continue;
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    for (let i = 0; i + 1 < weeks.length; i++) atMost(range(weeks[i], weeks[i + 1]), problem.maxPerWeek[d]);
    for (let i = 0; i + 1 < days.length; i++) atMost(range(days[i], days[i + 1]), problem.maxPerDay[d]);
    const mine = range(from, to);
    for (const clique of restCliques(
      mine.map((p) => spans[problem.pairWindow[p]]),
      restMs,
    )) {
      atMost(
        clique.map((i) => mine[i]),
        1,
      );
    }
    // load: Σx − L ≤ 0 and Σx − Σ_k y[d,k] = 0
    rows.push({ lower: -Infinity, upper: 0, indices: [...mine, colL], values: [...mine.map(() => 1), -1] });
    const ys = Array.from({ length: problem.doctorBound[d] }, (_, k) => yStart[d] + k);
    rows.push({
      lower: 0,
      upper: 0,
      indices: [...mine, ...ys],
      values: [...mine.map(() => 1), ...ys.map(() => -1)],
    });
  }

  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    indices.push(...r.indices);
    values.push(...r.values);
    starts.push(indices.length);
  }
  const colUpper = new Float64Array(cols).fill(1);
  colUpper[colL] = busiest;
  for (let p = 0; p < n; p++) if (problem.doctorBound[problem.pairDoctor[p]] === 0) colUpper[p] = 0;
  const integrality = new Int32Array(cols);
  integrality.fill(highs.constants.variableType.integer, 0, n + 1);
  const model = highs.createModel();
  try {
    model.passModel({
      numCols: cols,
      numRows: rows.length,
      colCost: new Float64Array(cols),
      colLower: new Float64Array(cols),
      colUpper,
      rowLower: rows.map((r) => r.lower),
      rowUpper: rows.map((r) => r.upper),
      matrix: { format: 'csr', numRows: rows.length, numCols: cols, starts, indices, values },
      integrality,
    });
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5 });
    const xs = Array.from({ length: n }, (_, p) => p);
    const { maximize, minimize } = highs.constants.objectiveSense;
    let mips = 0;
    // the last optimum's columns: adding a row afterwards discards HiGHS's own copy
    let x: ArrayLike<number> = [];
    const optimum = (sense: typeof maximize, cost: Float64Array): number => {
      model.changeObjectiveSense(sense);
      model.changeColsCost({ kind: 'range', from: 0, to: cols - 1 }, cost);
      model.run();
      mips++;
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) {
        throw new Error(`the roster MIP (step ${mips}) ended without an optimum`);
      }
      x = model.getSolution().colValue;
      return Math.round(model.getObjectiveValue());
    };

    // (1) coverage
    const ones = new Float64Array(cols).fill(1, 0, n);
    const covered = optimum(maximize, ones);
    model.addRow(covered - 0.5, Infinity, { indices: xs, values: xs.map(() => 1) });
    // (2) least largest load. Without the rule the same coverage needs a load of at least `floor`
    // (flows: max flow under a load cap, binary search), and the rule only takes rosters away, so
    // L ≥ floor: HiGHS stops as soon as it meets it instead of proving it by branching.
    const floor = optimalCoverageAndLoad(input, covered).maxLoad;
    model.changeColBounds(colL, Math.min(floor, busiest), busiest);
    const onlyL = new Float64Array(cols);
    onlyL[colL] = 1;
    const largest = optimum(minimize, onlyL);
    model.changeColBounds(colL, 0, largest);
    // (3) least Σ load²: the k-th unit of a load costs 2k − 1
    const steps = new Float64Array(cols);
    const stepCols: number[] = [];
    for (let d = 0; d < problem.doctorCount; d++) {
      for (let k = 0; k < problem.doctorBound[d]; k++) {
        steps[yStart[d] + k] = 2 * k + 1;
        stepCols.push(yStart[d] + k);
      }
    }
    if (stepCols.length > 0) {
      // the relaxation's Σ load² is the least over all its maximum rosters: a floor for ours when
      // we cover as much as it does
      if (covered === relaxed.stats.assigned) {
        const loads = new Map<string, number>();
        for (const a of relaxed.assignments) loads.set(a.doctorId, (loads.get(a.doctorId) ?? 0) + 1);
        let floorSpread = 0;
        for (const l of loads.values()) floorSpread += l * l;
        model.addRow(floorSpread - 0.5, Infinity, {
          indices: stepCols,
          values: stepCols.map((c) => steps[c]),
        });
      }
      const spread = optimum(minimize, steps);
      model.addRow(-Infinity, spread + 0.5, { indices: stepCols, values: stepCols.map((c) => steps[c]) });
    }
    // (4) most kept, then most preferred
    if (problem.anyPublished || problem.anyPreferred) {
      const preferenceRange = problem.anyPreferred ? covered : 0;
      const keep = new Float64Array(cols);
      for (let p = 0; p < n; p++) {
        keep[p] = (problem.published[p] ? preferenceRange + 1 : 0) + (problem.preferred[p] ? 1 : 0);
      }
      optimum(maximize, keep);
    }
    const assignments: RosterAssignment[] = [];
    for (let p = 0; p < n; p++) {
      if (x[p] > 0.5) {
        assignments.push({
          doctorId: roster.doctors[problem.pairDoctor[p]].id,
          windowKey: roster.windows[problem.pairWindow[p]].key,
        });
      }
    }
    assignments.sort((a, b) => compareText(a.windowKey, b.windowKey) || compareText(a.doctorId, b.doctorId));
    return { assignments, mips };
  } finally {
    model.dispose();
  }
}
