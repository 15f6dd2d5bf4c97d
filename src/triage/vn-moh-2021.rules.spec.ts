import type {
  Comorbidity,
  Consciousness,
  RiskTier,
  Symptom,
  TriageObservation,
  TriagePatient,
} from './triage.types';
import { bornAgo, FIXTURE_AT as AT, patient } from './triage.fixtures';
import { DANGER_SYMPTOMS, SYMPTOMS } from './triage.types';
import { assess, RULE_SET_ID } from './vn-moh-2021.rules';

// Normal adult vitals: NEWS2 0, no danger sign.
function observation(overrides: Partial<TriageObservation> = {}): TriageObservation {
  return { spo2: 98, respiratoryRate: 16, ...overrides };
}

const NON_DANGER_SYMPTOMS = SYMPTOMS.filter((s) => !(DANGER_SYMPTOMS as readonly string[]).includes(s));
const NOT_ALERT: Consciousness[] = ['confusion', 'voice', 'pain', 'unresponsive'];

const AGE_BANDS: { band: string; dateOfBirth: string; rrLimit: number; tierBelowLimit: RiskTier }[] = [
  { band: 'under 2 months', dateOfBirth: bornAgo({ months: 1 }), rrLimit: 60, tierBelowLimit: 'orange' },
  { band: '2 to <12 months', dateOfBirth: bornAgo({ months: 6 }), rrLimit: 50, tierBelowLimit: 'orange' },
  { band: '1 to <5 years', dateOfBirth: bornAgo({ years: 3 }), rrLimit: 40, tierBelowLimit: 'orange' },
  { band: '5 to <12 years', dateOfBirth: bornAgo({ years: 8 }), rrLimit: 30, tierBelowLimit: 'orange' },
  { band: '12 years and over', dateOfBirth: bornAgo({ years: 30 }), rrLimit: 21, tierBelowLimit: 'green' },
];

describe('danger signs → red', () => {
  // One step below the limit a child still breathes fast enough for NEWS2 to score 3 (orange).
  const rrRows = AGE_BANDS.flatMap(({ band, dateOfBirth, rrLimit, tierBelowLimit }) => [
    { band, dateOfBirth, rate: rrLimit - 1, tier: tierBelowLimit, fires: false, rrLimit },
    { band, dateOfBirth, rate: rrLimit, tier: 'red', fires: true, rrLimit },
    { band, dateOfBirth, rate: rrLimit + 1, tier: 'red', fires: true, rrLimit },
  ]);
  it.each(rrRows)('$band, breathing rate $rate → $tier', ({ dateOfBirth, rate, tier, fires, rrLimit }) => {
    const result = assess(patient({ dateOfBirth }), observation({ respiratoryRate: rate }), AT);
    expect(result.tier).toBe(tier);
    expect(result.reasons.includes(`danger:rr>=${rrLimit}`)).toBe(fires);
  });

  const signs: { sign: string; change: Partial<TriageObservation>; reason: string; fires: boolean }[] = [
    { sign: 'SpO2 94', change: { spo2: 94 }, reason: 'danger:spo2<=95', fires: true },
    { sign: 'SpO2 95', change: { spo2: 95 }, reason: 'danger:spo2<=95', fires: true },
    { sign: 'SpO2 96', change: { spo2: 96 }, reason: 'danger:spo2<=95', fires: false },
    { sign: 'pulse 119', change: { heartRate: 119 }, reason: 'danger:pulse>120', fires: false },
    { sign: 'pulse 120', change: { heartRate: 120 }, reason: 'danger:pulse>120', fires: false },
    { sign: 'pulse 121', change: { heartRate: 121 }, reason: 'danger:pulse>120', fires: true },
    { sign: 'pulse 49', change: { heartRate: 49 }, reason: 'danger:pulse<50', fires: true },
    { sign: 'pulse 50', change: { heartRate: 50 }, reason: 'danger:pulse<50', fires: false },
    { sign: 'pulse 51', change: { heartRate: 51 }, reason: 'danger:pulse<50', fires: false },
    { sign: 'systolic 89', change: { systolicBp: 89 }, reason: 'danger:sbp<90', fires: true },
    { sign: 'systolic 90', change: { systolicBp: 90 }, reason: 'danger:sbp<90', fires: false },
    { sign: 'systolic 91', change: { systolicBp: 91 }, reason: 'danger:sbp<90', fires: false },
    { sign: 'diastolic 59', change: { diastolicBp: 59 }, reason: 'danger:dbp<60', fires: true },
    { sign: 'diastolic 60', change: { diastolicBp: 60 }, reason: 'danger:dbp<60', fires: false },
    { sign: 'diastolic 61', change: { diastolicBp: 61 }, reason: 'danger:dbp<60', fires: false },
    { sign: 'alert', change: { consciousness: 'alert' }, reason: 'danger:consciousness=alert', fires: false },
    ...NOT_ALERT.map((level) => ({
      sign: level,
      change: { consciousness: level },
      reason: `danger:consciousness=${level}`,
      fires: true,
    })),
    ...DANGER_SYMPTOMS.map((symptom) => ({
      sign: symptom,
      change: { symptoms: [symptom] },
      reason: `danger:symptom=${symptom}`,
      fires: true,
    })),
    ...NON_DANGER_SYMPTOMS.map((symptom) => ({
      sign: symptom,
      change: { symptoms: [symptom] },
      reason: `danger:symptom=${symptom}`,
      fires: false,
    })),
  ];
  // These thresholds do not depend on age: the same rows hold in every band.
  const signRows = AGE_BANDS.flatMap(({ band, dateOfBirth }) =>
    signs.map((row) => ({ band, dateOfBirth, ...row })),
  );
  it.each(signRows)('$band, $sign: fires $fires', ({ dateOfBirth, change, reason, fires }) => {
    const result = assess(patient({ dateOfBirth }), observation(change), AT);
    expect(result.reasons.includes(reason)).toBe(fires);
    if (fires) expect(result.tier).toBe('red');
    else expect(result.tier).not.toBe('red');
  });

  // The same thresholds for an adult, with the exact tier and reasons on each side.
  it.each<[string, Partial<TriageObservation>, RiskTier, string[]]>([
    ['SpO2 95', { spo2: 95 }, 'red', ['danger:spo2<=95']],
    ['SpO2 96', { spo2: 96 }, 'green', []],
    ['pulse 121', { heartRate: 121 }, 'red', ['danger:pulse>120']],
    ['pulse 120', { heartRate: 120 }, 'yellow', ['news2:total=2']],
    ['pulse 49', { heartRate: 49 }, 'red', ['danger:pulse<50']],
    ['pulse 50', { heartRate: 50 }, 'yellow', ['news2:total=1']],
    ['pulse 51', { heartRate: 51 }, 'green', []],
    ['systolic 89', { systolicBp: 89 }, 'red', ['danger:sbp<90']],
    ['systolic 90', { systolicBp: 90 }, 'orange', ['news2:param=3:sbp']],
    ['systolic 91', { systolicBp: 91 }, 'yellow', ['news2:total=2']],
    ['diastolic 59', { diastolicBp: 59 }, 'red', ['danger:dbp<60']],
    ['diastolic 60', { diastolicBp: 60 }, 'green', []],
    ['confusion', { consciousness: 'confusion' }, 'red', ['danger:consciousness=confusion']],
    ['cyanosis', { symptoms: ['cyanosis'] }, 'red', ['danger:symptom=cyanosis']],
    ['cough', { symptoms: ['cough'] }, 'green', []],
  ])('adult, %s → %s %j', (_sign, change, tier, reasons) => {
    expect(assess(patient(), observation(change), AT)).toMatchObject({ tier, reasons });
  });

  it.each([
    ['12th birthday', bornAgo({ years: 12 }), 21, 'red'],
    ['day before the 12th birthday', bornAgo({ years: 12, days: -1 }), 21, 'yellow'],
    ['5th birthday', bornAgo({ years: 5 }), 30, 'red'],
    ['day before the 5th birthday', bornAgo({ years: 5, days: -1 }), 30, 'orange'],
    ['1st birthday', bornAgo({ years: 1 }), 40, 'red'],
    ['day before the 1st birthday', bornAgo({ years: 1, days: -1 }), 40, 'orange'],
    ['2 months old', bornAgo({ months: 2 }), 50, 'red'],
    ['day before 2 months old', bornAgo({ months: 2, days: -1 }), 50, 'orange'],
  ])('on the %s a breathing rate of %p is %s', (_when, dateOfBirth, rate, tier) => {
    expect(assess(patient({ dateOfBirth }), observation({ respiratoryRate: rate }), AT).tier).toBe(tier);
  });

  it("takes the age on the observation's day, not on the assessment day", () => {
    const child = patient({ dateOfBirth: '2009-09-11' });
    const onBirthday = observation({ respiratoryRate: 21, takenAt: '2021-09-11T01:00:00+07:00' });
    expect(assess(child, onBirthday, '2021-09-10T03:00:00Z').tier).toBe('red');
    const dayBefore = observation({ respiratoryRate: 21, takenAt: new Date('2021-09-10T03:00:00Z') });
    expect(assess(child, dayBefore, '2021-09-11T03:00:00Z').tier).toBe('yellow');
  });

  it('lists every danger sign that fired, in a fixed order, then NEWS2 ≥ 7', () => {
    const result = assess(
      patient(),
      observation({
        spo2: 90,
        respiratoryRate: 30,
        heartRate: 130,
        systolicBp: 85,
        diastolicBp: 50,
        consciousness: 'pain',
        symptoms: ['mis_c_signs', 'cough', 'cyanosis'],
      }),
      AT,
    );
    expect(result.tier).toBe('red');
    expect(result.reasons).toEqual([
      'danger:spo2<=95',
      'danger:rr>=21',
      'danger:pulse>120',
      'danger:sbp<90',
      'danger:dbp<60',
      'danger:consciousness=pain',
      'danger:symptom=cyanosis',
      'danger:symptom=mis_c_signs',
      'news2:total>=7',
    ]);
  });
});

describe('NEWS2 bands', () => {
  // Built without danger signs: SpO2 ≥ 96, breathing rate < 21, alert, pulse 50–120, BP ≥ 90/60.
  it.each<[string, Partial<TriageObservation>, number, RiskTier, string[]]>([
    ['nothing abnormal', {}, 0, 'green', []],
    ['breathing rate 11', { respiratoryRate: 11 }, 1, 'yellow', ['news2:total=1']],
    ['oxygen + pulse 115', { onOxygen: true, heartRate: 115 }, 4, 'yellow', ['news2:total=4']],
    [
      'oxygen + systolic 95 + 38.5 °C',
      { onOxygen: true, systolicBp: 95, temperature: 38.5 },
      5,
      'orange',
      ['news2:total=5'],
    ],
    [
      'oxygen + systolic 95 + pulse 115',
      { onOxygen: true, systolicBp: 95, heartRate: 115 },
      6,
      'orange',
      ['news2:total=6'],
    ],
    [
      'oxygen + systolic 95 + pulse 115 + 38.5 °C',
      { onOxygen: true, systolicBp: 95, heartRate: 115, temperature: 38.5 },
      7,
      'red',
      ['news2:total>=7'],
    ],
    ['breathing rate 8', { respiratoryRate: 8 }, 3, 'orange', ['news2:param=3:rr']],
    ['breathing rate 9', { respiratoryRate: 9 }, 1, 'yellow', ['news2:total=1']],
    ['systolic 220', { systolicBp: 220 }, 3, 'orange', ['news2:param=3:sbp']],
    ['systolic 219', { systolicBp: 219 }, 0, 'green', []],
    ['35.0 °C', { temperature: 35.0 }, 3, 'orange', ['news2:param=3:temperature']],
    ['35.1 °C', { temperature: 35.1 }, 1, 'yellow', ['news2:total=1']],
    ['39.1 °C', { temperature: 39.1 }, 2, 'yellow', ['news2:total=2']],
    [
      'systolic 90 + oxygen',
      { systolicBp: 90, onOxygen: true },
      5,
      'orange',
      ['news2:total=5', 'news2:param=3:sbp'],
    ],
  ])('adult, %s: NEWS2 %p → %s %j', (_label, change, total, tier, reasons) => {
    const result = assess(patient(), observation(change), AT);
    expect(result.news2?.total).toBe(total);
    expect(result).toMatchObject({ tier, reasons });
  });

  it('a child breathing fast below the danger limit scores NEWS2 rr 3 → orange', () => {
    const result = assess(
      patient({ dateOfBirth: bornAgo({ years: 8 }) }),
      observation({ respiratoryRate: 25 }),
      AT,
    );
    expect(result).toMatchObject({ tier: 'orange', reasons: ['news2:param=3:rr'] });
  });
});

describe('risk factors', () => {
  const cough: Symptom[] = ['cough'];
  const two: Comorbidity[] = ['diabetes', 'hypertension'];
  it.each<[string, Partial<TriagePatient>, Symptom[], RiskTier, string[]]>([
    [
      '65, symptomatic',
      { dateOfBirth: bornAgo({ years: 65 }) },
      cough,
      'orange',
      ['symptomatic-high-risk:age>=65'],
    ],
    ['64, symptomatic', { dateOfBirth: bornAgo({ years: 64, days: -1 }) }, cough, 'yellow', ['risk:age>=50']],
    ['65, no symptom', { dateOfBirth: bornAgo({ years: 65 }) }, [], 'yellow', ['risk:age>=50']],
    [
      '2 comorbidities, symptomatic',
      { comorbidities: two },
      cough,
      'orange',
      ['symptomatic-high-risk:comorbidities>=2'],
    ],
    ['2 comorbidities, no symptom', { comorbidities: two }, [], 'yellow', ['risk:comorbidities>=1']],
    ['1 comorbidity, symptomatic', { comorbidities: ['asthma'] }, cough, 'yellow', ['risk:comorbidities>=1']],
    [
      'same comorbidity twice, symptomatic',
      { comorbidities: ['asthma', 'asthma'] },
      cough,
      'yellow',
      ['risk:comorbidities>=1'],
    ],
    ['pregnant, symptomatic', { pregnant: true }, cough, 'orange', ['symptomatic-high-risk:pregnant']],
    ['pregnant, no symptom', { pregnant: true }, [], 'yellow', ['risk:pregnant']],
    [
      '50 unvaccinated, symptomatic',
      { dateOfBirth: bornAgo({ years: 50 }), vaccineDoses: 0 },
      cough,
      'orange',
      ['symptomatic-high-risk:unvaccinated-age>=50'],
    ],
    [
      '49 unvaccinated, symptomatic',
      { dateOfBirth: bornAgo({ years: 50, days: -1 }), vaccineDoses: 0 },
      cough,
      'yellow',
      ['risk:unvaccinated-age>=18'],
    ],
    [
      '50 with one dose, symptomatic',
      { dateOfBirth: bornAgo({ years: 50 }), vaccineDoses: 1 },
      cough,
      'yellow',
      ['risk:age>=50'],
    ],
    ['50', { dateOfBirth: bornAgo({ years: 50 }) }, [], 'yellow', ['risk:age>=50']],
    ['49', { dateOfBirth: bornAgo({ years: 50, days: -1 }) }, [], 'green', []],
    ['11 months', { dateOfBirth: bornAgo({ months: 11 }), vaccineDoses: 0 }, [], 'yellow', ['risk:age<1']],
    ['1 year', { dateOfBirth: bornAgo({ years: 1 }), vaccineDoses: 0 }, [], 'green', []],
    [
      '18 unvaccinated',
      { dateOfBirth: bornAgo({ years: 18 }), vaccineDoses: 0 },
      [],
      'yellow',
      ['risk:unvaccinated-age>=18'],
    ],
    [
      '17 unvaccinated',
      { dateOfBirth: bornAgo({ years: 18, days: -1 }), vaccineDoses: 0 },
      cough,
      'green',
      [],
    ],
    [
      '70 unvaccinated, 2 comorbidities, pregnant, symptomatic',
      { dateOfBirth: bornAgo({ years: 70 }), vaccineDoses: 0, comorbidities: two, pregnant: true },
      cough,
      'orange',
      [
        'symptomatic-high-risk:age>=65',
        'symptomatic-high-risk:comorbidities>=2',
        'symptomatic-high-risk:pregnant',
        'symptomatic-high-risk:unvaccinated-age>=50',
      ],
    ],
    [
      '55 unvaccinated, 1 comorbidity, pregnant',
      { dateOfBirth: bornAgo({ years: 55 }), vaccineDoses: 0, comorbidities: ['obesity'], pregnant: true },
      [],
      'yellow',
      ['risk:age>=50', 'risk:comorbidities>=1', 'risk:pregnant', 'risk:unvaccinated-age>=18'],
    ],
  ])('%s → %s %j', (_label, overrides, symptoms, tier, reasons) => {
    expect(assess(patient(overrides), observation({ symptoms }), AT)).toMatchObject({ tier, reasons });
  });
});

describe('first match wins', () => {
  const highRisk = patient({ dateOfBirth: bornAgo({ years: 70 }), comorbidities: ['copd'] });

  it('red reasons only, even with NEWS2 and risk factors', () => {
    const result = assess(highRisk, observation({ spo2: 93, onOxygen: true, symptoms: ['cough'] }), AT);
    expect(result).toMatchObject({ tier: 'red', reasons: ['danger:spo2<=95'] });
  });

  it('orange reasons only, not the yellow risk factors', () => {
    const result = assess(highRisk, observation({ onOxygen: true, systolicBp: 95, symptoms: ['cough'] }), AT);
    expect(result).toMatchObject({ tier: 'orange', reasons: ['symptomatic-high-risk:age>=65'] });
    const news2Five = assess(
      highRisk,
      observation({ onOxygen: true, systolicBp: 95, temperature: 38.5 }),
      AT,
    );
    expect(news2Five).toMatchObject({ tier: 'orange', reasons: ['news2:total=5'] });
  });

  it('yellow lists NEWS2 1–4 before the risk factors', () => {
    const result = assess(highRisk, observation({ heartRate: 100 }), AT);
    expect(result).toMatchObject({
      tier: 'yellow',
      reasons: ['news2:total=1', 'risk:age>=50', 'risk:comorbidities>=1'],
    });
  });
});

describe('missing values', () => {
  it('only the required values: no optional rule fires', () => {
    const result = assess(patient(), { spo2: 97, respiratoryRate: 18 }, AT);
    expect(result).toEqual({
      tier: 'green',
      reasons: [],
      ruleSet: RULE_SET_ID,
      news2: {
        total: 0,
        scores: { rr: 0, spo2: 0, oxygen: 0, sbp: null, pulse: null, consciousness: null, temperature: null },
      },
    });
  });

  it('null optional values are missing too (database rows)', () => {
    const fromRow: TriageObservation = {
      takenAt: null,
      spo2: 97,
      respiratoryRate: 18,
      heartRate: null,
      temperature: null,
      systolicBp: null,
      diastolicBp: null,
      consciousness: null,
      onOxygen: null,
      symptoms: null,
    };
    expect(assess(patient(), fromRow, AT)).toEqual(assess(patient(), { spo2: 97, respiratoryRate: 18 }, AT));
  });

  it.each<[string, Partial<TriagePatient>, RiskTier, string[]]>([
    ['low risk', {}, 'green', []],
    ['70 years old', { dateOfBirth: bornAgo({ years: 70 }) }, 'yellow', ['risk:age>=50']],
    ['2 comorbidities', { comorbidities: ['cancer', 'hiv'] }, 'yellow', ['risk:comorbidities>=1']],
    ['pregnant', { pregnant: true }, 'yellow', ['risk:pregnant']],
  ])('no observation, %s → %s on risk factors alone', (_label, overrides, tier, reasons) => {
    expect(assess(patient(overrides), undefined, AT)).toEqual({
      tier,
      reasons,
      ruleSet: RULE_SET_ID,
      news2: null,
    });
  });

  it('no observation: age on the day of `at`', () => {
    const turning50 = patient({ dateOfBirth: '1971-09-15' });
    expect(assess(turning50, undefined, '2021-09-14T12:00:00Z').tier).toBe('green');
    expect(assess(turning50, undefined, new Date('2021-09-14T17:00:00Z')).tier).toBe('yellow');
  });
});

describe('input a DTO should have rejected', () => {
  it.each<[string, Partial<TriagePatient>, TriageObservation | undefined]>([
    ['SpO2 NaN', {}, observation({ spo2: Number.NaN })],
    ['SpO2 101', {}, observation({ spo2: 101 })],
    ['breathing rate 81', {}, observation({ respiratoryRate: 81 })],
    ['breathing rate missing', {}, { spo2: 98 } as TriageObservation],
    ['pulse 251', {}, observation({ heartRate: 251 })],
    ['temperature 29.9', {}, observation({ temperature: 29.9 })],
    ['unknown consciousness', {}, observation({ consciousness: 'drowsy' as Consciousness })],
    ['unknown symptom', {}, observation({ symptoms: ['sneezing' as Symptom] })],
    ['takenAt without offset', {}, observation({ takenAt: '2021-09-15T10:00:00' })],
    ['malformed date of birth', { dateOfBirth: '15/09/1991' }, undefined],
    ['born after the observation', { dateOfBirth: '2021-09-16' }, observation()],
    ['negative vaccine doses', { vaccineDoses: -1 }, undefined],
    ['unknown comorbidity', { comorbidities: ['flu' as Comorbidity] }, undefined],
  ])('%s throws RangeError', (_label, overrides, obs) => {
    expect(() => assess(patient(overrides), obs, AT)).toThrow(RangeError);
  });

  it.each([
    ['SpO2 50', { spo2: 50 }],
    ['SpO2 100', { spo2: 100 }],
    ['breathing rate 0', { respiratoryRate: 0 }],
    ['breathing rate 80', { respiratoryRate: 80 }],
    ['temperature 30.0 and 45.0', { temperature: 30.0 }],
    ['BP 300/200', { systolicBp: 300, diastolicBp: 200 }],
    ['BP 40/20 and pulse 20', { systolicBp: 40, diastolicBp: 20, heartRate: 20 }],
  ])('%s, at the edge of validation, is assessed', (_label, change) => {
    expect(() => assess(patient(), observation(change), AT)).not.toThrow();
  });
});
