/**
 * The seed's five days as a list of contacts to replay (pure, deterministic). The 1022 article
 * (`/shared/seed/`, 19–23 Aug 2021) gives three figures: 2,088 calls and messages received, 1,581
 * answered and handled, 507 forwarded to the districts; and the day's shape: busiest 08–20. It gives
 * no split by day, branch, category or channel: those below are this replay's assumptions, chosen to
 * look like the hotline's work and stated here so nobody mistakes them for the seed's.
 */
import { timesOverDay } from '../../src/hotline/day-curve';
import { SeededRandom } from '../../src/common/random';
import { addDays } from '../../src/common/time/windows';

export const SEED_FIGURES = {
  from: '2021-08-19',
  to: '2021-08-23',
  received: 2088,
  answered: 1581,
  forwarded: 507,
};

/** What happens to a contact after it is recorded. */
export type Fate =
  | 'resolve' // branch 4 question, answered by the operator
  | 'forward' // branch 4 violation report, forwarded to its district and handled there
  | 'transfer' // branch 1 (115) or 2 (CDC): transferred at once
  | 'consult'; // branch 3: a consult in the doctors' queue, answered by a doctor

export interface PlannedContact {
  seq: number;
  receivedAt: Date;
  channel: 'phone' | 'zalo' | 'web' | 'sms';
  branch: 1 | 2 | 3 | 4;
  category: string;
  fate: Fate;
  /** a number to pick the district and ward with from the official list (GET /api/areas) */
  place: number;
  callerPhone: string;
}

export const VIOLATIONS = ['gathering', 'no_mask', 'outdoor_exercise', 'other_violation'] as const;
export const QUESTIONS = [
  'essential_goods_permit',
  'travel_procedures',
  'health_declaration',
  'vaccination_registration',
  'support_policy',
  'other_question',
] as const;

// Assumed shares of the answered contacts (branch 4 questions, branches 3, 2, 1), of the violations by
// category (the article names gatherings, no masks and outdoor exercise first), and of the channels.
const ANSWERED_SHARES: [Fate, PlannedContact['branch'], number][] = [
  ['resolve', 4, 0.7],
  ['consult', 3, 0.15],
  ['transfer', 2, 0.1],
  ['transfer', 1, 0.05],
];
const VIOLATION_WEIGHTS = [0.45, 0.25, 0.2, 0.1];
const QUESTION_WEIGHTS = [0.3, 0.25, 0.15, 0.15, 0.1, 0.05];
const CHANNELS: [PlannedContact['channel'], number][] = [
  ['phone', 0.7],
  ['zalo', 0.15],
  ['web', 0.1],
  ['sms', 0.05],
];

/** `total` split by `shares` into whole numbers that add up to `total` (largest remainder). */
export function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (total * s) / sum);
  const counts = exact.map(Math.floor);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[order[k][1]]++;
  return counts;
}

function weighted<T>(rnd: SeededRandom, items: readonly T[], weights: readonly number[]): T {
  const sum = weights.reduce((a, b) => a + b, 0);
  let r = rnd.next() * sum;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

export interface ReplayTotals {
  received: number;
  answered: number;
  forwarded: number;
}

/** The seed's figures scaled (scale 1 = the article's), rounded so that answered + forwarded = received. */
export function scaledTotals(scale: number): ReplayTotals {
  const received = Math.round(SEED_FIGURES.received * scale);
  const forwarded = Math.round(SEED_FIGURES.forwarded * scale);
  return { received, forwarded, answered: received - forwarded };
}

/**
 * Every contact of the replay, in order of receipt: spread evenly over the five days (the article
 * gives only the total), over each day by the hotline's curve, with exactly the scaled figures.
 */
export function replayPlan(scale: number, zone: string, seed = 1022): PlannedContact[] {
  const rnd = new SeededRandom(seed);
  const totals = scaledTotals(scale);
  const days = 5;
  const perDay = apportion(totals.received, Array<number>(days).fill(1));
  const times = perDay.flatMap((n, d) =>
    timesOverDay(addDays(SEED_FIGURES.from, d), n, zone, () => rnd.next()),
  );

  // The fates: exactly `forwarded` violations and `answered` others, shuffled over the five days.
  const answered = apportion(
    totals.answered,
    ANSWERED_SHARES.map((s) => s[2]),
  );
  const kinds: { fate: Fate; branch: PlannedContact['branch'] }[] = [
    ...Array.from({ length: totals.forwarded }, () => ({ fate: 'forward' as const, branch: 4 as const })),
    ...ANSWERED_SHARES.flatMap(([fate, branch], i) =>
      Array.from({ length: answered[i] }, () => ({ fate, branch })),
    ),
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return times.map((receivedAt, seq) => {
    const { fate, branch } = kinds[seq];
    const category =
      fate === 'forward'
        ? weighted(rnd, VIOLATIONS, VIOLATION_WEIGHTS)
        : branch === 4
          ? weighted(rnd, QUESTIONS, QUESTION_WEIGHTS)
          : { 1: 'emergency', 2: 'epidemiology', 3: 'medical' }[branch];
    return {
      seq,
      receivedAt,
      channel: weighted(
        rnd,
        CHANNELS.map((c) => c[0]),
        CHANNELS.map((c) => c[1]),
      ),
      branch,
      category,
      fate,
      place: rnd.int(0, 1_000_000),
      callerPhone: `+8498${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`,
    };
  });
}

/** The plan's figures per local date, as the statistics should show them once the replay is done. */
export function plannedByDate(
  plan: readonly PlannedContact[],
  dateOf: (at: Date) => string,
): Map<string, ReplayTotals> {
  const byDate = new Map<string, ReplayTotals>();
  for (const c of plan) {
    const date = dateOf(c.receivedAt);
    const t = byDate.get(date) ?? { received: 0, answered: 0, forwarded: 0 };
    t.received++;
    if (c.fate === 'forward') t.forwarded++;
    else t.answered++;
    byDate.set(date, t);
  }
  return byDate;
}
