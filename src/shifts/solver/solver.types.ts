/**
 * Plain data in and out of the roster solver. No Nest, no entities: the shifts service maps its rows
 * to these shapes, so the solver, the checker and the MIP oracle can be tested on their own.
 */

/** One consult window to staff. */
export interface RosterWindow {
  /** `YYYY-MM-DD/HH-HH` */
  readonly key: string;
  /** local date the window starts on, `YYYY-MM-DD` (the per-day cap counts by it) */
  readonly date: string;
  /** local ISO week of `date`, e.g. `2021-W34` (the per-week cap counts by it) */
  readonly week: string;
  /** doctors the window needs */
  readonly required: number;
  /** epoch ms of the window's first and last instant; needed only when a rest rule applies */
  readonly startsAt?: number;
  readonly endsAt?: number;
}

/** A shift a person already works outside this roster (another published roster), as instants. */
export interface RosterBusyShift {
  readonly key: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/** An active doctor of the group, as the solver needs them. */
export interface RosterDoctor {
  readonly id: string;
  readonly maxPerWeek: number;
  readonly maxPerDay: number;
  /** window keys the doctor is available for; any other window is out of bounds */
  readonly available: readonly string[];
  /** window keys the doctor would rather have (last tie-break) */
  readonly preferred?: readonly string[];
  readonly seniority?: number;
  /** shifts outside this roster that the rest rule measures against (windows too close are out of bounds) */
  readonly busy?: readonly RosterBusyShift[];
}

/** One doctor on one window. */
export interface RosterAssignment {
  readonly doctorId: string;
  readonly windowKey: string;
}

export interface RosterInput {
  readonly windows: readonly RosterWindow[];
  readonly doctors: readonly RosterDoctor[];
  /** the roster currently published, kept as far as the higher objectives allow */
  readonly published?: readonly RosterAssignment[];
  /**
   * Least rest, in real hours between instants, from the end of one shift of a person to the start
   * of their next (hard). 0 or absent: no rest rule (the doctors' groups). Needs every window's
   * `startsAt` and `endsAt`.
   */
  readonly minRestHours?: number;
  /** what the people are called in violation messages (default `doctor`) */
  readonly noun?: string;
}

export interface WindowCoverage {
  readonly windowKey: string;
  readonly required: number;
  readonly assigned: number;
}

export interface UnfilledWindow {
  readonly windowKey: string;
  /** required − assigned, > 0 */
  readonly missing: number;
}

export interface RosterStats {
  /** Σ required over the windows */
  readonly required: number;
  /** covered places: Σ min(assigned, required) over the windows */
  readonly assigned: number;
  /** fewest windows any doctor of the input gets (0 when someone gets none) */
  readonly minLoad: number;
  /** most windows any doctor of the input gets */
  readonly maxLoad: number;
}

export interface RosterSummary {
  /** every window, in key order */
  readonly coverage: WindowCoverage[];
  /** the windows below their requirement, in key order */
  readonly unfilled: UnfilledWindow[];
  readonly stats: RosterStats;
}

export interface RosterSolution extends RosterSummary {
  /** sorted by window key, then doctor id */
  readonly assignments: RosterAssignment[];
}

/** The hard constraints a roster is checked against (check-roster.ts), by the code a violation names. */
export const ROSTER_CONSTRAINTS = [
  'not_available',
  'max_per_week',
  'max_per_day',
  'over_required',
  'duplicate',
  'min_rest',
  'unknown_doctor',
  'unknown_window',
] as const;

export type RosterConstraint = (typeof ROSTER_CONSTRAINTS)[number];

/** One broken hard constraint, blamed on one assignment. */
export interface RosterViolation {
  readonly doctorId: string;
  readonly windowKey: string;
  readonly constraint: RosterConstraint;
  readonly message: string;
}
