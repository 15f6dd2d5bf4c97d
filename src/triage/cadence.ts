// Follow-up cadence (TRIAGE.md), kept as data so a deployment can tune it without touching the logic.
// Intervals are exact durations (hours, minutes), so the zone does not matter; instants are JS Dates.
import type { DurationLikeObject } from 'luxon';
import { DateTime, Duration } from 'luxon';
import type { RiskTier } from './triage.types';
import { tierRank } from './triage.types';

export interface TierCadence {
  /** Time from one completed follow-up to the next one being due. */
  every: DurationLikeObject;
  /** Time after an attempt that did not reach the patient before trying again. */
  retryAfter: DurationLikeObject;
  /** Misses in a row that open an escalation; 0 means escalate at once. */
  escalateAfterMisses: number;
}

export interface CadenceConfig {
  tiers: Readonly<Record<RiskTier, TierCadence>>;
  /** A follow-up not completed this long after it was due is overdue. */
  overdueGrace: DurationLikeObject;
}

export const DEFAULT_CADENCE: CadenceConfig = {
  tiers: {
    red: { every: { hours: 1 }, retryAfter: { minutes: 15 }, escalateAfterMisses: 0 },
    orange: { every: { hours: 4 }, retryAfter: { minutes: 30 }, escalateAfterMisses: 3 },
    yellow: { every: { hours: 12 }, retryAfter: { hours: 1 }, escalateAfterMisses: 3 },
    green: { every: { hours: 24 }, retryAfter: { hours: 2 }, escalateAfterMisses: 3 },
  },
  overdueGrace: { minutes: 30 },
};

export interface NextDueInput {
  tier: RiskTier;
  /** When the last follow-up was completed; missing for a patient not yet followed up. */
  lastCompletedAt?: Date | null;
  /** When the patient entered `tier`. */
  tierChangedAt?: Date | null;
  /** The tier before `tierChangedAt`; only a rise from it moves the next follow-up earlier. */
  previousTier?: RiskTier | null;
  now: Date;
}

function dateTime(at: Date, name: string): DateTime {
  const dt = DateTime.fromJSDate(at, { zone: 'utc' });
  if (!dt.isValid) throw new RangeError(`${name} is not a valid Date`);
  return dt;
}

function plus(at: Date, duration: DurationLikeObject, name: string): DateTime {
  return dateTime(at, name).plus(Duration.fromObject(duration));
}

/**
 * When the next follow-up is due. Due at once (`now`) for a first follow-up and on entering red
 * outside a follow-up (the tier changed after the last completion, or when is not known). A
 * follow-up completed red was itself that contact (the tier changed at or before its completion):
 * the next is due one red interval after it (TRIAGE.md "Follow-up cadence"). Otherwise the tier's
 * interval counted from the last completion; for a tier that went up, from the last completion or
 * the tier change, whichever gives the sooner time. Never earlier than `now`: a follow-up late
 * already is due at once, not born overdue.
 */
export function nextDueAt(input: NextDueInput, cadence: CadenceConfig = DEFAULT_CADENCE): Date {
  const { tier, lastCompletedAt, tierChangedAt, previousTier } = input;
  const now = dateTime(input.now, 'now');
  const wentUp = previousTier != null && tierRank(tier) > tierRank(previousTier);
  const seenAtCompletion =
    lastCompletedAt != null && tierChangedAt != null && tierChangedAt.getTime() <= lastCompletedAt.getTime();
  if (!lastCompletedAt || (wentUp && tier === 'red' && !seenAtCompletion)) return now.toJSDate();
  const { every } = cadence.tiers[tier];
  let due = plus(lastCompletedAt, every, 'lastCompletedAt');
  if (wentUp && tierChangedAt) {
    const fromChange = plus(tierChangedAt, every, 'tierChangedAt');
    if (fromChange < due) due = fromChange;
  }
  return (due < now ? now : due).toJSDate();
}

/** When to try again after an attempt that did not reach the patient. */
export function retryDueAt(
  tier: RiskTier,
  attemptedAt: Date,
  cadence: CadenceConfig = DEFAULT_CADENCE,
): Date {
  return plus(attemptedAt, cadence.tiers[tier].retryAfter, 'attemptedAt').toJSDate();
}

/** When a follow-up due at `dueAt` becomes overdue (reassigned, shown to coordinators). */
export function overdueAt(dueAt: Date, cadence: CadenceConfig = DEFAULT_CADENCE): Date {
  return plus(dueAt, cadence.overdueGrace, 'dueAt').toJSDate();
}

/** Whether this many misses in a row open an escalation; red escalates at once (threshold 0). */
export function shouldEscalateAfterMisses(
  tier: RiskTier,
  consecutiveMisses: number,
  cadence: CadenceConfig = DEFAULT_CADENCE,
): boolean {
  if (!Number.isInteger(consecutiveMisses) || consecutiveMisses < 0) {
    throw new RangeError(`consecutiveMisses must be a whole number, 0 or more, got ${consecutiveMisses}`);
  }
  return consecutiveMisses >= cadence.tiers[tier].escalateAfterMisses;
}
