import type { CadenceConfig, NextDueInput } from './cadence';
import { DEFAULT_CADENCE, nextDueAt, overdueAt, retryDueAt, shouldEscalateAfterMisses } from './cadence';
import type { RiskTier } from './triage.types';
import { RISK_TIERS } from './triage.types';

const d = (iso: string): Date => new Date(iso);
const NOW = '2021-09-15T03:00:00.000Z';

describe('nextDueAt', () => {
  it.each<[string, Omit<NextDueInput, 'now'>, string]>([
    ...RISK_TIERS.map((tier): [string, Omit<NextDueInput, 'now'>, string] => [
      `first follow-up, ${tier}: at once`,
      { tier },
      NOW,
    ]),
    [
      'green: 24 h after the last completion',
      { tier: 'green', lastCompletedAt: d('2021-09-15T01:00:00Z') },
      '2021-09-16T01:00:00.000Z',
    ],
    [
      'yellow: 12 h after',
      { tier: 'yellow', lastCompletedAt: d('2021-09-15T01:00:00Z') },
      '2021-09-15T13:00:00.000Z',
    ],
    [
      'orange: 4 h after',
      { tier: 'orange', lastCompletedAt: d('2021-09-15T01:00:00Z') },
      '2021-09-15T05:00:00.000Z',
    ],
    [
      'red staying red: 1 h after',
      { tier: 'red', previousTier: 'red', lastCompletedAt: d('2021-09-15T02:30:00Z') },
      '2021-09-15T03:30:00.000Z',
    ],
    [
      'red, no previous tier: 1 h after',
      { tier: 'red', lastCompletedAt: d('2021-09-15T02:30:00Z') },
      '2021-09-15T03:30:00.000Z',
    ],
    [
      'entering red from orange: at once',
      {
        tier: 'red',
        previousTier: 'orange',
        tierChangedAt: d('2021-09-15T02:59:00Z'),
        lastCompletedAt: d('2021-09-15T02:50:00Z'),
      },
      NOW,
    ],
    [
      'entering red with no known change time: at once',
      { tier: 'red', previousTier: 'yellow', lastCompletedAt: d('2021-09-15T02:50:00Z') },
      NOW,
    ],
    [
      'a follow-up completed red (the change at the completion): 1 h after it, not at once',
      {
        tier: 'red',
        previousTier: 'orange',
        tierChangedAt: d(NOW),
        lastCompletedAt: d(NOW),
      },
      '2021-09-15T04:00:00.000Z',
    ],
    [
      'red found before the completion that saw it: 1 h from the change',
      {
        tier: 'red',
        previousTier: 'green',
        tierChangedAt: d('2021-09-15T02:40:00Z'),
        lastCompletedAt: d('2021-09-15T02:45:00Z'),
      },
      '2021-09-15T03:40:00.000Z',
    ],
    [
      'green → orange after the last completion: counted from the completion (sooner)',
      {
        tier: 'orange',
        previousTier: 'green',
        tierChangedAt: d('2021-09-15T02:00:00Z'),
        lastCompletedAt: d('2021-09-15T01:00:00Z'),
      },
      '2021-09-15T05:00:00.000Z',
    ],
    [
      'green → orange before the last completion: counted from the change (sooner)',
      {
        tier: 'orange',
        previousTier: 'green',
        tierChangedAt: d('2021-09-15T00:30:00Z'),
        lastCompletedAt: d('2021-09-15T01:00:00Z'),
      },
      '2021-09-15T04:30:00.000Z',
    ],
    [
      'orange → green: from the last completion only',
      {
        tier: 'green',
        previousTier: 'orange',
        tierChangedAt: d('2021-09-14T00:00:00Z'),
        lastCompletedAt: d('2021-09-15T01:00:00Z'),
      },
      '2021-09-16T01:00:00.000Z',
    ],
    [
      'same tier: a tier change does not move it',
      {
        tier: 'yellow',
        previousTier: 'yellow',
        tierChangedAt: d('2021-09-14T00:00:00Z'),
        lastCompletedAt: d('2021-09-15T01:00:00Z'),
      },
      '2021-09-15T13:00:00.000Z',
    ],
    [
      'already late: due at once, not in the past',
      { tier: 'yellow', lastCompletedAt: d('2021-09-14T10:00:00Z') },
      NOW,
    ],
    [
      'exactly one interval ago: due now',
      { tier: 'orange', lastCompletedAt: d('2021-09-14T23:00:00Z') },
      NOW,
    ],
  ])('%s', (_label, input, expected) => {
    expect(nextDueAt({ ...input, now: d(NOW) }).toISOString()).toBe(expected);
  });

  it('follows a configured cadence', () => {
    const fast: CadenceConfig = {
      ...DEFAULT_CADENCE,
      tiers: {
        ...DEFAULT_CADENCE.tiers,
        orange: { every: { hours: 2 }, retryAfter: { minutes: 10 }, escalateAfterMisses: 2 },
      },
    };
    const input = { tier: 'orange' as const, lastCompletedAt: d('2021-09-15T02:00:00Z'), now: d(NOW) };
    expect(nextDueAt(input, fast).toISOString()).toBe('2021-09-15T04:00:00.000Z');
    expect(retryDueAt('orange', d(NOW), fast).toISOString()).toBe('2021-09-15T03:10:00.000Z');
    expect(shouldEscalateAfterMisses('orange', 2, fast)).toBe(true);
  });

  it('rejects an invalid Date', () => {
    expect(() => nextDueAt({ tier: 'green', lastCompletedAt: d('nope'), now: d(NOW) })).toThrow(RangeError);
    expect(() => nextDueAt({ tier: 'green', now: d('nope') })).toThrow(RangeError);
  });

  it('returns a new Date and leaves the input alone', () => {
    const now = d(NOW);
    const due = nextDueAt({ tier: 'red', now });
    expect(due).not.toBe(now);
    expect(now.toISOString()).toBe(NOW);
  });
});

describe('retryDueAt', () => {
  it.each<[RiskTier, string]>([
    ['red', '2021-09-15T03:15:00.000Z'],
    ['orange', '2021-09-15T03:30:00.000Z'],
    ['yellow', '2021-09-15T04:00:00.000Z'],
    ['green', '2021-09-15T05:00:00.000Z'],
  ])('%s: retry at %s', (tier, expected) => {
    expect(retryDueAt(tier, d(NOW)).toISOString()).toBe(expected);
  });
});

describe('overdueAt', () => {
  it('is 30 minutes after the due time', () => {
    expect(overdueAt(d('2021-09-15T23:45:00Z')).toISOString()).toBe('2021-09-16T00:15:00.000Z');
  });

  it('uses the configured grace', () => {
    expect(overdueAt(d(NOW), { ...DEFAULT_CADENCE, overdueGrace: { minutes: 45 } }).toISOString()).toBe(
      '2021-09-15T03:45:00.000Z',
    );
  });
});

describe('shouldEscalateAfterMisses', () => {
  it.each<[RiskTier, number, boolean]>([
    ['red', 0, true],
    ['red', 1, true],
    ...(['orange', 'yellow', 'green'] as const).flatMap((tier): [RiskTier, number, boolean][] => [
      [tier, 0, false],
      [tier, 2, false],
      [tier, 3, true],
      [tier, 4, true],
    ]),
  ])('%s after %p misses in a row: %p', (tier, misses, escalate) => {
    expect(shouldEscalateAfterMisses(tier, misses)).toBe(escalate);
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects %p misses', (misses) => {
    expect(() => shouldEscalateAfterMisses('green', misses)).toThrow(RangeError);
  });
});
