import type { DurationLikeObject } from 'luxon';
import { DateTime } from 'luxon';
import type { Consciousness, RiskTier, TriageObservation, TriagePatient } from './triage.types';
import { bornAgo, FIXTURE_AT as AT, FIXTURE_ZONE as ZONE, patient } from './triage.fixtures';
import { DANGER_SYMPTOMS } from './triage.types';
import { assess, RULE_SET_ID } from './vn-moh-2021.2.rules';

const CONTEXT = { at: AT, zone: ZONE };

type Op = '>=' | '>' | '<=' | '<';
type Field = 'spo2' | 'respiratoryRate' | 'heartRate' | 'systolicBp' | 'diastolicBp' | 'temperature';

interface Band {
  name: string;
  age: DurationLikeObject;
  /** Normal vitals for the band: the tier is `baseTier` with `baseReasons`. */
  base: TriageObservation;
  baseTier: RiskTier;
  baseReasons: string[];
}

const INFANT_BASE: TriageObservation = {
  spo2: 98,
  respiratoryRate: 40,
  heartRate: 130,
  systolicBp: 80,
  temperature: 37.0,
  consciousness: 'alert',
};
const TODDLER_BASE: TriageObservation = {
  spo2: 98,
  respiratoryRate: 28,
  heartRate: 100,
  systolicBp: 90,
  temperature: 37.0,
};
const CHILD_BASE: TriageObservation = {
  spo2: 98,
  respiratoryRate: 20,
  heartRate: 90,
  systolicBp: 100,
  temperature: 37.0,
};
const ADOLESCENT_BASE: TriageObservation = {
  spo2: 98,
  respiratoryRate: 16,
  heartRate: 80,
  systolicBp: 110,
  temperature: 37.0,
};
const ADULT_BASE: TriageObservation = {
  spo2: 98,
  respiratoryRate: 16,
  heartRate: 70,
  systolicBp: 120,
  diastolicBp: 80,
  temperature: 37.0,
  consciousness: 'alert',
  onOxygen: false,
};

const infant = (name: string, age: DurationLikeObject): Band => ({
  name,
  age,
  base: INFANT_BASE,
  baseTier: 'yellow',
  baseReasons: ['risk:age<1'],
});
const band = (name: string, age: DurationLikeObject, base: TriageObservation): Band => ({
  name,
  age,
  base,
  baseTier: 'green',
  baseReasons: [],
});

const UNDER_1_MONTH = infant('infant, under 1 month (20 days)', { days: 20 });
const UNDER_2_MONTHS = infant('infant, under 2 months (1 month 5 days)', { months: 1, days: 5 });
const UNDER_3_MONTHS = infant('infant, under 3 months (2 months 5 days)', { months: 2, days: 5 });
const MONTHS_3_TO_5 = infant('infant, 3–5 months (4 months)', { months: 4 });
const MONTHS_6_TO_11 = infant('infant, 6–11 months (8 months)', { months: 8 });
const INFANTS = [UNDER_1_MONTH, UNDER_2_MONTHS, UNDER_3_MONTHS, MONTHS_3_TO_5, MONTHS_6_TO_11];
const TODDLERS = [1, 2, 3, 4].map((y) => band(`toddler, ${y} years`, { years: y }, TODDLER_BASE));
const CHILDREN = [5, 6, 7, 8, 9, 10, 11].map((y) => band(`child, ${y} years`, { years: y }, CHILD_BASE));
const ADOLESCENTS = [12, 15].map((y) => band(`adolescent, ${y} years`, { years: y }, ADOLESCENT_BASE));
const ADULTS = [16, 30].map((y) => band(`adult, ${y} years`, { years: y }, ADULT_BASE));
const ALL_BANDS = [...INFANTS, ...TODDLERS, ...CHILDREN, ...ADOLESCENTS, ...ADULTS];

/**
 * One row of a TRIAGE.md table: `field op value` fires `reason` at `tier`; on the other side the tier
 * is `otherwise`, which may depend on the value (NEWS2 scores the adults' values next to a limit).
 * `shadowedBy` is a row of a higher tier that a value one step beyond also meets.
 */
interface Row {
  band: Band;
  field: Field;
  op: Op;
  value: number;
  reason: string;
  tier: RiskTier;
  otherwise: RiskTier | ((x: number) => RiskTier);
  shadowedBy?: { op: Op; value: number; tier: RiskTier };
}

const fires = (x: number, op: Op, value: number): boolean =>
  op === '>=' ? x >= value : op === '>' ? x > value : op === '<=' ? x <= value : x < value;

/** The boundary and one step either side (0.1 °C for temperature, 1 for the rest). */
function cases(row: Row) {
  const step = row.field === 'temperature' ? 0.1 : 1;
  return [row.value - step, row.value, row.value + step].map((raw) => {
    const x = Math.round(raw * 10) / 10;
    const shadowed = row.shadowedBy && fires(x, row.shadowedBy.op, row.shadowedBy.value);
    const otherwise = typeof row.otherwise === 'function' ? row.otherwise(x) : row.otherwise;
    return { ...row, x, fired: fires(x, row.op, row.value), shadowed, otherwise };
  });
}

function run(b: Band, change: Partial<TriageObservation>, p: Partial<TriagePatient> = {}) {
  return assess(patient({ dateOfBirth: bornAgo(b.age), ...p }), { ...b.base, ...change }, CONTEXT);
}

/** Reasons a fired row gives: its own, plus the base's risk factors when it decides yellow. */
const expectedReasons = (row: Row): string[] =>
  row.tier === 'yellow' ? [row.reason, ...row.band.baseReasons] : [row.reason];

function checkRows(rows: Row[], p: Partial<TriagePatient> = {}): void {
  it.each(rows.flatMap(cases))('$band.name: $field $x → $reason fires: $fired', (c) => {
    const result = run(c.band, { [c.field]: c.x }, p);
    if (c.shadowed) {
      expect(result.tier).toBe(c.shadowedBy?.tier);
      expect(result.reasons).not.toContain(c.reason);
    } else if (c.fired) {
      expect(result.tier).toBe(c.tier);
      expect(result.reasons).toEqual(expectedReasons(c));
    } else {
      expect(result.tier).toBe(c.otherwise);
      expect(result.reasons).not.toContain(c.reason);
    }
  });
}

const r = (
  bands: Band[],
  field: Field,
  op: Op,
  value: number | ((b: Band) => number),
  reason: string | ((b: Band) => string),
  tier: RiskTier,
  otherwise: RiskTier | 'base' | ((x: number) => RiskTier),
  shadowedBy?: Row['shadowedBy'],
): Row[] =>
  bands.map((b) => ({
    band: b,
    field,
    op,
    value: typeof value === 'function' ? value(b) : value,
    reason: typeof reason === 'function' ? reason(b) : reason,
    tier,
    otherwise: typeof otherwise === 'function' ? otherwise : otherwise === 'base' ? b.baseTier : otherwise,
    shadowedBy,
  }));

const yearsOf = (b: Band) => Number(b.age.years);

describe(`${RULE_SET_ID}: red — any one`, () => {
  describe('SpO2 ≤ 95 at every age', () => {
    checkRows(r(ALL_BANDS, 'spo2', '<=', 95, 'danger:spo2<=95', 'red', 'base'));
  });

  describe('breathing rate, high', () => {
    checkRows([
      ...r([UNDER_1_MONTH, UNDER_2_MONTHS], 'respiratoryRate', '>=', 60, 'danger:rr>=60', 'red', 'yellow'),
      ...r(
        [UNDER_3_MONTHS, MONTHS_3_TO_5, MONTHS_6_TO_11],
        'respiratoryRate',
        '>=',
        50,
        'danger:rr>=50',
        'red',
        'yellow',
      ),
      ...r(TODDLERS, 'respiratoryRate', '>=', 40, 'danger:rr>=40', 'red', 'green'),
      ...r(CHILDREN, 'respiratoryRate', '>=', 30, 'danger:rr>=30', 'red', 'green'),
      ...r(ADOLESCENTS, 'respiratoryRate', '>=', 21, 'danger:rr>=21', 'red', 'green'),
      ...r(ADULTS, 'respiratoryRate', '>=', 21, 'danger:rr>=21', 'red', 'green'),
    ]);
  });

  describe('breathing rate, low (under 16; adults by NEWS2)', () => {
    checkRows([
      ...r(INFANTS, 'respiratoryRate', '<=', 15, 'danger:rr<=15', 'red', 'orange'),
      ...r(TODDLERS, 'respiratoryRate', '<=', 12, 'danger:rr<=12', 'red', 'orange'),
      ...r(CHILDREN, 'respiratoryRate', '<=', 10, 'danger:rr<=10', 'red', 'orange'),
      ...r(ADOLESCENTS, 'respiratoryRate', '<=', 9, 'danger:rr<=9', 'red', 'orange'),
    ]);
  });

  describe('pulse, high', () => {
    checkRows([
      ...r(INFANTS, 'heartRate', '>=', 180, 'danger:pulse>=180', 'red', 'orange'),
      ...r(TODDLERS, 'heartRate', '>=', 170, 'danger:pulse>=170', 'red', 'orange'),
      ...r(CHILDREN, 'heartRate', '>', 150, 'danger:pulse>150', 'red', 'orange'),
      ...r(ADOLESCENTS, 'heartRate', '>', 120, 'danger:pulse>120', 'red', 'yellow'),
      // 120 scores 2 in NEWS2: yellow.
      ...r(ADULTS, 'heartRate', '>', 120, 'danger:pulse>120', 'red', 'yellow'),
    ]);
  });

  describe('pulse, low', () => {
    checkRows([
      ...r(INFANTS, 'heartRate', '<=', 80, 'danger:pulse<=80', 'red', 'orange'),
      ...r(TODDLERS, 'heartRate', '<=', 60, 'danger:pulse<=60', 'red', 'orange'),
      ...r(CHILDREN, 'heartRate', '<=', 50, 'danger:pulse<=50', 'red', 'orange'),
      // Never yellow for a low pulse under 16.
      ...r(ADOLESCENTS, 'heartRate', '<', 50, 'danger:pulse<50', 'red', 'green'),
      // 50 scores 1 in NEWS2 (yellow), 51 scores 0.
      ...r(ADULTS, 'heartRate', '<', 50, 'danger:pulse<50', 'red', (x) => (x <= 50 ? 'yellow' : 'green')),
    ]);
  });

  describe('systolic BP (AHA PALS by age)', () => {
    const sbpLimit = (b: Band) => (yearsOf(b) <= 9 ? 70 + 2 * yearsOf(b) : 90);
    checkRows([
      ...r([UNDER_1_MONTH], 'systolicBp', '<', 60, 'danger:sbp<60', 'red', 'yellow'),
      ...r(INFANTS.slice(1), 'systolicBp', '<', 70, 'danger:sbp<70', 'red', 'yellow'),
      ...r(TODDLERS, 'systolicBp', '<', sbpLimit, (b) => `danger:sbp<${sbpLimit(b)}`, 'red', 'green'),
      ...r(CHILDREN, 'systolicBp', '<', sbpLimit, (b) => `danger:sbp<${sbpLimit(b)}`, 'red', 'green'),
      ...r(ADOLESCENTS, 'systolicBp', '<', 90, 'danger:sbp<90', 'red', 'green'),
      // 90 scores 3 in NEWS2 (orange), 91 scores 2 (yellow).
      ...r(ADULTS, 'systolicBp', '<', 90, 'danger:sbp<90', 'red', (x) => (x <= 90 ? 'orange' : 'yellow')),
    ]);
    it.each([
      [1, 72],
      [2, 74],
      [3, 76],
      [4, 78],
      [5, 80],
      [9, 88],
      [10, 90],
    ])('the limit at %i years is %i', (years, limit) => {
      expect(run(band('', { years }, TODDLER_BASE), { systolicBp: limit - 1 }).reasons).toEqual([
        `danger:sbp<${limit}`,
      ]);
    });
  });

  describe('diastolic BP < 60: adults only', () => {
    checkRows(r(ADULTS, 'diastolicBp', '<', 60, 'danger:dbp<60', 'red', 'green'));
    it.each([...INFANTS, ...TODDLERS, ...CHILDREN, ...ADOLESCENTS].map((b) => [b.name, b] as const))(
      '%s: diastolic 40 fires nothing',
      (_name, b) => {
        expect(run(b, { diastolicBp: 40 }).reasons).toEqual(b.baseReasons);
      },
    );
  });

  describe('temperature, young infants', () => {
    checkRows([
      ...r(
        [UNDER_1_MONTH, UNDER_2_MONTHS, UNDER_3_MONTHS],
        'temperature',
        '>=',
        38.0,
        'danger:temp>=38.0',
        'red',
        'yellow',
      ),
      ...r([UNDER_1_MONTH, UNDER_2_MONTHS], 'temperature', '<', 35.5, 'danger:temp<35.5', 'red', 'yellow'),
    ]);
  });

  describe('consciousness and danger symptoms at every age', () => {
    const levels: Consciousness[] = ['confusion', 'voice', 'pain', 'unresponsive'];
    it.each(ALL_BANDS.flatMap((b) => levels.map((level) => [b.name, level, b] as const)))(
      '%s: %s → red',
      (_name, level, b) => {
        expect(run(b, { consciousness: level })).toMatchObject({
          tier: 'red',
          reasons: [`danger:consciousness=${level}`],
        });
      },
    );
    it.each(ALL_BANDS.flatMap((b) => DANGER_SYMPTOMS.map((s) => [b.name, s, b] as const)))(
      '%s: %s → red',
      (_name, symptom, b) => {
        expect(run(b, { symptoms: [symptom] })).toMatchObject({
          tier: 'red',
          reasons: [`danger:symptom=${symptom}`],
        });
      },
    );
    it.each(ALL_BANDS.map((b) => [b.name, b] as const))('%s: alert, no symptom → base tier', (_n, b) => {
      expect(run(b, { consciousness: 'alert', symptoms: [] })).toMatchObject({
        tier: b.baseTier,
        reasons: b.baseReasons,
      });
    });
  });
});

describe(`${RULE_SET_ID}: orange — first match after red`, () => {
  describe('breathing rate, low', () => {
    checkRows([
      ...r(INFANTS, 'respiratoryRate', '<=', 19, 'peds:rr<=19', 'orange', 'yellow'),
      ...r(TODDLERS, 'respiratoryRate', '<=', 15, 'peds:rr<=15', 'orange', 'green'),
      ...r(CHILDREN, 'respiratoryRate', '<=', 14, 'peds:rr<=14', 'orange', 'green'),
      // One step below, 9 is red (danger:rr<=9).
      ...r(ADOLESCENTS, 'respiratoryRate', '<=', 10, 'peds:rr<=10', 'orange', 'green', {
        op: '<=',
        value: 9,
        tier: 'red',
      }),
    ]);
  });

  describe('pulse, high', () => {
    checkRows([
      ...r(INFANTS, 'heartRate', '>=', 170, 'peds:pulse>=170', 'orange', 'yellow'),
      ...r(TODDLERS, 'heartRate', '>=', 150, 'peds:pulse>=150', 'orange', 'yellow'),
      ...r(CHILDREN, 'heartRate', '>=', 130, 'peds:pulse>=130', 'orange', 'yellow'),
    ]);
  });

  describe('pulse, low', () => {
    checkRows([
      ...r(INFANTS, 'heartRate', '<=', 90, 'peds:pulse<=90', 'orange', 'yellow'),
      ...r(TODDLERS, 'heartRate', '<=', 70, 'peds:pulse<=70', 'orange', 'green'),
      ...r(CHILDREN, 'heartRate', '<=', 60, 'peds:pulse<=60', 'orange', 'green'),
    ]);
  });

  describe('temperature', () => {
    checkRows([
      ...r([MONTHS_3_TO_5], 'temperature', '>=', 39.0, 'peds:temp>=39.0', 'orange', 'yellow'),
      ...r(
        [UNDER_3_MONTHS, MONTHS_3_TO_5, MONTHS_6_TO_11],
        'temperature',
        '<=',
        35.0,
        'peds:temp<=35.0',
        'orange',
        'yellow',
      ),
      ...r(
        [...TODDLERS, ...CHILDREN, ...ADOLESCENTS],
        'temperature',
        '<=',
        35.0,
        'peds:temp<=35.0',
        'orange',
        'green',
      ),
    ]);
    it('a 6–11-month-old at 39.5 °C is yellow, not orange (the 39.0 row is 3–5 months)', () => {
      expect(run(MONTHS_6_TO_11, { temperature: 39.5 })).toMatchObject({
        tier: 'yellow',
        reasons: ['peds:temp>=38.0', 'risk:age<1'],
      });
    });
    it('under 2 months 35.0 °C is red (< 35.5), the orange row is not reached', () => {
      expect(run(UNDER_2_MONTHS, { temperature: 35.0 }).reasons).toEqual(['danger:temp<35.5']);
    });
  });

  describe('adults: NEWS2 5–6 or one parameter at 3', () => {
    const adult = ADULTS[1];
    it.each<[string, Partial<TriageObservation>, RiskTier, string[]]>([
      [
        'total 7',
        { onOxygen: true, temperature: 39.1, heartRate: 111, systolicBp: 105 },
        'red',
        ['news2:total>=7'],
      ],
      [
        'total 6',
        { onOxygen: true, temperature: 39.1, heartRate: 111, systolicBp: 115 },
        'orange',
        ['news2:total=6'],
      ],
      ['total 5', { onOxygen: true, temperature: 39.1, heartRate: 100 }, 'orange', ['news2:total=5']],
      ['total 4', { onOxygen: true, temperature: 39.1 }, 'yellow', ['news2:total=4']],
      ['total 1', { temperature: 38.1 }, 'yellow', ['news2:total=1']],
      ['total 0 at 38.0 °C', { temperature: 38.0 }, 'green', []],
      ['breathing rate 8 scores 3', { respiratoryRate: 8 }, 'orange', ['news2:rr=3']],
      ['breathing rate 9 scores 1', { respiratoryRate: 9 }, 'yellow', ['news2:total=1']],
      ['temperature 35.0 scores 3', { temperature: 35.0 }, 'orange', ['news2:temperature=3']],
      ['temperature 35.1 scores 1', { temperature: 35.1 }, 'yellow', ['news2:total=1']],
      ['systolic 220 scores 3', { systolicBp: 220 }, 'orange', ['news2:sbp=3']],
      ['systolic 219 scores 0', { systolicBp: 219 }, 'green', []],
      [
        'total 6 with a parameter at 3',
        { systolicBp: 90, onOxygen: true, temperature: 38.5 },
        'orange',
        ['news2:total=6', 'news2:sbp=3'],
      ],
    ])('%s', (_label, change, tier, reasons) => {
      expect(run(adult, change)).toMatchObject({ tier, reasons });
    });
  });

  describe('symptomatic high risk', () => {
    it.each<[string, DurationLikeObject, Partial<TriagePatient>, RiskTier, string[]]>([
      ['65 years, a symptom', { years: 65 }, {}, 'orange', ['symptomatic-high-risk:age>=65']],
      ['64 years, a symptom', { years: 64 }, {}, 'yellow', ['risk:age>=50']],
      [
        '50 years unvaccinated, a symptom',
        { years: 50 },
        { vaccineDoses: 0 },
        'orange',
        ['symptomatic-high-risk:unvaccinated-age>=50'],
      ],
      [
        '49 years unvaccinated, a symptom',
        { years: 49 },
        { vaccineDoses: 0 },
        'yellow',
        ['risk:unvaccinated-age>=18'],
      ],
      [
        '8 years, two comorbidities, a symptom',
        { years: 8 },
        { comorbidities: ['asthma', 'obesity'] },
        'orange',
        ['symptomatic-high-risk:comorbidities>=2'],
      ],
      [
        '8 years, one comorbidity, a symptom',
        { years: 8 },
        { comorbidities: ['asthma'] },
        'yellow',
        ['risk:comorbidities>=1'],
      ],
      [
        'pregnant 14 years, a symptom',
        { years: 14 },
        { pregnant: true },
        'orange',
        ['symptomatic-high-risk:pregnant'],
      ],
      [
        'pregnant 30 years, a symptom',
        { years: 30 },
        { pregnant: true },
        'orange',
        ['symptomatic-high-risk:pregnant'],
      ],
    ])('%s', (_label, age, p, tier, reasons) => {
      const base =
        Number(age.years) >= 16 ? ADULT_BASE : Number(age.years) >= 12 ? ADOLESCENT_BASE : CHILD_BASE;
      expect(run(band('', age, base), { symptoms: ['cough'] }, p)).toMatchObject({ tier, reasons });
    });

    it('without a symptom a high-risk patient is yellow', () => {
      expect(run(band('', { years: 70 }, ADULT_BASE), { symptoms: [] })).toMatchObject({
        tier: 'yellow',
        reasons: ['risk:age>=50'],
      });
    });
  });

  describe('pregnancy at any age (NICE NG133)', () => {
    const pregnantBands = [band('pregnant, 14 years', { years: 14 }, ADOLESCENT_BASE), ADULTS[1]];
    const rows = [
      ...r(pregnantBands, 'systolicBp', '>=', 160, 'obstetric:sbp>=160', 'red', 'orange'),
      ...r(pregnantBands, 'diastolicBp', '>=', 110, 'obstetric:dbp>=110', 'red', 'orange'),
      ...r(pregnantBands, 'systolicBp', '>=', 140, 'obstetric:sbp>=140', 'orange', 'yellow'),
      ...r(pregnantBands, 'diastolicBp', '>=', 90, 'obstetric:dbp>=90', 'orange', 'yellow'),
    ];
    it.each(rows.flatMap(cases))('$band.name: $field $x → $reason fires: $fired', (c) => {
      const result = run(c.band, { [c.field]: c.x }, { pregnant: true });
      if (c.fired) {
        expect(result).toMatchObject({ tier: c.tier, reasons: [c.reason] });
      } else {
        expect(result.tier).toBe(c.otherwise);
        expect(result.reasons).not.toContain(c.reason);
      }
    });

    it('the same pressures do not fire for a patient who is not pregnant', () => {
      expect(run(ADULTS[1], { systolicBp: 170, diastolicBp: 115 })).toMatchObject({
        tier: 'green',
        reasons: [],
      });
    });
  });
});

describe(`${RULE_SET_ID}: yellow — first match after orange`, () => {
  describe('pulse, high', () => {
    checkRows([
      ...r(INFANTS, 'heartRate', '>=', 150, 'peds:pulse>=150', 'yellow', 'yellow'),
      ...r(TODDLERS, 'heartRate', '>=', 120, 'peds:pulse>=120', 'yellow', 'green'),
      ...r(CHILDREN, 'heartRate', '>=', 110, 'peds:pulse>=110', 'yellow', 'green'),
      ...r(ADOLESCENTS, 'heartRate', '>=', 100, 'peds:pulse>=100', 'yellow', 'green'),
    ]);
  });

  describe('temperature ≥ 38.0 under 16', () => {
    checkRows([
      ...r([MONTHS_3_TO_5, MONTHS_6_TO_11], 'temperature', '>=', 38.0, 'peds:temp>=38.0', 'yellow', 'yellow'),
      ...r(
        [...TODDLERS, ...CHILDREN, ...ADOLESCENTS],
        'temperature',
        '>=',
        38.0,
        'peds:temp>=38.0',
        'yellow',
        'green',
      ),
    ]);
  });

  describe('risk factors', () => {
    it.each<[string, DurationLikeObject, Partial<TriagePatient>, RiskTier, string[]]>([
      ['a day short of 1 year', { years: 1, days: -1 }, {}, 'yellow', ['risk:age<1']],
      ['1 year today', { years: 1 }, {}, 'green', []],
      [
        'one comorbidity',
        { years: 30 },
        { comorbidities: ['diabetes'] },
        'yellow',
        ['risk:comorbidities>=1'],
      ],
      ['pregnant', { years: 30 }, { pregnant: true }, 'yellow', ['risk:pregnant']],
      ['50 years', { years: 50 }, {}, 'yellow', ['risk:age>=50']],
      ['a day short of 50', { years: 50, days: -1 }, {}, 'green', []],
      ['18 unvaccinated', { years: 18 }, { vaccineDoses: 0 }, 'yellow', ['risk:unvaccinated-age>=18']],
      ['17 unvaccinated', { years: 17 }, { vaccineDoses: 0 }, 'green', []],
      ['8 unvaccinated', { years: 8 }, { vaccineDoses: 0 }, 'green', []],
      [
        'all of them at 60',
        { years: 60 },
        { comorbidities: ['diabetes'], pregnant: true, vaccineDoses: 0 },
        'yellow',
        ['risk:comorbidities>=1', 'risk:pregnant', 'risk:age>=50', 'risk:unvaccinated-age>=18'],
      ],
    ])('%s', (_label, age, p, tier, reasons) => {
      const dob = bornAgo(age);
      const years = DateTime.fromISO('2021-09-15').diff(DateTime.fromISO(dob), 'years').years;
      const base = years >= 16 ? ADULT_BASE : years >= 1 ? CHILD_BASE : INFANT_BASE;
      const obs = years >= 1 && years < 5 ? TODDLER_BASE : base;
      expect(assess(patient({ dateOfBirth: dob, ...p }), obs, CONTEXT)).toMatchObject({ tier, reasons });
    });

    it('without an observation: risk factors alone, news2 null', () => {
      expect(assess(patient({ dateOfBirth: bornAgo({ months: 3 }) }), undefined, CONTEXT)).toEqual({
        tier: 'yellow',
        reasons: ['risk:age<1'],
        ruleSet: RULE_SET_ID,
        news2: null,
      });
      expect(assess(patient(), undefined, CONTEXT)).toEqual({
        tier: 'green',
        reasons: [],
        ruleSet: RULE_SET_ID,
        news2: null,
      });
    });
  });
});

describe(`${RULE_SET_ID}: NEWS2 only from 16`, () => {
  it.each([...INFANTS, ...TODDLERS, ...CHILDREN, ...ADOLESCENTS].map((b) => [b.name, b] as const))(
    '%s: news2 is null',
    (_name, b) => {
      expect(run(b, {}).news2).toBeNull();
    },
  );

  it('from 16: { total, complete } with the scores', () => {
    const full = run(ADULTS[0], {});
    expect(full.news2).toMatchObject({ total: 0, complete: true });
    const partial = assess(
      patient({ dateOfBirth: bornAgo({ years: 16 }) }),
      { spo2: 97, respiratoryRate: 22 },
      CONTEXT,
    );
    expect(partial.news2).toMatchObject({ total: 2, complete: false });
  });

  it('an adolescent breathing 25 with pulse 135 is red by the band rules only (no news2 reasons)', () => {
    expect(run(ADOLESCENTS[0], { respiratoryRate: 25, heartRate: 135 }).reasons).toEqual([
      'danger:rr>=21',
      'danger:pulse>120',
    ]);
  });
});

describe(`${RULE_SET_ID}: reasons in the order of the tables`, () => {
  it('red: SpO2, breathing, pulse, BP, temperature, consciousness, symptoms, NEWS2, obstetric', () => {
    const result = assess(
      patient({ pregnant: true }),
      {
        spo2: 90,
        respiratoryRate: 26,
        heartRate: 130,
        systolicBp: 85,
        diastolicBp: 115,
        consciousness: 'voice',
        symptoms: ['cyanosis', 'difficulty_breathing'],
      },
      CONTEXT,
    );
    expect(result.reasons).toEqual([
      'danger:spo2<=95',
      'danger:rr>=21',
      'danger:pulse>120',
      'danger:sbp<90',
      'danger:consciousness=voice',
      'danger:symptom=difficulty_breathing',
      'danger:symptom=cyanosis',
      'news2:total>=7',
      'obstetric:dbp>=110',
    ]);
  });

  it('infant red: breathing high before pulse, then BP, temperature', () => {
    expect(
      run(UNDER_1_MONTH, { respiratoryRate: 65, heartRate: 185, systolicBp: 55, temperature: 38.5 }).reasons,
    ).toEqual(['danger:rr>=60', 'danger:pulse>=180', 'danger:sbp<60', 'danger:temp>=38.0']);
  });

  it('orange: breathing, pulse, temperature, symptomatic, obstetric', () => {
    expect(
      run(
        band('', { years: 8 }, CHILD_BASE),
        { respiratoryRate: 12, heartRate: 140, temperature: 35.0, symptoms: ['cough'], systolicBp: 145 },
        { pregnant: true },
      ).reasons,
    ).toEqual([
      'peds:rr<=14',
      'peds:pulse>=130',
      'peds:temp<=35.0',
      'symptomatic-high-risk:pregnant',
      'obstetric:sbp>=140',
    ]);
  });
});

describe(`${RULE_SET_ID}: boundary cases (TRIAGE.md)`, () => {
  // The base: SpO2 98, alert, no symptoms, two doses, no comorbidity.
  const base = { spo2: 98, consciousness: 'alert' as const, symptoms: [] };
  it.each<
    [string, DurationLikeObject, Partial<TriagePatient>, Partial<TriageObservation>, RiskTier, string[]]
  >([
    [
      '3 months, RR 40, HR 140, BP 80/50, 37.0',
      { months: 3 },
      {},
      { respiratoryRate: 40, heartRate: 140, systolicBp: 80, diastolicBp: 50, temperature: 37.0 },
      'yellow',
      ['risk:age<1'],
    ],
    ['2 months today, RR 50', { months: 2 }, {}, { respiratoryRate: 50 }, 'red', ['danger:rr>=50']],
    [
      '2 months a day short, RR 59',
      { months: 2, days: -1 },
      {},
      { respiratoryRate: 59 },
      'yellow',
      ['risk:age<1'],
    ],
    [
      '6 months, RR 40, HR 180',
      { months: 6 },
      {},
      { respiratoryRate: 40, heartRate: 180 },
      'red',
      ['danger:pulse>=180'],
    ],
    [
      '6 months, RR 40, HR 179',
      { months: 6 },
      {},
      { respiratoryRate: 40, heartRate: 179 },
      'orange',
      ['peds:pulse>=170'],
    ],
    [
      '6 months, RR 40, HR 169',
      { months: 6 },
      {},
      { respiratoryRate: 40, heartRate: 169 },
      'yellow',
      ['peds:pulse>=150', 'risk:age<1'],
    ],
    ['3 years, RR 28, HR 119', { years: 3 }, {}, { respiratoryRate: 28, heartRate: 119 }, 'green', []],
    [
      '3 years, RR 28, HR 120',
      { years: 3 },
      {},
      { respiratoryRate: 28, heartRate: 120 },
      'yellow',
      ['peds:pulse>=120'],
    ],
    [
      '3 years, RR 28, HR 150',
      { years: 3 },
      {},
      { respiratoryRate: 28, heartRate: 150 },
      'orange',
      ['peds:pulse>=150'],
    ],
    [
      '3 years, RR 28, HR 170',
      { years: 3 },
      {},
      { respiratoryRate: 28, heartRate: 170 },
      'red',
      ['danger:pulse>=170'],
    ],
    [
      '8 years, RR 22, SBP 85',
      { years: 8 },
      {},
      { respiratoryRate: 22, systolicBp: 85 },
      'red',
      ['danger:sbp<86'],
    ],
    ['8 years, RR 22, SBP 86', { years: 8 }, {}, { respiratoryRate: 22, systolicBp: 86 }, 'green', []],
    ['15 years, RR 9', { years: 15 }, {}, { respiratoryRate: 9 }, 'red', ['danger:rr<=9']],
    ['16 today, RR 9', { years: 16 }, {}, { respiratoryRate: 9 }, 'yellow', ['news2:total=1']],
    [
      'pregnant 30, BP 160/95',
      { years: 30 },
      { pregnant: true },
      { respiratoryRate: 16, systolicBp: 160, diastolicBp: 95 },
      'red',
      ['obstetric:sbp>=160'],
    ],
    [
      'pregnant 30, BP 159/89',
      { years: 30 },
      { pregnant: true },
      { respiratoryRate: 16, systolicBp: 159, diastolicBp: 89 },
      'orange',
      ['obstetric:sbp>=140'],
    ],
    [
      'pregnant 30, BP 139/89',
      { years: 30 },
      { pregnant: true },
      { respiratoryRate: 16, systolicBp: 139, diastolicBp: 89 },
      'yellow',
      ['risk:pregnant'],
    ],
  ])('%s', (_label, age, p, obs, tier, reasons) => {
    const result = assess(
      patient({ dateOfBirth: bornAgo(age), ...p }),
      { ...base, respiratoryRate: 16, ...obs },
      CONTEXT,
    );
    expect(result).toMatchObject({ tier, reasons, ruleSet: RULE_SET_ID });
  });
});

describe(`${RULE_SET_ID}: birthdays`, () => {
  const at = (date: string) => `${date}T10:00:00+07:00`;
  const rr50 = (dateOfBirth: string, on: string, zone = ZONE) =>
    assess(patient({ dateOfBirth }), { spo2: 98, respiratoryRate: 50, takenAt: at(on) }, { at: AT, zone })
      .tier;

  it.each([
    // 2 months (limit 50) on the day, one day short (limit 60)
    ['2021-07-15', '2021-09-15', 'red'],
    ['2021-07-15', '2021-09-14', 'yellow'],
    // born on the 29th–31st: the month is completed on the last day of a shorter month
    ['2021-07-31', '2021-09-30', 'red'],
    ['2021-07-31', '2021-09-29', 'yellow'],
    ['2020-12-31', '2021-02-28', 'red'],
    ['2020-12-31', '2021-02-27', 'yellow'],
    ['2020-12-30', '2021-02-28', 'red'],
    ['2020-12-29', '2021-02-28', 'red'],
    ['2020-12-29', '2021-02-27', 'yellow'],
    ['2019-12-31', '2020-02-29', 'red'],
    ['2019-12-30', '2020-02-28', 'yellow'],
  ])('born %s, RR 50 on %s → %s', (dob, on, tier) => {
    expect(rr50(dob, on)).toBe(tier);
  });

  it('the 16th birthday on 29 February: NEWS2 from 28 February in a common year', () => {
    const dob = '2004-02-29';
    const rr9 = (on: string) =>
      assess(patient({ dateOfBirth: dob }), { spo2: 98, respiratoryRate: 9, takenAt: at(on) }, CONTEXT);
    expect(rr9('2020-02-27').reasons).toEqual(['danger:rr<=9']);
    expect(rr9('2020-02-28').reasons).toEqual(['danger:rr<=9']); // leap year: the birthday is the 29th
    expect(rr9('2020-02-29').reasons).toEqual(['news2:total=1']);
  });

  it('a patient whose age differs between two zones is assessed in the zone given', () => {
    // 17:30 UTC on 10 Sep is 00:30 on 11 Sep in Hanoi: 2 months there, still 1 month in London.
    const obs = { spo2: 98, respiratoryRate: 55, takenAt: '2021-09-10T17:30:00Z' };
    const p = patient({ dateOfBirth: '2021-07-11' });
    expect(assess(p, obs, { at: AT, zone: 'Asia/Ho_Chi_Minh' })).toMatchObject({
      tier: 'red',
      reasons: ['danger:rr>=50'],
    });
    expect(assess(p, obs, { at: AT, zone: 'Europe/London' })).toMatchObject({
      tier: 'yellow',
      reasons: ['risk:age<1'],
    });
  });

  it('without takenAt, age is counted on the day of `at`', () => {
    const p = patient({ dateOfBirth: '2021-07-15' });
    const obs = { spo2: 98, respiratoryRate: 50 };
    expect(assess(p, obs, { at: '2021-09-14T17:00:00Z', zone: ZONE }).tier).toBe('red'); // 00:00 on 15 Sep
    expect(assess(p, obs, { at: '2021-09-14T16:59:00Z', zone: ZONE }).tier).toBe('yellow');
  });
});

describe(`${RULE_SET_ID}: input`, () => {
  it('missing optional values fire nothing', () => {
    expect(run(UNDER_1_MONTH, { heartRate: null, systolicBp: null, temperature: undefined }).reasons).toEqual(
      ['risk:age<1'],
    );
  });

  it.each<[string, Partial<TriageObservation>]>([
    ['spo2 out of range', { spo2: 49 }],
    ['NaN pulse', { heartRate: Number.NaN }],
    ['unknown consciousness', { consciousness: 'asleep' as Consciousness }],
  ])('refuses %s', (_label, change) => {
    expect(() => run(ADULTS[1], change)).toThrow(RangeError);
  });
});
