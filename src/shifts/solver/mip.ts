import highsLoader, { type Highs, type InterruptCallbackEvent } from 'highs';
import type { RosterInput, RosterWindow } from './solver.types';

/**
 * The exact oracle for the flow solver: the same roster problem as a 0–1 MIP in CPLEX LP text,
 * solved by HiGHS (WebAssembly). Deliberately written from the input alone, sharing no code with
 * the solver, so tests and the benchmark compare two independent methods.
 *
 *   x[d,w] ∈ {0,1} for each doctor d available for window w
 *   Σ_d x[d,w] ≤ required(w)              each window
 *   Σ_{w in week k} x[d,w] ≤ maxPerWeek(d) each doctor and ISO week
 *   Σ_{w on day t} x[d,w] ≤ maxPerDay(d)   each doctor and date
 * (a) coverage: maximise Σ x.
 * (b) largest load: minimise L subject to Σ x ≥ coverage from (a) and Σ_w x[d,w] ≤ L for each d.
 * A cap row with no more variables than its cap cannot bind and is left out.
 * Under a rest rule (`minRestHours` > 0), one row per pair of a doctor's windows with less rest
 * between them: x[d,a] + x[d,b] ≤ 1 (pairs, where the solver uses cliques), and a window too close
 * to one of the doctor's `busy` shifts is no variable at all.
 */

export type MipStatus = 'optimal' | 'time limit' | 'infeasible' | 'not solved' | 'skipped';

export interface MipObjective {
  readonly status: MipStatus;
  /** best integer solution's objective, null when none was found */
  readonly value: number | null;
  /** proven bound (upper for coverage, lower for the largest load); equals value when optimal */
  readonly bound: number | null;
  readonly seconds: number;
}

export interface RosterMipResult {
  readonly coverage: MipObjective;
  readonly maxLoad: MipObjective;
}

export interface RosterMipOptions {
  /** per model (coverage, then largest load); default: none */
  readonly timeLimitSeconds?: number;
  /** HiGHS presolve (default off: see runLp) */
  readonly presolve?: boolean;
}

let loading: Promise<Highs> | undefined;

/** HiGHS is loaded once per process (the Wasm module takes ~100 ms to instantiate). */
export function loadHighs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

export async function solveRosterMip(
  input: RosterInput,
  options: RosterMipOptions = {},
): Promise<RosterMipResult> {
  const highs = await loadHighs();
  const model = new MipModel(input);
  if (model.variableCount === 0) return { coverage: NOTHING, maxLoad: NOTHING };
  const coverage = runLp(highs, model.coverageLp(), options);
  if (coverage.status !== 'optimal' || coverage.value === null) {
    return { coverage, maxLoad: { status: 'skipped', value: null, bound: null, seconds: 0 } };
  }
  const maxLoad = runLp(highs, model.maxLoadLp(coverage.value), options);
  return { coverage, maxLoad };
}

/**
 * (a) alone, optionally with every doctor's load capped at `loadCap`. With a cap the matrix stays
 * totally unimodular (the caps nest: day ⊂ week ⊂ doctor), so HiGHS solves it as fast as (a):
 * where the min-L model (b) is too big for HiGHS, a largest load L is proven least by two of
 * these — cap L still covers everything (a) covers, cap L − 1 does not.
 */
export async function mipMaxCoverage(
  input: RosterInput,
  options: RosterMipOptions & { readonly loadCap?: number } = {},
): Promise<MipObjective> {
  const highs = await loadHighs();
  const model = new MipModel(input);
  if (model.variableCount === 0) return NOTHING;
  return runLp(highs, model.coverageLp(options.loadCap), options);
}

/** nobody available anywhere: HiGHS would call the model empty, the answer is plain */
const NOTHING: MipObjective = { status: 'optimal', value: 0, bound: 0, seconds: 0 };

/** The LP texts, exported for inspection and for the tests of the model itself. */
export function rosterMipLp(input: RosterInput): { coverage: string; maxLoad: (coverage: number) => string } {
  const model = new MipModel(input);
  return { coverage: model.coverageLp(), maxLoad: (c) => model.maxLoadLp(c) };
}

function runLp(highs: Highs, lp: string, options: RosterMipOptions): MipObjective {
  const started = performance.now();
  let interrupted = false;
  const model = highs.createModel({ format: 'lp', data: lp });
  try {
    // objectives are integers: a relative gap would let HiGHS stop short of the true optimum
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5 });
    // HiGHS presolve, compiled to WebAssembly, is the slow part on these models (100 s and more on
    // 5,000 × 84, with no checkpoint to stop it) and gains little: the coverage model's matrix is
    // a network matrix, totally unimodular. Off unless asked for; 3–10× faster on 300 × 84.
    if (options.presolve !== true) model.options.set({ presolve: 'off' });
    const limit = options.timeLimitSeconds;
    if (limit === undefined) {
      model.run();
    } else {
      model.options.set({ time_limit: limit });
      // HiGHS checks its own limit only now and then, so its simplex, interior-point and MIP
      // checkpoints also stop it once the wall clock is up.
      const deadline = started + limit * 1000;
      const stopLate = (event: InterruptCallbackEvent): undefined => {
        if (performance.now() > deadline) {
          interrupted = true;
          event.interrupt();
        }
        return undefined;
      };
      const { callbackType } = highs.constants;
      model.run({
        [callbackType.simplexInterrupt]: stopLate,
        [callbackType.ipmInterrupt]: stopLate,
        [callbackType.mipInterrupt]: stopLate,
      });
    }
    const code = model.getModelStatus();
    const seconds = (performance.now() - started) / 1000;
    const states = highs.constants.modelStatus;
    const hasSolution = Number(model.info.get('primal_solution_status')) === 2;
    const value = hasSolution ? Math.round(model.getObjectiveValue()) : null;
    if (code === states.optimal) return { status: 'optimal', value, bound: value, seconds };
    if (code === states.infeasible) return { status: 'infeasible', value: null, bound: null, seconds };
    const bound = Number(model.info.get('mip_dual_bound'));
    const status: MipStatus = code === states.timeLimit || interrupted ? 'time limit' : 'not solved';
    return { status, value, bound: Number.isFinite(bound) ? bound : null, seconds };
  } finally {
    model.dispose();
  }
}

class MipModel {
  /** x-variable names per window / doctor-week / doctor-day / doctor */
  private readonly byWindow = new Map<string, string[]>();
  private readonly byDoctorWeek = new Map<string, { cap: number; vars: string[] }>();
  private readonly byDoctorDay = new Map<string, { cap: number; vars: string[] }>();
  private readonly byDoctor: string[][] = [];
  private readonly required = new Map<string, number>();
  private readonly all: string[] = [];
  private readonly restPairs: [string, string][] = [];

  constructor(input: RosterInput) {
    const windows = new Map(input.windows.map((w) => [w.key, w]));
    for (const w of input.windows) {
      this.required.set(w.key, Math.max(0, Math.floor(w.required)));
      this.byWindow.set(w.key, []);
    }
    const restMs = Math.max(0, input.minRestHours ?? 0) * 3_600_000;
    // less than restMs between the end of the earlier and the start of the later
    const close = (a: { startsAt?: number; endsAt?: number }, b: { startsAt?: number; endsAt?: number }) => {
      const [s1, e1, s2, e2] = [a.startsAt ?? 0, a.endsAt ?? 0, b.startsAt ?? 0, b.endsAt ?? 0];
      return s1 <= s2 ? s2 - e1 < restMs : s1 - e2 < restMs;
    };
    input.doctors.forEach((doctor, d) => {
      const mine: string[] = [];
      const placed: { x: string; w: RosterWindow }[] = [];
      for (const key of new Set(doctor.available)) {
        const w = windows.get(key);
        if (w === undefined) continue;
        if (restMs > 0 && (doctor.busy ?? []).some((b) => b.key !== key && close(w, b))) continue;
        const x = `x${d}_${this.all.length}`;
        this.all.push(x);
        mine.push(x);
        this.byWindow.get(key)?.push(x);
        push(this.byDoctorWeek, `${d}|${w.week}`, Math.max(0, Math.floor(doctor.maxPerWeek)), x);
        push(this.byDoctorDay, `${d}|${w.date}`, Math.max(0, Math.floor(doctor.maxPerDay)), x);
        if (restMs > 0) {
          for (const other of placed) if (close(other.w, w)) this.restPairs.push([other.x, x]);
          placed.push({ x, w });
        }
      }
      this.byDoctor.push(mine);
    });
  }

  get variableCount(): number {
    return this.all.length;
  }

  coverageLp(loadCap?: number): string {
    const rows = this.capRows();
    if (loadCap !== undefined) {
      this.byDoctor.forEach((vars, d) => {
        if (vars.length > loadCap) rows.push(` load${d}: ${sum(vars)} <= ${Math.max(0, loadCap)}`);
      });
    }
    return ['Maximize', ` covered: ${sum(this.all)}`, 'Subject To', ...rows, ...this.binaries(), 'End'].join(
      '\n',
    );
  }

  maxLoadLp(coverage: number): string {
    const rows = this.capRows();
    rows.push(` coverage: ${sum(this.all)} >= ${coverage}`);
    this.byDoctor.forEach((vars, d) => {
      if (vars.length > 0) rows.push(` load${d}: ${sum(vars)} - L <= 0`);
    });
    return [
      'Minimize',
      ' largest: L',
      'Subject To',
      ...rows,
      'Bounds',
      ' L >= 0',
      'General',
      ' L',
      ...this.binaries(),
      'End',
    ].join('\n');
  }

  private capRows(): string[] {
    const rows: string[] = [];
    let i = 0;
    for (const [key, vars] of this.byWindow) {
      const required = this.required.get(key) ?? 0;
      if (vars.length > required) rows.push(` window${i++}: ${sum(vars)} <= ${required}`);
    }
    // rows that cannot bind are left out: the same feasible set with far fewer rows (most
    // doctor-days hold one or two windows)
    i = 0;
    for (const { cap, vars } of this.byDoctorWeek.values()) {
      if (vars.length > cap) rows.push(` week${i++}: ${sum(vars)} <= ${cap}`);
    }
    i = 0;
    for (const { cap, vars } of this.byDoctorDay.values()) {
      if (vars.length > cap) rows.push(` day${i++}: ${sum(vars)} <= ${cap}`);
    }
    this.restPairs.forEach(([a, b], k) => rows.push(` rest${k}: ${a} + ${b} <= 1`));
    return rows;
  }

  private binaries(): string[] {
    const lines = ['Binary'];
    for (let i = 0; i < this.all.length; i += 16) lines.push(` ${this.all.slice(i, i + 16).join(' ')}`);
    return lines;
  }
}

function push(
  groups: Map<string, { cap: number; vars: string[] }>,
  key: string,
  cap: number,
  x: string,
): void {
  const group = groups.get(key);
  if (group) group.vars.push(x);
  else groups.set(key, { cap, vars: [x] });
}

/** `a + b + c`, broken into lines so no LP line grows unbounded. */
function sum(vars: readonly string[]): string {
  if (vars.length === 0) return '0';
  const lines: string[] = [];
  for (let i = 0; i < vars.length; i += 16) lines.push(vars.slice(i, i + 16).join(' + '));
  return lines.join('\n  + ');
}
