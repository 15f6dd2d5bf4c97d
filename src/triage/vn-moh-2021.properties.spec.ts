import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ageOn } from './age';
import type { Assessment, RiskTier, TriageObservation, TriagePatient } from './triage.types';
import { COMORBIDITIES, CONSCIOUSNESS_LEVELS, NEWS2_PARAMETERS, SYMPTOMS, tierRank } from './triage.types';
import { assess, possibleReasons } from './vn-moh-2021.rules';

const AT = new Date('2021-09-15T03:00:00Z');
const ZONE = 'Asia/Ho_Chi_Minh';
const TODAY = DateTime.fromISO('2021-09-15', { zone: 'Asia/Ho_Chi_Minh' });
const NON_DANGER_SYMPTOMS = SYMPTOMS.slice(0, 8);

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
// Normal values half of the time, anything valid otherwise, so every tier is reached.
const mostlyIn = (normalMin: number, normalMax: number, min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(fc.integer({ min: normalMin, max: normalMax }), fc.integer({ min, max }));

const patientArb: fc.Arbitrary<TriagePatient> = fc.record({
  dateOfBirth: fc.integer({ min: 0, max: 100 * 366 }).map((days) => TODAY.minus({ days }).toISODate() ?? ''),
  comorbidities: fc.oneof(fc.constant([]), fc.subarray([...COMORBIDITIES], { maxLength: 3 })),
  pregnant: fc.boolean(),
  vaccineDoses: fc.integer({ min: 0, max: 3 }),
});

const observationArb: fc.Arbitrary<TriageObservation> = fc.record({
  spo2: mostlyIn(96, 100, 50, 100),
  respiratoryRate: mostlyIn(12, 20, 0, 80),
  heartRate: optional(mostlyIn(51, 90, 20, 250)),
  temperature: optional(mostlyIn(361, 380, 300, 450).map((tenths) => tenths / 10)),
  systolicBp: optional(mostlyIn(111, 219, 40, 300)),
  diastolicBp: optional(mostlyIn(60, 90, 20, 200)),
  consciousness: optional(fc.oneof(fc.constant('alert' as const), fc.constantFrom(...CONSCIOUSNESS_LEVELS))),
  onOxygen: optional(fc.boolean()),
  symptoms: optional(
    fc.oneof(fc.subarray(NON_DANGER_SYMPTOMS, { maxLength: 2 }), fc.subarray([...SYMPTOMS])),
  ),
});

const rank = (patient: TriagePatient, observation: TriageObservation | undefined): number =>
  tierRank(assess(patient, observation, AT).tier);

const notLower = (before: TriageObservation, after: TriageObservation) => (patient: TriagePatient) =>
  rank(patient, after) >= rank(patient, before);

describe('vn-moh-2021 properties', () => {
  it('the generators reach every tier', () => {
    const tiers = new Set(
      fc
        .sample(fc.tuple(patientArb, observationArb), { numRuns: 2000, seed: 42 })
        .map(([p, o]) => assess(p, o, AT).tier),
    );
    expect([...tiers].sort()).toEqual(['green', 'orange', 'red', 'yellow']);
  });

  it('every reason is one of possibleReasons() (the console has words for each)', () => {
    const known = new Set(possibleReasons());
    fc.assert(
      fc.property(patientArb, observationArb, (p, o) => assess(p, o, AT).reasons.every((r) => known.has(r))),
    );
  });

  describe('a worse finding never lowers the tier', () => {
    it('lower SpO2', () => {
      fc.assert(
        fc.property(patientArb, observationArb, fc.integer({ min: 1, max: 50 }), (patient, obs, drop) =>
          notLower(obs, { ...obs, spo2: Math.max(50, obs.spo2 - drop) })(patient),
        ),
      );
    });

    it('higher breathing rate, from 12 (the top of the chart) upwards', () => {
      fc.assert(
        fc.property(patientArb, observationArb, fc.integer({ min: 1, max: 68 }), (patient, obs, rise) => {
          const from = { ...obs, respiratoryRate: Math.max(12, obs.respiratoryRate) };
          return notLower(from, { ...from, respiratoryRate: Math.min(80, from.respiratoryRate + rise) })(
            patient,
          );
        }),
      );
    });

    it('higher pulse from 51, higher temperature from 36.1, lower systolic from 219', () => {
      fc.assert(
        fc.property(patientArb, observationArb, fc.integer({ min: 1, max: 100 }), (patient, obs, step) => {
          const from = {
            ...obs,
            heartRate: Math.max(51, obs.heartRate ?? 70),
            temperature: Math.max(36.1, obs.temperature ?? 37),
            systolicBp: Math.min(219, obs.systolicBp ?? 120),
          };
          return (
            notLower(from, { ...from, heartRate: Math.min(250, from.heartRate + step) })(patient) &&
            notLower(from, { ...from, temperature: Math.min(45, from.temperature + step / 10) })(patient) &&
            notLower(from, { ...from, systolicBp: Math.max(40, from.systolicBp - step) })(patient)
          );
        }),
      );
    });

    it('adding a symptom', () => {
      fc.assert(
        fc.property(patientArb, observationArb, fc.constantFrom(...SYMPTOMS), (patient, obs, symptom) =>
          notLower(obs, { ...obs, symptoms: [...(obs.symptoms ?? []), symptom] })(patient),
        ),
      );
    });

    it('adding a comorbidity', () => {
      fc.assert(
        fc.property(
          patientArb,
          fc.option(observationArb, { nil: undefined }),
          fc.constantFrom(...COMORBIDITIES),
          (patient, obs, comorbidity) => {
            const sicker = { ...patient, comorbidities: [...patient.comorbidities, comorbidity] };
            return rank(sicker, obs) >= rank(patient, obs);
          },
        ),
      );
    });

    it('going on oxygen', () => {
      fc.assert(
        fc.property(patientArb, observationArb, (patient, obs) =>
          notLower(obs, { ...obs, onOxygen: true })(patient),
        ),
      );
    });

    it('worse consciousness', () => {
      fc.assert(
        fc.property(
          patientArb,
          observationArb,
          fc.constantFrom(...CONSCIOUSNESS_LEVELS),
          (patient, obs, level) => {
            const current = CONSCIOUSNESS_LEVELS.indexOf(obs.consciousness ?? 'alert');
            fc.pre(CONSCIOUSNESS_LEVELS.indexOf(level) >= current);
            return notLower(obs, { ...obs, consciousness: level })(patient);
          },
        ),
      );
    });

    it('measuring a value that was missing', () => {
      const full = fc.record({
        heartRate: fc.integer({ min: 20, max: 250 }),
        temperature: fc.integer({ min: 300, max: 450 }).map((t) => t / 10),
        systolicBp: fc.integer({ min: 40, max: 300 }),
        diastolicBp: fc.integer({ min: 20, max: 200 }),
        consciousness: fc.constantFrom(...CONSCIOUSNESS_LEVELS),
      });
      fc.assert(
        fc.property(patientArb, observationArb, full, (patient, obs, measured) => {
          const missing = { spo2: obs.spo2, respiratoryRate: obs.respiratoryRate, symptoms: obs.symptoms };
          return notLower(missing, { ...missing, ...measured })(patient);
        }),
      );
    });
  });

  it('the reasons always justify the tier', () => {
    fc.assert(
      fc.property(patientArb, fc.option(observationArb, { nil: undefined }), (patient, obs) => {
        const result = assess(patient, obs, AT);
        expect(new Set(result.reasons).size).toBe(result.reasons.length);
        expect(result.reasons.every((reason) => justifies(result, reason))).toBe(true);
        expect(result.reasons.length > 0).toBe(result.tier !== 'green');
      }),
    );
  });

  it('NEWS2 total is the sum of its scores, and 7 or more is red', () => {
    fc.assert(
      fc.property(patientArb, observationArb, (patient, obs) => {
        const { news2, tier } = assess(patient, obs, AT);
        const sum = NEWS2_PARAMETERS.reduce((total, p) => total + (news2?.scores[p] ?? 0), 0);
        expect(news2?.total).toBe(sum);
        if (sum >= 7) expect(tier).toBe('red');
        if (sum >= 5) expect(tierRank(tier)).toBeGreaterThanOrEqual(tierRank('orange'));
        if (sum >= 1) expect(tier).not.toBe('green');
      }),
    );
  });

  it('green is the low-risk home-care group of 4038/QĐ-BYT', () => {
    fc.assert(
      fc.property(patientArb, fc.option(observationArb, { nil: undefined }), (patient, obs) => {
        fc.pre(assess(patient, obs, AT).tier === 'green');
        const age = ageOn(patient.dateOfBirth, AT, ZONE);
        expect(age.years).toBeGreaterThanOrEqual(1);
        expect(age.years).toBeLessThan(50);
        expect(patient.comorbidities).toHaveLength(0);
        expect(patient.pregnant).toBe(false);
        if (age.years >= 18) expect(patient.vaccineDoses).toBeGreaterThan(0);
        if (obs) {
          expect(obs.respiratoryRate).toBeLessThanOrEqual(20);
          expect(obs.spo2).toBeGreaterThanOrEqual(96);
        }
      }),
    );
  });

  it('without an observation the tier is yellow or green and NEWS2 is null', () => {
    fc.assert(
      fc.property(patientArb, (patient) => {
        const result = assess(patient, undefined, AT);
        expect(['yellow', 'green']).toContain(result.tier);
        expect(result.news2).toBeNull();
      }),
    );
  });

  it('is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(patientArb, fc.option(observationArb, { nil: undefined }), (patient, obs) => {
        const frozenPatient = structuredClone(patient);
        const frozenObs = structuredClone(obs);
        deepFreeze(frozenPatient);
        if (frozenObs) deepFreeze(frozenObs);
        expect(assess(frozenPatient, frozenObs, AT)).toEqual(assess(patient, obs, AT));
        expect(frozenPatient).toEqual(patient);
      }),
    );
  });
});

/** An oracle written from TRIAGE.md, independent of how the rules build their reasons. */
function justifies({ tier, news2 }: Assessment, reason: string): boolean {
  const total = news2?.total ?? Number.NaN;
  const byTier: Record<RiskTier, () => boolean> = {
    red: () => reason.startsWith('danger:') || (reason === 'news2:total>=7' && total >= 7),
    orange: () => {
      const param = /^news2:param=3:(\w+)$/.exec(reason)?.[1];
      if (param) return news2?.scores[param as keyof typeof news2.scores] === 3;
      if (reason.startsWith('news2:total='))
        return reason === `news2:total=${total}` && total >= 5 && total <= 6;
      return reason.startsWith('symptomatic-high-risk:');
    },
    yellow: () =>
      reason.startsWith('risk:') || (reason === `news2:total=${total}` && total >= 1 && total <= 4),
    green: () => false,
  };
  return byTier[tier]();
}

function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
}
