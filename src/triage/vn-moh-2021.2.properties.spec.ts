// Properties of rule set vn-moh-2021.2, and an independent oracle: TRIAGE.md's tables written a second
// time as plain data below (age, NEWS2 and every row), without importing the rules, compared with them
// on 100,000 random observations across ages 0–100.
import fc from 'fast-check';
import type { RiskTier, Symptom, TriageObservation, TriagePatient } from './triage.types';
import { COMORBIDITIES, CONSCIOUSNESS_LEVELS, SYMPTOMS, tierRank } from './triage.types';
import { assess, possibleReasons } from './vn-moh-2021.2.rules';

// Jest runs this file in a vm context, where every lookup of a global (Math, Date, Set…) is an order of
// magnitude slower than in Node: the hot paths of the 100,000-case run read them once, here.
const { floor, imul } = Math;
const DistinctSet = Set;

// ---------------------------------------------------------------------------------------------
// The oracle: plain data.
// ---------------------------------------------------------------------------------------------
type Field = 'spo2' | 'respiratoryRate' | 'heartRate' | 'systolicBp' | 'diastolicBp' | 'temperature';
type Op = '>=' | '>' | '<=' | '<';
/** Ages in completed months, from (inclusive) to (exclusive). */
type Months = [number, number];
const ANY: Months = [0, Infinity];
const INFANT: Months = [0, 12];
const TODDLER: Months = [12, 60];
const CHILD: Months = [60, 144];
const ADOLESCENT: Months = [144, 192];
const ADULT: Months = [192, Infinity];
const UNDER_16: Months = [0, 192];
const FROM_12: Months = [144, Infinity];

type OracleRule =
  | { tier: RiskTier; reason: string; months: Months; field: Field; op: Op; value: number; pregnant?: true }
  | { tier: RiskTier; special: string };

const v = (
  tier: RiskTier,
  reason: string,
  months: Months,
  field: Field,
  op: Op,
  value: number,
  pregnant?: true,
): OracleRule => ({ tier, reason, months, field, op, value, ...(pregnant ? { pregnant } : {}) });

const SBP_BY_YEAR: OracleRule[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((y) =>
  v('red', `danger:sbp<${70 + 2 * y}`, [12 * y, 12 * y + 12], 'systolicBp', '<', 70 + 2 * y),
);

const ORACLE: OracleRule[] = [
  v('red', 'danger:spo2<=95', ANY, 'spo2', '<=', 95),
  v('red', 'danger:rr>=60', [0, 2], 'respiratoryRate', '>=', 60),
  v('red', 'danger:rr>=50', [2, 12], 'respiratoryRate', '>=', 50),
  v('red', 'danger:rr>=40', TODDLER, 'respiratoryRate', '>=', 40),
  v('red', 'danger:rr>=30', CHILD, 'respiratoryRate', '>=', 30),
  v('red', 'danger:rr>=21', FROM_12, 'respiratoryRate', '>=', 21),
  v('red', 'danger:rr<=15', INFANT, 'respiratoryRate', '<=', 15),
  v('red', 'danger:rr<=12', TODDLER, 'respiratoryRate', '<=', 12),
  v('red', 'danger:rr<=10', CHILD, 'respiratoryRate', '<=', 10),
  v('red', 'danger:rr<=9', ADOLESCENT, 'respiratoryRate', '<=', 9),
  v('red', 'danger:pulse>=180', INFANT, 'heartRate', '>=', 180),
  v('red', 'danger:pulse>=170', TODDLER, 'heartRate', '>=', 170),
  v('red', 'danger:pulse>150', CHILD, 'heartRate', '>', 150),
  v('red', 'danger:pulse>120', FROM_12, 'heartRate', '>', 120),
  v('red', 'danger:pulse<=80', INFANT, 'heartRate', '<=', 80),
  v('red', 'danger:pulse<=60', TODDLER, 'heartRate', '<=', 60),
  v('red', 'danger:pulse<=50', CHILD, 'heartRate', '<=', 50),
  v('red', 'danger:pulse<50', FROM_12, 'heartRate', '<', 50),
  v('red', 'danger:sbp<60', [0, 1], 'systolicBp', '<', 60),
  v('red', 'danger:sbp<70', [1, 12], 'systolicBp', '<', 70),
  ...SBP_BY_YEAR,
  v('red', 'danger:sbp<90', [120, Infinity], 'systolicBp', '<', 90),
  v('red', 'danger:dbp<60', ADULT, 'diastolicBp', '<', 60),
  v('red', 'danger:temp>=38.0', [0, 3], 'temperature', '>=', 38.0),
  v('red', 'danger:temp<35.5', [0, 2], 'temperature', '<', 35.5),
  { tier: 'red', special: 'consciousness' },
  { tier: 'red', special: 'danger-symptoms' },
  { tier: 'red', special: 'news2>=7' },
  v('red', 'obstetric:sbp>=160', ANY, 'systolicBp', '>=', 160, true),
  v('red', 'obstetric:dbp>=110', ANY, 'diastolicBp', '>=', 110, true),

  v('orange', 'peds:rr<=19', INFANT, 'respiratoryRate', '<=', 19),
  v('orange', 'peds:rr<=15', TODDLER, 'respiratoryRate', '<=', 15),
  v('orange', 'peds:rr<=14', CHILD, 'respiratoryRate', '<=', 14),
  v('orange', 'peds:rr<=10', ADOLESCENT, 'respiratoryRate', '<=', 10),
  v('orange', 'peds:pulse>=170', INFANT, 'heartRate', '>=', 170),
  v('orange', 'peds:pulse>=150', TODDLER, 'heartRate', '>=', 150),
  v('orange', 'peds:pulse>=130', CHILD, 'heartRate', '>=', 130),
  v('orange', 'peds:pulse<=90', INFANT, 'heartRate', '<=', 90),
  v('orange', 'peds:pulse<=70', TODDLER, 'heartRate', '<=', 70),
  v('orange', 'peds:pulse<=60', CHILD, 'heartRate', '<=', 60),
  v('orange', 'peds:temp>=39.0', [3, 6], 'temperature', '>=', 39.0),
  v('orange', 'peds:temp<=35.0', UNDER_16, 'temperature', '<=', 35.0),
  { tier: 'orange', special: 'news2=5..6' },
  { tier: 'orange', special: 'news2-param=3' },
  { tier: 'orange', special: 'symptomatic-high-risk' },
  v('orange', 'obstetric:sbp>=140', ANY, 'systolicBp', '>=', 140, true),
  v('orange', 'obstetric:dbp>=90', ANY, 'diastolicBp', '>=', 90, true),

  v('yellow', 'peds:pulse>=150', INFANT, 'heartRate', '>=', 150),
  v('yellow', 'peds:pulse>=120', TODDLER, 'heartRate', '>=', 120),
  v('yellow', 'peds:pulse>=110', CHILD, 'heartRate', '>=', 110),
  v('yellow', 'peds:pulse>=100', ADOLESCENT, 'heartRate', '>=', 100),
  v('yellow', 'peds:temp>=38.0', UNDER_16, 'temperature', '>=', 38.0),
  { tier: 'yellow', special: 'news2=1..4' },
  { tier: 'yellow', special: 'risk-factors' },
];

const DANGER: Symptom[] = [
  'difficulty_breathing',
  'chest_pain_persistent',
  'cyanosis',
  'unable_to_drink',
  'mis_c_signs',
];

/** NEWS2 chart (RCP, scale 1): [highest value of the band, points], for whole numbers and tenths of a degree. */
const NEWS2_CHART: Record<'rr' | 'spo2' | 'sbp' | 'pulse' | 'temperature', [number, number][]> = {
  rr: [
    [8, 3],
    [11, 1],
    [20, 0],
    [24, 2],
    [Infinity, 3],
  ],
  spo2: [
    [91, 3],
    [93, 2],
    [95, 1],
    [Infinity, 0],
  ],
  sbp: [
    [90, 3],
    [100, 2],
    [110, 1],
    [219, 0],
    [Infinity, 3],
  ],
  pulse: [
    [40, 3],
    [50, 1],
    [90, 0],
    [110, 1],
    [130, 2],
    [Infinity, 3],
  ],
  temperature: [
    [35.0, 3],
    [36.0, 1],
    [38.0, 0],
    [39.0, 1],
    [Infinity, 2],
  ],
};
const chart = (name: keyof typeof NEWS2_CHART, x: number) => NEWS2_CHART[name].find(([top]) => x <= top)![1];

function oracleNews2(o: TriageObservation) {
  const scores: [string, number | null][] = [
    ['rr', chart('rr', o.respiratoryRate)],
    ['spo2', chart('spo2', o.spo2)],
    ['oxygen', o.onOxygen ? 2 : 0],
    ['sbp', o.systolicBp == null ? null : chart('sbp', o.systolicBp)],
    ['pulse', o.heartRate == null ? null : chart('pulse', o.heartRate)],
    ['consciousness', o.consciousness == null ? null : o.consciousness === 'alert' ? 0 : 3],
    ['temperature', o.temperature == null ? null : chart('temperature', o.temperature)],
  ];
  return {
    total: scores.reduce((sum, [, s]) => sum + (s ?? 0), 0),
    complete: scores.every(([, s]) => s !== null),
    atThree: scores.filter(([, s]) => s === 3).map(([name]) => name),
  };
}

/** Completed months between two calendar dates; a birthday on the 29th–31st falls on a short month's last day. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function oracleMonths(dateOfBirth: string, day: string): number {
  const [y1, m1, d1] = [+dateOfBirth.slice(0, 4), +dateOfBirth.slice(5, 7), +dateOfBirth.slice(8, 10)];
  const [y2, m2, d2] = [+day.slice(0, 4), +day.slice(5, 7), +day.slice(8, 10)];
  const leap = y2 % 4 === 0 && (y2 % 100 !== 0 || y2 % 400 === 0);
  const lastDay = m2 === 2 && leap ? 29 : MONTH_DAYS[m2 - 1];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < (d1 < lastDay ? d1 : lastDay) ? 1 : 0);
}

/** Zones with a fixed offset since before 2000 (hours east of UTC): the oracle's local day needs no Intl. */
const ZONE_OFFSETS: Record<string, number> = {
  'Asia/Ho_Chi_Minh': 7,
  UTC: 0,
  'Pacific/Kiritimati': 14,
  'Pacific/Pago_Pago': -11,
};
const ZONES = Object.keys(ZONE_OFFSETS);

const DAY = 86_400_000;
const BASE_INSTANT = Date.parse('2021-09-15T03:00:00Z');
// Calendar dates by day number (days since 1970-01-01), made once: the 100,000-case run reads them.
const FIRST_DAY = Math.floor(BASE_INSTANT / DAY) - 103 * 366;
const DATES = Array.from({ length: 104 * 366 + 500 }, (_, i) =>
  new Date((FIRST_DAY + i) * DAY).toISOString().slice(0, 10),
);
const dateOfDay = (dayNumber: number) => DATES[dayNumber - FIRST_DAY];

function localDay(instant: Date, zone: string): string {
  return dateOfDay(floor((instant.getTime() + ZONE_OFFSETS[zone] * 3_600_000) / DAY));
}

const holds = (x: number, op: Op, value: number) =>
  op === '>=' ? x >= value : op === '>' ? x > value : op === '<=' ? x <= value : x < value;

function oracle(
  patient: TriagePatient,
  o: TriageObservation,
  zone: string,
): { tier: RiskTier; reasons: string[]; news2: { total: number; complete: boolean } | null } {
  const months = oracleMonths(patient.dateOfBirth, localDay(o.takenAt as Date, zone));
  const years = floor(months / 12);
  const adult = years >= 16;
  const news2 = adult ? oracleNews2(o) : null;
  const symptoms = new DistinctSet(o.symptoms ?? []);
  const comorbidities = new DistinctSet(patient.comorbidities).size;
  const fired: Record<RiskTier, string[]> = { red: [], orange: [], yellow: [], green: [] };
  for (const rule of ORACLE) {
    const out = fired[rule.tier];
    if ('field' in rule) {
      const x = o[rule.field];
      const inBand = months >= rule.months[0] && months < rule.months[1];
      if (inBand && x != null && (!rule.pregnant || patient.pregnant) && holds(x, rule.op, rule.value)) {
        out.push(rule.reason);
      }
      continue;
    }
    switch (rule.special) {
      case 'consciousness':
        if (o.consciousness && o.consciousness !== 'alert')
          out.push(`danger:consciousness=${o.consciousness}`);
        break;
      case 'danger-symptoms':
        out.push(...DANGER.filter((s) => symptoms.has(s)).map((s) => `danger:symptom=${s}`));
        break;
      case 'news2>=7':
        if (news2 && news2.total >= 7) out.push('news2:total>=7');
        break;
      case 'news2=5..6':
        if (news2 && news2.total >= 5 && news2.total <= 6) out.push(`news2:total=${news2.total}`);
        break;
      case 'news2-param=3':
        if (news2) out.push(...news2.atThree.map((p) => `news2:${p}=3`));
        break;
      case 'symptomatic-high-risk':
        if (symptoms.size > 0) {
          if (comorbidities >= 2) out.push('symptomatic-high-risk:comorbidities>=2');
          if (patient.pregnant) out.push('symptomatic-high-risk:pregnant');
          if (adult && years >= 65) out.push('symptomatic-high-risk:age>=65');
          if (adult && years >= 50 && patient.vaccineDoses === 0)
            out.push('symptomatic-high-risk:unvaccinated-age>=50');
        }
        break;
      case 'news2=1..4':
        if (news2 && news2.total >= 1 && news2.total <= 4) out.push(`news2:total=${news2.total}`);
        break;
      case 'risk-factors':
        if (years < 1) out.push('risk:age<1');
        if (comorbidities >= 1) out.push('risk:comorbidities>=1');
        if (patient.pregnant) out.push('risk:pregnant');
        if (years >= 50) out.push('risk:age>=50');
        if (years >= 18 && patient.vaccineDoses === 0) out.push('risk:unvaccinated-age>=18');
        break;
    }
  }
  const tier = (['red', 'orange', 'yellow'] as const).find((t) => fired[t].length > 0) ?? 'green';
  return { tier, reasons: fired[tier], news2 };
}

// ---------------------------------------------------------------------------------------------
// Random input: a small seeded generator for the 100,000-case run, fast-check for the properties.
// ---------------------------------------------------------------------------------------------
const NON_DANGER = SYMPTOMS.filter((s) => !DANGER.includes(s));

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = imul(a ^ (a >>> 15), 1 | a);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(rnd: () => number) {
  const int = (min: number, max: number) => min + floor(rnd() * (max - min + 1));
  const chance = (p: number) => rnd() < p;
  // Ages 0–100 years, a third of them under two years where the sub-bands change month by month.
  const ageDays = chance(0.33) ? int(0, 730) : int(0, 100 * 366);
  const takenAt = BASE_INSTANT + int(-400, 400) * DAY + int(0, 23 * 60) * 60_000;
  const dateOfBirth = dateOfDay(floor(takenAt / DAY) - ageDays - 1);
  // Values normal for the age most of the time, anywhere in the accepted range otherwise, so every
  // tier and every row is reached.
  const [rrNormal, hrNormal]: [number, number][] =
    ageDays < 365
      ? [
          [25, 45],
          [100, 150],
        ]
      : ageDays < 1826
        ? [
            [20, 35],
            [80, 115],
          ]
        : ageDays < 4383
          ? [
              [16, 26],
              [65, 105],
            ]
          : [
              [12, 20],
              [55, 95],
            ];
  const value = (normal: [number, number], range: [number, number]) =>
    chance(0.75) ? int(...normal) : int(...range);
  const optional = <T>(make: () => T): T | undefined => (chance(0.8) ? make() : undefined);
  const patient: TriagePatient = {
    dateOfBirth,
    comorbidities: chance(0.6)
      ? []
      : [1, 2, 3].slice(0, int(1, 3)).map(() => COMORBIDITIES[int(0, COMORBIDITIES.length - 1)]),
    pregnant: chance(0.15),
    vaccineDoses: int(0, 3),
  };
  const observation: TriageObservation = {
    takenAt: new Date(takenAt),
    spo2: value([96, 100], [50, 100]),
    respiratoryRate: value(rrNormal, [0, 80]),
    heartRate: optional(() => value(hrNormal, [20, 250])),
    systolicBp: optional(() => value([95, 135], [40, 300])),
    diastolicBp: optional(() => value([60, 85], [20, 200])),
    temperature: optional(() => value([361, 379], [300, 450]) / 10),
    consciousness: optional(() => (chance(0.8) ? 'alert' : CONSCIOUSNESS_LEVELS[int(0, 4)])),
    onOxygen: optional(() => chance(0.2)),
    symptoms: optional(() =>
      chance(0.85) ? NON_DANGER.filter(() => chance(0.15)) : SYMPTOMS.filter(() => chance(0.2)),
    ),
  };
  return { patient, observation, zone: ZONES[int(0, ZONES.length - 1)] };
}

describe('vn-moh-2021.2 against an independent oracle', () => {
  it('agrees on 100,000 random observations across ages 0–100', () => {
    const rnd = mulberry32(20211108);
    const tiers: Record<string, number> = {};
    let mismatches = 0;
    let first: unknown = null;
    for (let i = 0; i < 100_000; i++) {
      const { patient, observation, zone } = randomCase(rnd);
      const got = assess(patient, observation, { at: observation.takenAt as Date, zone });
      const want = oracle(patient, observation, zone);
      tiers[got.tier] = (tiers[got.tier] ?? 0) + 1;
      const same =
        got.tier === want.tier &&
        got.reasons.join('|') === want.reasons.join('|') &&
        (got.news2 === null
          ? want.news2 === null
          : want.news2 !== null &&
            got.news2.total === want.news2.total &&
            got.news2.complete === want.news2.complete);
      if (!same) {
        mismatches++;
        first ??= { patient, observation, zone, got, want };
      }
    }
    expect(first).toBeNull();
    expect(mismatches).toBe(0);
    // Every tier is well represented, so the comparison means something at each.
    expect(Object.keys(tiers).sort()).toEqual(['green', 'orange', 'red', 'yellow']);
    for (const tier of Object.keys(tiers)) expect([tier, tiers[tier] > 5_000]).toEqual([tier, true]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------
const caseArb = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => randomCase(mulberry32(seed)));

const tierOf = (c: { patient: TriagePatient; zone: string }, o: TriageObservation) =>
  tierRank(assess(c.patient, o, { at: o.takenAt as Date, zone: c.zone }).tier);

/**
 * A vital moved away from normal. `from` is where "worse" starts for that direction (beyond it no
 * rule of the other direction can fire at any age), so the move never crosses back over normal.
 */
const WORSENINGS: {
  name: string;
  field: Field;
  dir: 1 | -1;
  from: number;
  max: number;
  min: number;
  step: number;
}[] = [
  { name: 'lower SpO2', field: 'spo2', dir: -1, from: 100, min: 50, max: 100, step: 1 },
  { name: 'faster breathing from 20', field: 'respiratoryRate', dir: 1, from: 20, min: 0, max: 80, step: 1 },
  { name: 'slower breathing from 20', field: 'respiratoryRate', dir: -1, from: 20, min: 0, max: 80, step: 1 },
  { name: 'faster pulse from 91', field: 'heartRate', dir: 1, from: 91, min: 20, max: 250, step: 1 },
  { name: 'slower pulse from 90', field: 'heartRate', dir: -1, from: 90, min: 20, max: 250, step: 1 },
  { name: 'lower systolic from 139', field: 'systolicBp', dir: -1, from: 139, min: 40, max: 300, step: 1 },
  { name: 'higher systolic from 111', field: 'systolicBp', dir: 1, from: 111, min: 40, max: 300, step: 1 },
  { name: 'lower diastolic from 89', field: 'diastolicBp', dir: -1, from: 89, min: 20, max: 200, step: 1 },
  { name: 'higher diastolic from 60', field: 'diastolicBp', dir: 1, from: 60, min: 20, max: 200, step: 1 },
  {
    name: 'higher temperature from 37.0',
    field: 'temperature',
    dir: 1,
    from: 37.0,
    min: 30,
    max: 45,
    step: 0.1,
  },
  {
    name: 'lower temperature from 37.0',
    field: 'temperature',
    dir: -1,
    from: 37.0,
    min: 30,
    max: 45,
    step: 0.1,
  },
];

describe('vn-moh-2021.2 properties', () => {
  // The anchors are normal for the band whose limits are nearest: check they fire nothing of the other side.
  describe('a worse vital never lowers the tier within one age band', () => {
    it.each(WORSENINGS)('$name', ({ field, dir, from, min, max, step }) => {
      fc.assert(
        fc.property(caseArb, fc.integer({ min: 1, max: 300 }), (c, steps) => {
          const current = c.observation[field] ?? from;
          // Start on the worse side of the anchor (or at it), then move further that way.
          const start = dir > 0 ? Math.max(from, current) : Math.min(from, current);
          const worse = Math.round(Math.min(max, Math.max(min, start + dir * steps * step)) * 10) / 10;
          const before = { ...c.observation, [field]: start };
          const after = { ...c.observation, [field]: worse };
          return tierOf(c, after) >= tierOf(c, before);
        }),
        { numRuns: 1000 },
      );
    });

    it('worse consciousness or an added symptom', () => {
      fc.assert(
        fc.property(
          caseArb,
          fc.constantFrom(...CONSCIOUSNESS_LEVELS),
          fc.constantFrom(...SYMPTOMS),
          (c, level, symptom) => {
            const alert = { ...c.observation, consciousness: 'alert' as const };
            const withSymptom = {
              ...c.observation,
              symptoms: [...new Set([...(c.observation.symptoms ?? []), symptom])],
            };
            return (
              tierOf(c, { ...alert, consciousness: level }) >= tierOf(c, alert) &&
              tierOf(c, withSymptom) >= tierOf(c, c.observation)
            );
          },
        ),
        { numRuns: 1000 },
      );
    });
  });

  it('the reasons are exactly the rules that fired at the decided tier, and every one is a known reason', () => {
    const known = new Set(possibleReasons());
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = assess(c.patient, c.observation, { at: c.observation.takenAt as Date, zone: c.zone });
        const want = oracle(c.patient, c.observation, c.zone);
        expect(got.reasons).toEqual(want.reasons);
        expect(got.tier === 'green').toBe(got.reasons.length === 0);
        for (const reason of got.reasons) expect(known).toContain(reason);
      }),
      { numRuns: 1500 },
    );
  });

  it('under 16 NEWS2 is null; from 16 it is { total, complete }', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = assess(c.patient, c.observation, { at: c.observation.takenAt as Date, zone: c.zone });
        const months = oracleMonths(c.patient.dateOfBirth, localDay(c.observation.takenAt as Date, c.zone));
        if (months < 192) expect(got.news2).toBeNull();
        else expect(got.news2).toMatchObject({ total: expect.any(Number), complete: expect.any(Boolean) });
      }),
      { numRuns: 1500 },
    );
  });

  it('every pregnant patient is at least yellow, with or without an observation', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, withObservation) => {
        const patient = { ...c.patient, pregnant: true };
        const got = assess(patient, withObservation ? c.observation : undefined, {
          at: c.observation.takenAt as Date,
          zone: c.zone,
        });
        return tierRank(got.tier) >= tierRank('yellow');
      }),
      { numRuns: 1500 },
    );
  });
});
