import fc from 'fast-check';
import {
  clockOffset,
  formatCountdown,
  fractionLeft,
  isUrgent,
  secondsLeft,
} from '../../web/src/lib/countdown';
import { coverageLevel, missing, summarise } from '../../web/src/lib/coverage';
import {
  addDays,
  datesFrom,
  isoWeekday,
  localDateOf,
  parseWindowKey,
  weekStart,
} from '../../web/src/lib/dates';
import { DICTIONARY, interpolate, translate } from '../../web/src/lib/i18n';
import { byTierThenName, TIER_SYMBOL, RISK_TIERS } from '../../web/src/lib/tiers';
import {
  isVietnamesePhone,
  parseNumber,
  parseRequirement,
  validateCompletion,
  validateOverride,
  validatePatient,
  validateVitals,
} from '../../web/src/lib/validation';

/** The console's pure logic (web/src/lib), run by the unit project: no DOM, no browser. */
describe('offer countdown', () => {
  const expiresAt = '2026-11-26T10:00:30.000Z';
  const at = (iso: string) => Date.parse(iso);

  it.each([
    ['2026-11-26T10:00:00.000Z', 30],
    ['2026-11-26T10:00:00.001Z', 30], // a started second still counts
    ['2026-11-26T10:00:29.000Z', 1],
    ['2026-11-26T10:00:29.999Z', 1],
    ['2026-11-26T10:00:30.000Z', 0],
    ['2026-11-26T10:05:00.000Z', 0], // never negative
  ])('at %s: %i s left', (now, left) => {
    expect(secondsLeft(expiresAt, at(now))).toBe(left);
  });

  it('is 0 for an unreadable expiry', () => {
    expect(secondsLeft('soon', Date.now())).toBe(0);
  });

  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [30, '0:30'],
    [75, '1:15'],
    [-3, '0:00'],
  ])('formats %i s as %s', (s, text) => {
    expect(formatCountdown(s)).toBe(text);
  });

  it('counts down monotonically and the bar stays within 0–1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 1, max: 120 }),
        (a, b, total) => {
          const start = at('2026-11-26T10:00:00.000Z');
          const exp = new Date(start + total * 1000).toISOString();
          const [early, late] = a <= b ? [a, b] : [b, a];
          expect(secondsLeft(exp, start + late)).toBeLessThanOrEqual(secondsLeft(exp, start + early));
          const f = fractionLeft(secondsLeft(exp, start + early), total);
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("follows the server's clock when the device's is off by more than the Date header's precision", () => {
    const sent = at('2026-11-26T10:00:00.000Z');
    const received = sent + 200;
    // device 3 minutes behind the server
    expect(clockOffset('Thu, 26 Nov 2026 10:03:00 GMT', sent, received)).toBe(180_400);
    // within a second or so: no correction, the countdown does not jitter
    expect(clockOffset('Thu, 26 Nov 2026 10:00:00 GMT', sent, received)).toBe(0);
    expect(clockOffset('Thu, 26 Nov 2026 10:00:01 GMT', sent, received)).toBe(0);
    expect(clockOffset(null, sent, received)).toBe(0);
    expect(clockOffset('garbage', sent, received)).toBe(0);
  });

  it('is urgent in the last 10 seconds (or last third of a short offer)', () => {
    expect(isUrgent(11, 30)).toBe(false);
    expect(isUrgent(10, 30)).toBe(true);
    expect(isUrgent(4, 9)).toBe(false);
    expect(isUrgent(3, 9)).toBe(true);
    expect(fractionLeft(5, 0)).toBe(0);
  });
});

describe('roster grid colouring by coverage', () => {
  it.each([
    [0, 0, 'none'],
    [1, 0, 'over'],
    [0, 2, 'empty'],
    [1, 2, 'short'],
    [2, 2, 'full'],
    [3, 2, 'over'],
  ] as const)('%i assigned of %i required → %s', (assigned, required, level) => {
    expect(coverageLevel(assigned, required)).toBe(level);
  });

  it('reports how many are missing, never negative', () => {
    expect(missing(1, 3)).toBe(2);
    expect(missing(4, 3)).toBe(0);
  });

  it('a cell is full or over exactly when nothing is missing, and empty or short exactly when something is', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.integer({ min: 1, max: 20 }), (assigned, required) => {
        const level = coverageLevel(assigned, required);
        expect(['full', 'over'].includes(level)).toBe(missing(assigned, required) === 0);
      }),
    );
  });

  it('sums covered places as the solver counts them: Σ min(assigned, required)', () => {
    expect(
      summarise([
        { assigned: 2, required: 2 },
        { assigned: 1, required: 2 },
        { assigned: 5, required: 2 },
        { assigned: 0, required: 0 },
      ]),
    ).toEqual({ windows: 4, required: 6, covered: 5, shortWindows: 1 });
  });
});

describe('dates in the operations time zone', () => {
  it('takes the calendar date in the zone, not in UTC', () => {
    // 17:30 UTC is 00:30 the next day in Ho Chi Minh City (UTC+7)
    expect(localDateOf(new Date('2021-08-23T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2021-08-24');
    expect(localDateOf(new Date('2021-08-23T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2021-08-23');
    expect(localDateOf(new Date('2021-08-23T03:00:00Z'), 'America/New_York')).toBe('2021-08-22');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
    expect(datesFrom('2021-08-30', 3)).toEqual(['2021-08-30', '2021-08-31', '2021-09-01']);
  });

  it('starts weeks on Monday (ISO)', () => {
    expect(isoWeekday('2021-08-23')).toBe(1);
    expect(isoWeekday('2021-08-29')).toBe(7);
    expect(weekStart('2021-08-29')).toBe('2021-08-23');
    expect(weekStart('2021-08-23')).toBe('2021-08-23');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (n) => {
        const d = addDays('2000-01-01', n);
        const monday = weekStart(d);
        expect(isoWeekday(monday)).toBe(1);
        expect(d >= monday && d <= addDays(monday, 6)).toBe(true);
      }),
    );
  });

  it('parses window keys', () => {
    expect(parseWindowKey('2021-08-23/22-06')).toEqual({ date: '2021-08-23', shift: '22-06' });
    expect(parseWindowKey('2021-08-23')).toBeNull();
  });
});

describe('form validation', () => {
  it('requires SpO2 and breathing rate and checks the TRIAGE.md ranges', () => {
    expect(validateVitals({}).errors).toEqual({
      spo2: { key: 'err.required' },
      respiratoryRate: { key: 'err.required' },
    });
    const { errors, values } = validateVitals({
      spo2: '94',
      respiratoryRate: '22',
      temperature: '38,5',
      heartRate: '',
    });
    expect(errors).toEqual({});
    expect(values).toEqual({ spo2: 94, respiratoryRate: 22, temperature: 38.5 });
  });

  it.each([
    ['spo2', '49', 'err.range'],
    ['spo2', '101', 'err.range'],
    ['spo2', '95.5', 'err.whole'],
    ['respiratoryRate', '81', 'err.range'],
    ['heartRate', '19', 'err.range'],
    ['heartRate', 'abc', 'err.number'],
    ['systolicBp', '301', 'err.range'],
    ['diastolicBp', '19', 'err.range'],
    ['temperature', '45.1', 'err.range'],
    ['temperature', '37.25', 'err.oneDecimal'],
    ['temperature', '37,25', 'err.oneDecimal'],
    ['temperature', '29.9', 'err.range'],
  ] as const)('%s = %s → %s', (field, value, key) => {
    const form = { spo2: '97', respiratoryRate: '16', [field]: value };
    expect(validateVitals(form).errors[field]?.key).toBe(key);
  });

  it('accepts the range bounds', () => {
    expect(
      validateVitals({
        spo2: '50',
        respiratoryRate: '0',
        heartRate: '250',
        temperature: '45',
        systolicBp: '40',
        diastolicBp: '200',
      }).errors,
    ).toEqual({});
  });

  it('reads numbers as typed on phones', () => {
    expect(parseNumber(' 37,2 ')).toBe(37.2);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1e3')).toBeNull();
    expect(parseRequirement('3')).toBe(3);
    expect(parseRequirement('-1')).toBeNull();
    expect(parseRequirement('1.5')).toBeNull();
    expect(parseRequirement('1001')).toBeNull();
  });

  it.each([
    ['0889556655', true],
    ['+84889556655', true],
    ['0889 556 655', true],
    ['088955665', false],
    ['+1 415 555 0100', false],
    ['0089556655', false],
  ])('phone %s → %s', (phone, ok) => {
    expect(isVietnamesePhone(phone)).toBe(ok);
  });

  it('checks a new patient', () => {
    const good = {
      fullName: 'Võ Thị Hạnh',
      phone: '0912345678',
      dateOfBirth: '1958-04-12',
      sex: 'female',
      district: 'Quận 8',
      careSetting: 'home',
    };
    expect(validatePatient(good, '2026-11-26')).toEqual({});
    const bad = validatePatient(
      { ...good, fullName: ' ', phone: '123', dateOfBirth: '2027-01-01', sex: '', careSetting: 'moon' },
      '2026-11-26',
    );
    expect(Object.fromEntries(Object.entries(bad).map(([k, v]) => [k, v.key]))).toEqual({
      fullName: 'err.required',
      phone: 'err.phone',
      dateOfBirth: 'err.future',
      sex: 'err.required',
      careSetting: 'err.required',
    });
    expect(validatePatient({ ...good, dateOfBirth: '2021-02-30' }, '2026-11-26').dateOfBirth?.key).toBe(
      'err.date',
    );
  });

  it('needs a reason for a tier override and an outcome for a consult', () => {
    expect(validateOverride('red', 'hụt hơi khi nói')).toEqual({});
    expect(Object.keys(validateOverride('purple', ' '))).toEqual(['tier', 'reason']);
    expect(validateCompletion('advised', '')).toEqual({});
    expect(validateCompletion('', '').outcome?.key).toBe('err.required');
    expect(validateCompletion('advised', 'x'.repeat(2001)).notes?.key).toBe('err.tooLong');
  });
});

describe('i18n', () => {
  it('is Vietnamese by default with English on request, filling placeholders', () => {
    expect(translate('vi', 'doc.offer.accept')).toBe('Nhận');
    expect(translate('en', 'doc.offer.accept')).toBe('Accept');
    expect(translate('en', 'doc.offer.left', { time: '0:27' })).toBe('0:27 left');
    expect(translate('vi', 'cov.short', { n: 2 })).toBe('thiếu 2');
  });

  it('falls back to Vietnamese, then to the key', () => {
    expect(translate('en', 'x', undefined, { x: { vi: 'chỉ tiếng Việt', en: '' } })).toBe('chỉ tiếng Việt');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(interpolate('{a} và {b}', { a: 1 })).toBe('1 và {b}');
  });

  it('has both languages for every entry, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, entry] of Object.entries(DICTIONARY)) {
      expect([key, entry.vi.length > 0, entry.en.length > 0]).toEqual([key, true, true]);
      expect([key, placeholders(entry.en)]).toEqual([key, placeholders(entry.vi)]);
    }
  });

  it('names every tier in both languages with a symbol, so colour is never the only sign', () => {
    for (const tier of RISK_TIERS) {
      expect(DICTIONARY[`tier.${tier}`]).toBeDefined();
      expect(TIER_SYMBOL[tier]).toBeTruthy();
    }
    expect(new Set(Object.values(TIER_SYMBOL)).size).toBe(RISK_TIERS.length);
  });

  it('sorts patients worst tier first, then by name', () => {
    const list = [
      { riskTier: 'green' as const, fullName: 'An' },
      { riskTier: 'red' as const, fullName: 'Bình' },
      { riskTier: 'red' as const, fullName: 'Anh' },
    ].sort(byTierThenName);
    expect(list.map((p) => p.fullName)).toEqual(['Anh', 'Bình', 'An']);
  });
});
