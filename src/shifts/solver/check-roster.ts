import { busyConflict, HOUR_MS, minRestMs, restBetween, spanOf, tooClose, type Span } from './rest';
import { indexRoster, pairKey, toCount } from './roster-index';
import type {
  RosterAssignment,
  RosterInput,
  RosterSummary,
  RosterViolation,
  UnfilledWindow,
  WindowCoverage,
} from './solver.types';

/**
 * Every hard constraint an assignment list breaks. Pure: the API runs it on a draft with an edit
 * applied and answers 409 with the result when it is not empty.
 *
 * One violation per assignment too many, blamed on the assignment that went over the cap in the
 * order given — so pass the kept assignments first and the additions last, and the additions get
 * the blame. A duplicate, unknown doctor or unknown window is reported and then left out of the
 * counts. The list comes back in the order of the assignments. Under a rest rule, an assignment
 * too close to one of the person's shifts before it in the list (or elsewhere, `busy`) is `min_rest`.
 */
export function checkRoster(input: RosterInput, assignments: readonly RosterAssignment[]): RosterViolation[] {
  const { windows, windowIndex, doctors, doctorIndex } = indexRoster(input);
  const available = doctors.map((d) => new Set(d.available));
  const seen = new Set<string>();
  const perWindow = new Int32Array(windows.length);
  const perDoctorDay = new Map<string, number>();
  const perDoctorWeek = new Map<string, number>();
  const violations: RosterViolation[] = [];
  const noun = input.noun ?? 'doctor';
  const restMs = minRestMs(input);
  const shiftsOf = new Map<string, Span[]>();

  for (const { doctorId, windowKey } of assignments) {
    const blame = (constraint: RosterViolation['constraint'], message: string) =>
      violations.push({ doctorId, windowKey, constraint, message });
    const d = doctorIndex.get(doctorId);
    if (d === undefined) {
      blame('unknown_doctor', `${noun} ${doctorId} is not an active ${noun} of the group`);
      continue;
    }
    const w = windowIndex.get(windowKey);
    if (w === undefined) {
      blame('unknown_window', `window ${windowKey} is not in the roster's period`);
      continue;
    }
    const pair = pairKey(doctorId, windowKey);
    if (seen.has(pair)) {
      blame('duplicate', `${noun} ${doctorId} is on ${windowKey} twice`);
      continue;
    }
    seen.add(pair);
    const doctor = doctors[d];
    const window = windows[w];
    if (!available[d].has(windowKey)) {
      blame('not_available', `${noun} ${doctorId} is not available for ${windowKey}`);
    }
    const required = toCount(window.required);
    if (++perWindow[w] > required) {
      blame(
        'over_required',
        `${windowKey} needs ${required} ${noun}(s); ${noun} ${doctorId} would be one too many`,
      );
    }
    const dayKey = pairKey(doctorId, window.date);
    const onDay = (perDoctorDay.get(dayKey) ?? 0) + 1;
    perDoctorDay.set(dayKey, onDay);
    const maxPerDay = toCount(doctor.maxPerDay);
    if (onDay > maxPerDay) {
      blame(
        'max_per_day',
        `${noun} ${doctorId} would have ${onDay} windows on ${window.date} with ${windowKey} (max ${maxPerDay} a day)`,
      );
    }
    const weekKey = pairKey(doctorId, window.week);
    const inWeek = (perDoctorWeek.get(weekKey) ?? 0) + 1;
    perDoctorWeek.set(weekKey, inWeek);
    const maxPerWeek = toCount(doctor.maxPerWeek);
    if (inWeek > maxPerWeek) {
      blame(
        'max_per_week',
        `${noun} ${doctorId} would have ${inWeek} windows in week ${window.week} with ${windowKey} (max ${maxPerWeek} a week)`,
      );
    }
    if (restMs > 0) {
      const span = spanOf(window);
      const mine = shiftsOf.get(doctorId) ?? [];
      const other = mine.find((m) => tooClose(m, span, restMs)) ?? busyConflict(span, doctor.busy, restMs);
      if (other) {
        const hours = Math.round((restBetween(other, span) / HOUR_MS) * 10) / 10;
        const [first, second] =
          other.startsAt <= span.startsAt ? [other.key, windowKey] : [windowKey, other.key];
        blame(
          'min_rest',
          hours < 0
            ? `${noun} ${doctorId} would work ${first} and ${second}, which overlap`
            : `${noun} ${doctorId} would rest ${hours} h between ${first} and ${second} (at least ${restMs / HOUR_MS} h)`,
        );
      }
      mine.push(span);
      shiftsOf.set(doctorId, mine);
    }
  }
  return violations;
}

/**
 * Coverage, short windows and load figures of an assignment list, for a solver result and an edited
 * draft alike. Counts each known (doctor, window) pair once; unknown ids are ignored.
 */
export function summarise(input: RosterInput, assignments: readonly RosterAssignment[]): RosterSummary {
  const { windows, windowIndex, doctors, doctorIndex } = indexRoster(input);
  const perWindow = new Int32Array(windows.length);
  const load = new Int32Array(doctors.length);
  const seen = new Set<string>();
  for (const { doctorId, windowKey } of assignments) {
    const d = doctorIndex.get(doctorId);
    const w = windowIndex.get(windowKey);
    if (d === undefined || w === undefined) continue;
    const pair = pairKey(doctorId, windowKey);
    if (seen.has(pair)) continue;
    seen.add(pair);
    perWindow[w]++;
    load[d]++;
  }
  const coverage: WindowCoverage[] = [];
  const unfilled: UnfilledWindow[] = [];
  let required = 0;
  let covered = 0;
  windows.forEach((window, w) => {
    const need = toCount(window.required);
    coverage.push({ windowKey: window.key, required: need, assigned: perWindow[w] });
    if (perWindow[w] < need) unfilled.push({ windowKey: window.key, missing: need - perWindow[w] });
    required += need;
    covered += Math.min(need, perWindow[w]);
  });
  let minLoad = doctors.length === 0 ? 0 : Number.POSITIVE_INFINITY;
  let maxLoad = 0;
  for (const l of load) {
    if (l < minLoad) minLoad = l;
    if (l > maxLoad) maxLoad = l;
  }
  return { coverage, unfilled, stats: { required, assigned: covered, minLoad, maxLoad } };
}
