/**
 * Roster solver benchmark: `npm run bench:roster`.
 *
 * Seeded instances (no Math.random) of 300 × 21, 300 × 84 and 5,000 × 84 doctors × windows (21 =
 * one week of three consult windows a day, 84 = four weeks) with demand at 0.8, 0.95 and 1.05 of
 * capacity. Each solve runs in a fresh child process, so its peak memory is its own and the JIT
 * state of one instance does not flatter the next; the time is the median of 3 solves after a
 * warm-up. The HiGHS MIP optimum is computed in the same run, with a time limit per model
 * (ROSTER_BENCH_MIP_SECONDS, default 120) and its status shown as it is. Takes ~5 minutes, most
 * of it in HiGHS on 5,000 × 84.
 */
import { fork } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { checkRoster } from '../src/shifts/solver/check-roster';
import { mipMaxCoverage, solveRosterMip, type MipObjective } from '../src/shifts/solver/mip';
import {
  generateOperatorInstance,
  generateRosterInstance,
  type InstanceSpec,
  type OperatorInstanceSpec,
} from '../src/shifts/solver/roster-instances';
import { solveRosterExactTraced } from '../src/shifts/solver/rest-mip';
import {
  optimalCoverageAndLoad,
  solveRosterTraced,
  type SolveTrace,
} from '../src/shifts/solver/solve-roster';
import type { RosterInput } from '../src/shifts/solver/solver.types';
import { printTable } from './lib/table';

const SHIFTS = ['09-11', '15-17', '19-21'];
const SIZES = [
  { name: '300 × 21', doctors: 300, days: 7 },
  { name: '300 × 84', doctors: 300, days: 28 },
  { name: '5,000 × 84', doctors: 5000, days: 28 },
] as const;
const LOADS = [0.8, 0.95, 1.05];
const MIP_SECONDS = Number(process.env.ROSTER_BENCH_MIP_SECONDS ?? 120);
const TIMED_RUNS = 3;

interface Case {
  readonly name: string;
  readonly spec: InstanceSpec;
}

interface SolveReport {
  readonly medianMs: number;
  readonly peakRssMb: number;
  readonly heapMb: number;
  readonly required: number;
  readonly covered: number;
  readonly maxLoad: number;
  readonly violations: number;
  readonly trace: SolveTrace;
  /** objectives 1–2 the direct way: max flow, then binary search on a load cap */
  readonly check: {
    readonly coverage: number;
    readonly maxLoad: number;
    readonly maxFlows: number;
    readonly ms: number;
  };
}

function cases(): Case[] {
  return SIZES.flatMap((size, i) =>
    LOADS.map((load) => ({
      name: size.name,
      spec: {
        doctors: size.doctors,
        days: size.days,
        shifts: SHIFTS,
        load,
        seed: 20210823 + 100 * i + Math.round(load * 100),
      },
    })),
  );
}

/** Child: solve one instance and report time and memory to the parent. */
function solveInChild(spec: InstanceSpec): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // warm the JIT on a small instance so the timing measures the algorithm, not compilation
  solveRosterTraced(generateRosterInstance({ doctors: 200, days: 14, shifts: SHIFTS, load: 0.95, seed: 1 }));
  const input: RosterInput = generateRosterInstance(spec);
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  let started = performance.now();
  const first = solveRosterTraced(input);
  times.push(performance.now() - started);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const heapAfter = process.memoryUsage().heapUsed;
  for (let i = 1; i < TIMED_RUNS; i++) {
    gc();
    started = performance.now();
    solveRosterTraced(input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  started = performance.now();
  const check = optimalCoverageAndLoad(input);
  const checkMs = performance.now() - started;
  const report: SolveReport = {
    medianMs: times[Math.floor(times.length / 2)],
    peakRssMb: Math.max(0, peakRss - rssBefore) / 2 ** 20,
    heapMb: Math.max(0, heapAfter - heapBefore) / 2 ** 20,
    required: first.solution.stats.required,
    covered: first.solution.stats.assigned,
    maxLoad: first.solution.stats.maxLoad,
    violations: checkRoster(input, first.solution.assignments).length,
    trace: first.trace,
    check: { ...check, ms: checkMs },
  };
  process.send?.(report);
}

function solveInFreshProcess(spec: InstanceSpec): Promise<SolveReport> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--solve', JSON.stringify(spec)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (report: SolveReport) => resolve(report));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`solver child exited with ${code}`));
    });
  });
}

function mipCell(objective: MipObjective): string {
  if (objective.status === 'optimal') return (objective.value ?? 0).toLocaleString('en');
  if (objective.status === 'skipped') return 'skipped';
  const found = objective.value === null ? 'none found' : `found ${objective.value}`;
  const bound = objective.bound === null ? 'no bound' : `bound ${objective.bound}`;
  return `${objective.status} (${found}, ${bound})`;
}

/** Above this many eligible pairs the min-L MIP is too big for HiGHS; the load is proven by cap probes. */
const MIP_DIRECT_PAIRS = 50_000;

interface MipVerdict {
  readonly coverage: string;
  readonly maxLoad: string;
  readonly seconds: number;
  readonly equal: 'yes' | 'NO' | 'not proven';
}

/**
 * The HiGHS optimum next to the solver's. Small instances: the min-L MIP (b). Large ones: max
 * coverage (a), then (a) with every load capped at the solver's L and at L − 1 — L is the least
 * largest load iff the first still covers as much and the second does not.
 */
async function mipVerdict(input: RosterInput, pairs: number, solved: SolveReport): Promise<MipVerdict> {
  const options = { timeLimitSeconds: MIP_SECONDS };
  const judge = (coverage: number | null, load: number | null, proven: boolean) =>
    !proven ? 'not proven' : coverage === solved.covered && load === solved.maxLoad ? 'yes' : 'NO';
  if (pairs <= MIP_DIRECT_PAIRS) {
    const mip = await solveRosterMip(input, options);
    const proven = mip.coverage.status === 'optimal' && mip.maxLoad.status === 'optimal';
    return {
      coverage: mipCell(mip.coverage),
      maxLoad: mipCell(mip.maxLoad),
      seconds: mip.coverage.seconds + mip.maxLoad.seconds,
      equal: judge(mip.coverage.value, mip.maxLoad.value, proven),
    };
  }
  const coverage = await mipMaxCoverage(input, options);
  if (coverage.status !== 'optimal' || coverage.value === null) {
    return {
      coverage: mipCell(coverage),
      maxLoad: 'skipped',
      seconds: coverage.seconds,
      equal: 'not proven',
    };
  }
  const load = solved.maxLoad;
  const atLoad = await mipMaxCoverage(input, { ...options, loadCap: load });
  const below = load > 0 ? await mipMaxCoverage(input, { ...options, loadCap: load - 1 }) : null;
  const covers = (probe: MipObjective) => probe.status === 'optimal' && probe.value === coverage.value;
  const falls = below === null || (below.status === 'optimal' && !covers(below));
  const proven = covers(atLoad) && falls;
  const detail = `cap ${load}: ${mipCell(atLoad)}${below === null ? '' : `; cap ${load - 1}: ${mipCell(below)}`}`;
  return {
    coverage: mipCell(coverage),
    maxLoad: `${proven ? load : 'not proven'} (${detail})`,
    seconds: coverage.seconds + atLoad.seconds + (below?.seconds ?? 0),
    equal: judge(coverage.value, proven ? load : null, proven),
  };
}

/**
 * The hotline operators' roster under the rest rule (12 h): 18 × 21 (the hotline's 18 operators,
 * three 8-hour shifts a day for a week, 6 a shift) and 200 × 21, solved as the app solves it
 * (`solveRosterExact`: flows, or HiGHS MIPs when the flow's roster breaks the rule), median of 3
 * after a warm-up, next to the HiGHS oracle (pairwise rest rows).
 */
const OPERATOR_CASES: { name: string; spec: OperatorInstanceSpec }[] = [
  ['18 × 21', 18, 6, [1, 1], 1],
  ['18 × 21', 18, 6, [0.6, 1], 1],
  ['18 × 21', 18, 6, [0.6, 1], 2],
  ['200 × 21', 200, 45, [0.3, 0.9], 3],
  ['200 × 21', 200, 60, [0.3, 0.9], 4],
].map(([name, operators, required, availability, seed]) => ({
  name: name as string,
  spec: {
    operators: operators as number,
    days: 7,
    shifts: ['06-14', '14-22', '22-06'],
    required: required as number,
    minRestHours: 12,
    seed: 20210819 + (seed as number),
    availability: availability as [number, number],
  },
}));

async function operatorsTable(): Promise<boolean> {
  const rows: (string | number)[][] = [];
  let allEqual = true;
  await solveRosterExactTraced(generateOperatorInstance({ ...OPERATOR_CASES[1].spec, seed: 7 }));
  for (const { name, spec } of OPERATOR_CASES) {
    const input = generateOperatorInstance(spec);
    const runs = [];
    for (let i = 0; i < TIMED_RUNS; i++) runs.push(await solveRosterExactTraced(input));
    const times = runs.map((r) => r.trace.ms).sort((a, b) => a - b);
    const { solution, trace } = runs[0];
    const violations = checkRoster(input, solution.assignments);
    const mip = await solveRosterMip(input, { timeLimitSeconds: MIP_SECONDS });
    const proven = mip.coverage.status === 'optimal' && mip.maxLoad.status === 'optimal';
    const equal = !proven
      ? 'not proven'
      : mip.coverage.value === solution.stats.assigned && mip.maxLoad.value === solution.stats.maxLoad
        ? 'yes'
        : 'NO';
    if (equal === 'NO') allEqual = false;
    rows.push([
      name,
      `${spec.required} a shift, available ${Math.round((spec.availability?.[0] ?? 1) * 100)}–${Math.round((spec.availability?.[1] ?? 1) * 100)} %`,
      times[Math.floor(times.length / 2)].toFixed(0),
      `${trace.method}${trace.mips ? ` (${trace.mips})` : ''}`,
      `${solution.stats.assigned.toLocaleString('en')} / ${solution.stats.required.toLocaleString('en')}`,
      `${solution.stats.minLoad}–${solution.stats.maxLoad}`,
      violations.filter((v) => v.constraint === 'min_rest').length,
      violations.length,
      mipCell(mip.coverage),
      mipCell(mip.maxLoad),
      `${(mip.coverage.seconds + mip.maxLoad.seconds).toFixed(1)} s`,
      equal,
    ]);
  }
  printTable(
    `Operators' roster under 12 h of rest (solveRosterExact) vs the HiGHS oracle — node ${process.version}`,
    [
      'operators × shifts',
      'instance',
      'solve ms',
      'method (MIPs)',
      'covered / required',
      'loads',
      'rest violations',
      'all violations',
      'MIP coverage',
      'MIP largest load',
      'MIP time',
      'equal?',
    ],
    rows,
  );
  return allEqual;
}

async function main(): Promise<void> {
  if (process.env.ROSTER_BENCH_ONLY === 'operators') {
    if (!(await operatorsTable())) process.exitCode = 1;
    return;
  }
  const results: (string | number)[][] = [];
  const traces: (string | number)[][] = [];
  let allEqual = true;
  for (const { name, spec } of cases()) {
    const solved = await solveInFreshProcess(spec);
    const input = generateRosterInstance(spec);
    const mip = await mipVerdict(input, solved.trace.pairs, solved);
    if (mip.equal === 'NO') allEqual = false;
    results.push([
      name,
      spec.load,
      solved.medianMs.toFixed(0),
      `${solved.peakRssMb.toFixed(0)} MB / ${solved.heapMb.toFixed(0)} MB`,
      `${solved.covered.toLocaleString('en')} / ${solved.required.toLocaleString('en')}`,
      solved.required - solved.covered,
      solved.maxLoad,
      solved.violations,
      mip.coverage,
      mip.maxLoad,
      `${mip.seconds.toFixed(1)} s`,
      mip.equal,
    ]);
    const { trace, check } = solved;
    traces.push([
      name,
      spec.load,
      trace.pairs.toLocaleString('en'),
      trace.costPhases,
      trace.ms.describe.toFixed(0),
      trace.ms.flow.toFixed(0),
      `${check.coverage.toLocaleString('en')} / ${check.maxLoad}`,
      check.maxFlows,
      check.ms.toFixed(0),
      check.coverage === solved.covered && check.maxLoad === solved.maxLoad ? 'yes' : 'NO',
    ]);
    if (check.coverage !== solved.covered || check.maxLoad !== solved.maxLoad) allEqual = false;
  }
  printTable(
    `Roster solver (flows) vs HiGHS MIP — ${process.platform} ${process.arch}, node ${process.version}, MIP limit ${MIP_SECONDS} s per model`,
    [
      'instance',
      'load',
      'solve ms',
      'peak RSS Δ / heap Δ',
      'covered / required',
      'shortfall',
      'largest load',
      'violations',
      'MIP coverage',
      'MIP largest load',
      'MIP time',
      'equal?',
    ],
    results,
  );
  printTable(
    'Inside the solve (first timed run), and objectives 1–2 re-derived by max flow + binary search on the load cap',
    [
      'instance',
      'load',
      'eligible pairs',
      'Dijkstra rounds',
      'setup ms',
      'min-cost flow ms',
      'check: covered / largest',
      'check max flows',
      'check ms',
      'agree?',
    ],
    traces,
  );
  if (!(await operatorsTable())) allEqual = false;
  if (!allEqual) process.exitCode = 1;
}

if (process.argv[2] === '--solve') {
  solveInChild(JSON.parse(process.argv[3]) as InstanceSpec);
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
