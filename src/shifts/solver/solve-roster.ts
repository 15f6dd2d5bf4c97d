import { summarise } from './check-roster';
import { FlowNetworkBuilder, type FlowNetwork } from './flow-network';
import { compareText, indexRoster, pairKey, toCount, type IndexedRoster } from './roster-index';
import type { RosterAssignment, RosterInput, RosterSolution } from './solver.types';

/**
 * The roster solver: exact, by flows. Strict order of objectives —
 *   1. most covered places, Σ min(assigned, required);
 *   2. smallest largest load (windows of the busiest doctor);
 *   3. most even loads (least Σ load²);
 *   4. most of the published roster kept (= fewest changes, since the total is fixed by 1);
 *   5. most preferred windows.
 * The hard constraints are the network itself, so no solution can break them:
 *   source → doctor →(≤ maxPerWeek)→ doctor-week →(≤ maxPerDay)→ doctor-day →(1)→ window
 *   →(≤ required)→ sink, with a doctor–window arc only where the doctor is available.
 * One min-cost maximum flow settles all five: the flow is maximum (1); the k-th unit into a doctor
 * costs (2k+1)·M, so a doctor with load l costs l²·M (3); each doctor–window arc costs
 * K·(not published) + (not preferred) (4, 5); M and K are big enough that each objective
 * outweighs everything after it. (2) comes free: the load vectors of maximum flows are the bases of
 * a polymatroid, and there the least Σ load² is also the least largest load (Fujishige; Frank &
 * Murota, "Discrete decreasing minimization, Part I"). `optimalCoverageAndLoad` checks (1) and (2) the direct
 * way — max flow, then binary search on a load cap — and the tests hold the solver to it and to the
 * HiGHS MIP.
 */
export function solveRoster(input: RosterInput): RosterSolution {
  return solveRosterTraced(input).solution;
}

/** What a solve did, for the benchmark and for logs. */
export interface SolveTrace {
  readonly pairs: number;
  readonly coverage: number;
  readonly maxLoad: number;
  /** Dijkstra rounds of the min-cost flow */
  readonly costPhases: number;
  /** milliseconds building the eligible pairs, then in the flow (network, solve, read-out) */
  readonly ms: { readonly describe: number; readonly flow: number };
}

export function solveRosterTraced(input: RosterInput): { solution: RosterSolution; trace: SolveTrace } {
  const started = performance.now();
  const roster = indexRoster(input);
  const problem = describePairs(roster, input);
  const described = performance.now();

  // Weights for the lexicographic costs, sized on an upper bound of the places covered. All costs
  // are ≥ 0, so zero potentials start the min-cost flow.
  let capacity = 0;
  let busiest = 0;
  for (const bound of problem.doctorBound) {
    capacity += bound;
    busiest = Math.max(busiest, bound);
  }
  let demand = 0;
  for (const r of problem.required) demand += r;
  const places = Math.min(capacity, demand, problem.pairCount);
  const preferenceRange = problem.anyPreferred ? places : 0;
  const keepWeight = problem.anyPublished ? preferenceRange + 1 : 0;
  const spreadWeight = keepWeight * places + preferenceRange + 1;
  // a shortest-path length stays below (2·load + 2)·M: keep every one exact in float64
  if ((2 * busiest + 2) * spreadWeight > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`roster too large for exact costs (${places} places, ${busiest} windows a doctor)`);
  }
  const pairCost = new Float64Array(problem.pairCount);
  for (let p = 0; p < problem.pairCount; p++) {
    pairCost[p] = (problem.published[p] ? 0 : keepWeight) + (problem.preferred[p] ? 0 : 1);
  }
  const { network, sourceArc, pairArc } = buildNetwork(problem, { spreadWeight }, pairCost);
  const { flow: coverage, phases } = network.minCostFlow(SOURCE, SINK);

  let maxLoad = 0;
  for (const arc of sourceArc) if (arc >= 0) maxLoad = Math.max(maxLoad, network.flow(arc));
  const assignments: RosterAssignment[] = [];
  for (let p = 0; p < problem.pairCount; p++) {
    const arc = pairArc[p];
    if (arc >= 0 && network.flow(arc) === 1) {
      assignments.push({
        doctorId: roster.doctors[problem.pairDoctor[p]].id,
        windowKey: roster.windows[problem.pairWindow[p]].key,
      });
    }
  }
  assignments.sort((a, b) => compareText(a.windowKey, b.windowKey) || compareText(a.doctorId, b.doctorId));
  const solved = performance.now();
  return {
    solution: { assignments, ...summarise(input, assignments) },
    trace: {
      pairs: problem.pairCount,
      coverage,
      maxLoad,
      costPhases: phases,
      ms: { describe: described - started, flow: solved - described },
    },
  };
}

/**
 * Objectives 1 and 2 the direct way, as a certificate for the solver: a max flow gives the most
 * places C; a binary search on a cap L on every doctor's load finds the least L whose max flow
 * still reaches C. Each probe resumes from the flow of the largest L known too small (max flow only
 * grows with L). Used by the tests next to the MIP.
 */
export function optimalCoverageAndLoad(
  input: RosterInput,
  /** cover this many places instead of the most (the rest-rule solver's lower bound on the load) */
  target?: number,
): {
  coverage: number;
  maxLoad: number;
  maxFlows: number;
} {
  const problem = describeRosterPairs(input);
  const { network, sourceArc } = buildNetwork(problem, 'bounded', null);
  const most = network.maxFlow(SOURCE, SINK);
  const coverage = target === undefined ? most : Math.min(target, most);
  const doctors = [...sourceArc.keys()].filter((d) => sourceArc[d] >= 0);
  let hi = 0;
  for (const d of doctors) hi = Math.max(hi, network.flow(sourceArc[d]));
  let lo = coverage === 0 ? 0 : Math.ceil(coverage / doctors.length);
  let maxFlows = 1;
  if (lo >= hi) return { coverage, maxLoad: hi, maxFlows };

  network.clearFlow();
  for (const d of doctors) network.setCapacity(sourceArc[d], 0);
  let base = { state: network.snapshot(), flow: 0 };
  while (lo < hi) {
    maxFlows++;
    const mid = (lo + hi) >> 1;
    network.restore(base.state);
    for (const d of doctors) network.setCapacity(sourceArc[d], Math.min(mid, problem.doctorBound[d]));
    const flow = base.flow + network.maxFlow(SOURCE, SINK);
    if (flow >= coverage) {
      hi = mid;
    } else {
      lo = mid + 1;
      base = { state: network.snapshot(), flow };
    }
  }
  return { coverage, maxLoad: lo, maxFlows };
}

const SOURCE = 0;
const SINK = 1;

/** The eligible (doctor, window) pairs of an input, grouped for the caps, in index order. */
export interface RosterPairs {
  readonly doctorCount: number;
  readonly windowCount: number;
  readonly pairCount: number;
  /** per doctor, then per week, then per day, the pairs in window order */
  readonly pairDoctor: Int32Array;
  readonly pairWindow: Int32Array;
  readonly published: Uint8Array;
  readonly preferred: Uint8Array;
  readonly anyPublished: boolean;
  readonly anyPreferred: boolean;
  /** per window, required places (never more than the doctors who could fill them) */
  readonly required: Int32Array;
  readonly maxPerWeek: Int32Array;
  readonly maxPerDay: Int32Array;
  /** most windows a doctor could take under the week and day caps alone */
  readonly doctorBound: Int32Array;
  /** per doctor, [from, to) ranges of pairs sharing a week, then a day */
  readonly weekRanges: Int32Array[];
  readonly dayRanges: Int32Array[];
}

/** Turns an input into eligible pairs: an unavailable pair is not a variable at all. */
export function describeRosterPairs(input: RosterInput): RosterPairs {
  return describePairs(indexRoster(input), input);
}

function describePairs(roster: IndexedRoster, input: RosterInput): RosterPairs {
  const { windows, windowIndex, doctors } = roster;
  const published = new Set((input.published ?? []).map((a) => pairKey(a.doctorId, a.windowKey)));
  const pairDoctor: number[] = [];
  const pairWindow: number[] = [];
  const pairPublished: number[] = [];
  const pairPreferred: number[] = [];
  const maxPerWeek = new Int32Array(doctors.length);
  const maxPerDay = new Int32Array(doctors.length);
  const doctorBound = new Int32Array(doctors.length);
  const weekRanges: Int32Array[] = [];
  const dayRanges: Int32Array[] = [];
  const cap = (n: number) => Math.min(toCount(n), windows.length);
  let anyPublished = false;
  let anyPreferred = false;

  doctors.forEach((doctor, d) => {
    maxPerWeek[d] = cap(doctor.maxPerWeek);
    maxPerDay[d] = cap(doctor.maxPerDay);
    const preferred = new Set(doctor.preferred ?? []);
    const mine = new Set<number>();
    for (const key of doctor.available) {
      const w = windowIndex.get(key);
      if (w !== undefined) mine.add(w);
    }
    // windows sorted by key are sorted by date, so weeks and days come out contiguous; a week
    // spans whole dates, so sorting by (week, window) keeps both groupings intact
    const sorted = [...mine].sort((a, b) => compareText(windows[a].week, windows[b].week) || a - b);
    const weeks: number[] = [];
    const days: number[] = [];
    let bound = 0;
    let weekTotal = 0;
    let dayCount = 0;
    sorted.forEach((w, i) => {
      const window = windows[w];
      const p = pairDoctor.length;
      const prev = i > 0 ? windows[sorted[i - 1]] : undefined;
      if (prev === undefined || prev.week !== window.week) {
        if (prev !== undefined)
          bound += Math.min(maxPerWeek[d], weekTotal + Math.min(maxPerDay[d], dayCount));
        weeks.push(p);
        days.push(p);
        weekTotal = 0;
        dayCount = 0;
      } else if (prev.date !== window.date) {
        days.push(p);
        weekTotal += Math.min(maxPerDay[d], dayCount);
        dayCount = 0;
      }
      dayCount++;
      pairDoctor.push(d);
      pairWindow.push(w);
      const isPublished = published.has(pairKey(doctor.id, window.key));
      const isPreferred = preferred.has(window.key);
      pairPublished.push(isPublished ? 1 : 0);
      pairPreferred.push(isPreferred ? 1 : 0);
      anyPublished ||= isPublished;
      anyPreferred ||= isPreferred;
    });
    if (sorted.length > 0) bound += Math.min(maxPerWeek[d], weekTotal + Math.min(maxPerDay[d], dayCount));
    weeks.push(pairDoctor.length);
    days.push(pairDoctor.length);
    doctorBound[d] = bound;
    weekRanges.push(Int32Array.from(weeks));
    dayRanges.push(Int32Array.from(days));
  });

  return {
    doctorCount: doctors.length,
    windowCount: windows.length,
    pairCount: pairDoctor.length,
    pairDoctor: Int32Array.from(pairDoctor),
    pairWindow: Int32Array.from(pairWindow),
    published: Uint8Array.from(pairPublished),
    preferred: Uint8Array.from(pairPreferred),
    anyPublished,
    anyPreferred,
    required: Int32Array.from(windows, (w) => Math.min(toCount(w.required), doctors.length)),
    maxPerWeek,
    maxPerDay,
    doctorBound,
    weekRanges,
    dayRanges,
  };
}

interface RosterNetwork {
  readonly network: FlowNetwork;
  /** per doctor, the source arc (-1 for a doctor who can take nothing) */
  readonly sourceArc: Int32Array;
  /** per pair, the doctor → window arc */
  readonly pairArc: Int32Array;
}

/**
 * Builds the flow network. `'bounded'`: one source arc per doctor with capacity = the doctor's bound,
 * for max flows. `{ spreadWeight }`: a convex source arc per doctor, so a load l costs
 * spreadWeight·l². A cap node is only made where the cap can bind, which keeps the
 * network small: a doctor available for one window a day needs no day nodes.
 */
function buildNetwork(
  problem: RosterPairs,
  source: 'bounded' | { spreadWeight: number },
  pairCost: Float64Array | null,
): RosterNetwork {
  const b = new FlowNetworkBuilder();
  b.addNode(); // SOURCE
  b.addNode(); // SINK
  const windowNode = new Int32Array(problem.windowCount);
  for (let w = 0; w < problem.windowCount; w++) {
    windowNode[w] = b.addNode();
    b.addArc(windowNode[w], SINK, problem.required[w]);
  }
  const sourceArc = new Int32Array(problem.doctorCount);
  const pairArc = new Int32Array(problem.pairCount);
  for (let d = 0; d < problem.doctorCount; d++) {
    const bound = problem.doctorBound[d];
    if (bound === 0) {
      // caps of 0 (or nothing available): no node, and no pair of this doctor can carry flow
      sourceArc[d] = -1;
      const weeks = problem.weekRanges[d];
      pairArc.fill(-1, weeks[0], weeks[weeks.length - 1]);
      continue;
    }
    const doctorNode = b.addNode();
    sourceArc[d] =
      source === 'bounded'
        ? b.addArc(SOURCE, doctorNode, bound)
        : b.addConvexArc(SOURCE, doctorNode, bound, source.spreadWeight);
    const weeks = problem.weekRanges[d];
    const days = problem.dayRanges[d];
    let day = 0;
    for (let wk = 0; wk + 1 < weeks.length; wk++) {
      const weekFrom = weeks[wk];
      const weekTo = weeks[wk + 1];
      let weekParent = doctorNode;
      // the week cap binds only if the days' own caps let more through than it allows
      let dayCapped = 0;
      for (let dy = day; days[dy] < weekTo; dy++) {
        dayCapped += Math.min(problem.maxPerDay[d], days[dy + 1] - days[dy]);
      }
      if (problem.maxPerWeek[d] < dayCapped) {
        weekParent = b.addNode();
        b.addArc(doctorNode, weekParent, problem.maxPerWeek[d]);
      }
      for (; days[day] < weekTo && days[day] >= weekFrom; day++) {
        const dayFrom = days[day];
        const dayTo = days[day + 1];
        let dayParent = weekParent;
        if (problem.maxPerDay[d] < dayTo - dayFrom) {
          dayParent = b.addNode();
          b.addArc(weekParent, dayParent, problem.maxPerDay[d]);
        }
        for (let p = dayFrom; p < dayTo; p++) {
          pairArc[p] = b.addArc(
            dayParent,
            windowNode[problem.pairWindow[p]],
            1,
            pairCost === null ? 0 : pairCost[p],
          );
        }
      }
    }
  }
  return { network: b.build(), sourceArc, pairArc };
}
