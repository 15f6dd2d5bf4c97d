import * as triage from './index';
import type { RuleSetId } from './rule-sets';
import { DEFAULT_RULE_SET, RULE_SETS, assess, isRuleSetId } from './rule-sets';
import type { TriagePatient } from './triage.types';
import { higherTier, isRiskTier, RISK_TIERS, tierRank } from './triage.types';

const AT = '2021-09-15T03:00:00Z';
const patient: TriagePatient = {
  dateOfBirth: '1991-09-15',
  comorbidities: [],
  pregnant: false,
  vaccineDoses: 2,
};

const CONTEXT = { at: AT, zone: 'Asia/Ho_Chi_Minh' };

describe('rule-set registry', () => {
  it('defaults to vn-moh-2021.2 and records it on the assessment', () => {
    expect(DEFAULT_RULE_SET).toBe('vn-moh-2021.2');
    expect(assess(patient, { spo2: 94, respiratoryRate: 16 }, CONTEXT)).toMatchObject({
      tier: 'red',
      ruleSet: 'vn-moh-2021.2',
    });
  });

  it.each(Object.keys(RULE_SETS) as RuleSetId[])('runs the named rule set %s', (ruleSet) => {
    const obs = { spo2: 98, respiratoryRate: 16 };
    expect(assess(patient, obs, CONTEXT, ruleSet)).toEqual(RULE_SETS[ruleSet].assess(patient, obs, CONTEXT));
    expect(assess(patient, obs, CONTEXT, ruleSet).ruleSet).toBe(ruleSet);
  });

  it('keeps vn-moh-2021 as it was: a healthy 3-month-old is red there, yellow under the default', () => {
    const infant = { ...patient, dateOfBirth: '2021-06-15' };
    const obs = {
      spo2: 98,
      respiratoryRate: 40,
      heartRate: 140,
      systolicBp: 80,
      diastolicBp: 50,
      temperature: 37,
    };
    expect(assess(infant, obs, CONTEXT, 'vn-moh-2021').tier).toBe('red');
    expect(assess(infant, obs, CONTEXT).tier).toBe('yellow');
  });

  it('vn-moh-2021 counts age in its own zone whatever the context says', () => {
    // 12th birthday in Hanoi (00:30 on 11 Sep), still 10 Sep in New York.
    const child = { ...patient, dateOfBirth: '2009-09-11' };
    const obs = { spo2: 98, respiratoryRate: 25, takenAt: '2021-09-10T17:30:00Z' };
    const old = (zone: string) => assess(child, obs, { at: AT, zone }, 'vn-moh-2021');
    expect(old('America/New_York')).toEqual(old('Asia/Ho_Chi_Minh'));
    expect(old('America/New_York').reasons).toEqual(['danger:rr>=21']);
  });

  it('refuses an unknown rule set (an id read back from storage)', () => {
    expect(isRuleSetId('vn-moh-2020')).toBe(false);
    expect(isRuleSetId('toString')).toBe(false);
    expect(() => assess(patient, undefined, CONTEXT, 'vn-moh-2020' as RuleSetId)).toThrow(RangeError);
  });

  it('refuses an unknown zone for the default rule set', () => {
    expect(() => assess(patient, undefined, { at: AT, zone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('exports the public surface from index', () => {
    expect(triage.assess).toBe(assess);
    expect(typeof triage.nextDueAt).toBe('function');
    expect(triage.OBSERVATION_RANGES.spo2).toEqual({ min: 50, max: 100, unit: '%' });
  });
});

describe('tier order', () => {
  it.each([
    ['green', 0],
    ['yellow', 1],
    ['orange', 2],
    ['red', 3],
  ] as const)('%s ranks %p', (tier, rank) => {
    expect(tierRank(tier)).toBe(rank);
  });

  it.each(RISK_TIERS.flatMap((a) => RISK_TIERS.map((b) => [a, b] as const)))('higherTier(%s, %s)', (a, b) => {
    const expected = tierRank(a) >= tierRank(b) ? a : b;
    expect(higherTier(a, b)).toBe(expected);
    expect(higherTier(b, a)).toBe(expected);
  });

  it.each([
    ['red', true],
    ['amber', false],
    [3, false],
  ])('isRiskTier(%p) is %p', (value, expected) => {
    expect(isRiskTier(value)).toBe(expected);
  });
});

describe('observation ranges (for DTO validation)', () => {
  it('match TRIAGE.md', () => {
    expect(triage.OBSERVATION_RANGES).toEqual({
      spo2: { min: 50, max: 100, unit: '%' },
      respiratoryRate: { min: 0, max: 80, unit: '/min' },
      heartRate: { min: 20, max: 250, unit: '/min' },
      systolicBp: { min: 40, max: 300, unit: 'mmHg' },
      diastolicBp: { min: 20, max: 200, unit: 'mmHg' },
      temperature: { min: 30.0, max: 45.0, unit: '°C' },
    });
  });

  it('observationProblems names each bad field, for a DTO that wants the same messages', () => {
    expect(triage.observationProblems({ spo2: 49, respiratoryRate: 16, heartRate: 300 })).toEqual([
      'spo2 must be a number from 50 to 100',
      'heartRate must be a number from 20 to 250',
    ]);
  });
});
