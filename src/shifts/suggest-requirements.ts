import { DateTime } from 'luxon';
import { WindowInstance } from '../common/time/windows';

/** One consult of the history: when it came in and how long a doctor spent on it (null: not handled). */
export interface ConsultHistoryRow {
  createdAt: Date;
  handleSeconds: number | null;
}

export interface ErlangTarget {
  callsPerHour: number;
  averageHandleSeconds: number;
  targetServiceLevel: number;
  targetAnswerSeconds: number;
}

export interface SuggestOptions {
  /** share of calls to answer within `targetAnswerSeconds` */
  targetServiceLevel: number;
  targetAnswerSeconds: number;
  /** weeks of history; each slot's rate is the mean over them (weeks with no consults count as 0) */
  weeks: number;
  /** handling time when the history has none */
  defaultHandleSeconds: number;
  /** a slot uses its own handling time once it has this many handled consults, else the overall mean */
  minSlotSamples: number;
}

export const DEFAULT_SUGGEST_OPTIONS: SuggestOptions = {
  targetServiceLevel: 0.8,
  targetAnswerSeconds: 60,
  weeks: 4,
  defaultHandleSeconds: 600,
  minSlotSamples: 20,
};

export interface SuggestedWindow {
  windowKey: string;
  callsPerHour: number;
  averageHandleSeconds: number;
  suggested: number;
}

export interface Suggestion {
  consultsInHistory: number;
  averageHandleSeconds: number;
  windows: SuggestedWindow[];
}

/** Weekday (1–7) and shift: windows of the same slot recur every week. */
const slotOf = (w: WindowInstance) => `${DateTime.fromISO(w.date, { zone: 'UTC' }).weekday} ${w.shift}`;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Pure: doctors each upcoming window needs, from the consults received in the same weekday and
 * shift over the past weeks and their handling time, by Erlang C (`agentsNeeded`). A slot with no
 * history needs 0.
 */
export function suggestRequirements(
  windows: readonly WindowInstance[],
  historyWindows: readonly WindowInstance[],
  history: readonly ConsultHistoryRow[],
  agentsNeeded: (target: ErlangTarget) => number,
  options: SuggestOptions = DEFAULT_SUGGEST_OPTIONS,
): Suggestion {
  const perSlot = new Map<string, number>();
  const handledPerSlot = new Map<string, number[]>();
  const handled: number[] = [];
  const past = [...historyWindows].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const starts = past.map((w) => w.startsAt.getTime());
  for (const consult of history) {
    const handle =
      consult.handleSeconds !== null && consult.handleSeconds >= 0 ? consult.handleSeconds : null;
    if (handle !== null) handled.push(handle);
    const t = consult.createdAt.getTime();
    for (const w of containing(past, starts, t)) {
      const slot = slotOf(w);
      perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
      if (handle !== null) handledPerSlot.set(slot, [...(handledPerSlot.get(slot) ?? []), handle]);
    }
  }
  const overallHandle = handled.length ? mean(handled) : options.defaultHandleSeconds;
  return {
    consultsInHistory: history.length,
    averageHandleSeconds: round(overallHandle),
    windows: windows.map((w) => {
      const slot = slotOf(w);
      const hours = (w.endsAt.getTime() - w.startsAt.getTime()) / 3_600_000;
      const callsPerHour = (perSlot.get(slot) ?? 0) / options.weeks / hours;
      const samples = handledPerSlot.get(slot) ?? [];
      const averageHandleSeconds = samples.length >= options.minSlotSamples ? mean(samples) : overallHandle;
      const suggested =
        callsPerHour > 0
          ? agentsNeeded({
              callsPerHour,
              averageHandleSeconds,
              targetServiceLevel: options.targetServiceLevel,
              targetAnswerSeconds: options.targetAnswerSeconds,
            })
          : 0;
      return {
        windowKey: w.key,
        callsPerHour: round(callsPerHour),
        averageHandleSeconds: round(averageHandleSeconds),
        suggested,
      };
    }),
  };
}

/** The windows (sorted by start) that hold instant t: binary search, then look back over the few that may still run. */
function containing(past: readonly WindowInstance[], starts: readonly number[], t: number): WindowInstance[] {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  const out: WindowInstance[] = [];
  for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) if (t < past[i].endsAt.getTime()) out.push(past[i]);
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
