import fc from 'fast-check';
import {
  addDays,
  isoWeekOf,
  parseShiftSpec,
  parseShiftSpecs,
  parseWindowKey,
  resolveWindowKey,
  windowsBetween,
  windowsContaining,
} from './windows';

const HANOI = 'Asia/Ho_Chi_Minh';
const iso = (d: Date) => d.toISOString();

describe('shift specs', () => {
  it.each([
    ['09-11', 9, 11],
    ['00-24', 0, 24],
    ['22-06', 22, 6],
    ['19-21', 19, 21],
  ])('parses %s', (text, start, end) => {
    expect(parseShiftSpec(text)).toMatchObject({ label: text, startHour: start, endHour: end });
  });

  it.each(['9-11', '09-09', '25-26', '24-02', '09-25', 'ab-cd', '09-11-13', ''])('refuses %j', (text) => {
    expect(() => parseShiftSpec(text)).toThrow();
  });

  it('sorts a list and refuses duplicates', () => {
    expect(parseShiftSpecs('19-21,09-11,15-17').map((s) => s.label)).toEqual(['09-11', '15-17', '19-21']);
    expect(() => parseShiftSpecs('09-11,09-11')).toThrow(/twice/);
  });
});

describe('window keys', () => {
  it.each([
    ['2021-08-23/09-11', { date: '2021-08-23', shift: '09-11' }],
    ['2021-08-23/00-24', { date: '2021-08-23', shift: '00-24' }],
    ['2021-08-23/22-06', { date: '2021-08-23', shift: '22-06' }],
  ])('parses %s', (key, expected) => {
    expect(parseWindowKey(key)).toMatchObject(expected);
  });

  it.each([
    '2021-02-30/09-11',
    '2021-08-23/9-11',
    '2021-08-23 09-11',
    '2021-08-23/09-09',
    '21-08-23/09-11',
    '2021-08-23/09-11x',
    '',
  ])('refuses %j', (key) => {
    expect(parseWindowKey(key)).toBeNull();
  });

  it('resolves only configured windows', () => {
    const specs = parseShiftSpecs('09-11,15-17,19-21');
    expect(resolveWindowKey('2021-08-23/15-17', specs, HANOI)).not.toBeNull();
    expect(resolveWindowKey('2021-08-23/10-12', specs, HANOI)).toBeNull();
  });
});

describe('window instances in luxon', () => {
  it('places the default windows in Hanoi time (UTC+7)', () => {
    const ws = windowsBetween('2021-08-23', '2021-08-23', parseShiftSpecs('09-11,15-17,19-21'), HANOI);
    expect(ws.map((w) => [w.key, iso(w.startsAt), iso(w.endsAt)])).toEqual([
      ['2021-08-23/09-11', '2021-08-23T02:00:00.000Z', '2021-08-23T04:00:00.000Z'],
      ['2021-08-23/15-17', '2021-08-23T08:00:00.000Z', '2021-08-23T10:00:00.000Z'],
      ['2021-08-23/19-21', '2021-08-23T12:00:00.000Z', '2021-08-23T14:00:00.000Z'],
    ]);
    expect(ws[0].week).toBe('2021-W34');
  });

  it('makes 00-24 one whole local day', () => {
    const [w] = windowsBetween('2021-08-23', '2021-08-23', parseShiftSpecs('00-24'), HANOI);
    expect([iso(w.startsAt), iso(w.endsAt)]).toEqual([
      '2021-08-22T17:00:00.000Z',
      '2021-08-23T17:00:00.000Z',
    ]);
  });

  it('gives a shift that crosses midnight to the date it starts on', () => {
    const [w] = windowsBetween('2021-08-23', '2021-08-23', parseShiftSpecs('22-06'), HANOI);
    expect(w.key).toBe('2021-08-23/22-06');
    expect([iso(w.startsAt), iso(w.endsAt)]).toEqual([
      '2021-08-23T15:00:00.000Z',
      '2021-08-23T23:00:00.000Z',
    ]);
    // 02:00 local on the 24th is inside the shift of the 23rd
    expect(
      windowsContaining(new Date('2021-08-23T19:00:00Z'), parseShiftSpecs('22-06'), HANOI).map((x) => x.key),
    ).toEqual(['2021-08-23/22-06']);
  });

  describe('in a zone with daylight saving (Europe/Berlin)', () => {
    const BERLIN = 'Europe/Berlin';
    it('a 00-24 window is 23 h on the spring-forward day and 25 h on the fall-back day', () => {
      const [spring] = windowsBetween('2021-03-28', '2021-03-28', parseShiftSpecs('00-24'), BERLIN);
      const [autumn] = windowsBetween('2021-10-31', '2021-10-31', parseShiftSpecs('00-24'), BERLIN);
      expect((spring.endsAt.getTime() - spring.startsAt.getTime()) / 3_600_000).toBe(23);
      expect((autumn.endsAt.getTime() - autumn.startsAt.getTime()) / 3_600_000).toBe(25);
    });

    it('keeps 09-11 at 09:00 local on both sides of the change', () => {
      const ws = windowsBetween('2021-03-27', '2021-03-29', parseShiftSpecs('09-11'), BERLIN);
      expect(ws.map((w) => iso(w.startsAt))).toEqual([
        '2021-03-27T08:00:00.000Z', // CET, UTC+1
        '2021-03-28T07:00:00.000Z', // CEST, UTC+2
        '2021-03-29T07:00:00.000Z',
      ]);
    });

    it('an overnight shift over the change is one hour shorter or longer', () => {
      const [spring] = windowsBetween('2021-03-27', '2021-03-27', parseShiftSpecs('22-06'), BERLIN);
      const [autumn] = windowsBetween('2021-10-30', '2021-10-30', parseShiftSpecs('22-06'), BERLIN);
      expect((spring.endsAt.getTime() - spring.startsAt.getTime()) / 3_600_000).toBe(7);
      expect((autumn.endsAt.getTime() - autumn.startsAt.getTime()) / 3_600_000).toBe(9);
    });
  });

  it('computes ISO weeks Monday to Sunday', () => {
    expect(isoWeekOf('2021-08-22')).toBe('2021-W33'); // Sunday
    expect(isoWeekOf('2021-08-23')).toBe('2021-W34'); // Monday
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
  });
});

describe('window properties', () => {
  const zones = fc.constantFrom(
    'Asia/Ho_Chi_Minh',
    'Europe/Berlin',
    'America/New_York',
    'UTC',
    'Australia/Lord_Howe',
  );
  const date = fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const shift = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 }))
    .filter(([s, e]) => s !== e)
    .map(([s, e]) => `${String(s).padStart(2, '0')}-${String(e).padStart(2, '0')}`);

  it('every window starts before it ends, is keyed by its start date, and contains its own midpoint', () => {
    fc.assert(
      fc.property(date, shift, zones, (d, s, zone) => {
        const specs = parseShiftSpecs(s);
        const [w] = windowsBetween(d, d, specs, zone);
        expect(w.startsAt.getTime()).toBeLessThan(w.endsAt.getTime());
        expect(w.key).toBe(`${d}/${s}`);
        expect(resolveWindowKey(w.key, specs, zone)).toEqual(w);
        const mid = new Date((w.startsAt.getTime() + w.endsAt.getTime()) / 2);
        expect(windowsContaining(mid, specs, zone).map((x) => x.key)).toContain(w.key);
      }),
      { numRuns: 300 },
    );
  });

  it('consecutive daily windows never overlap', () => {
    fc.assert(
      fc.property(date, shift, zones, (d, s, zone) => {
        const ws = windowsBetween(d, addDays(d, 1), parseShiftSpecs(s), zone);
        expect(ws[0].endsAt.getTime()).toBeLessThanOrEqual(ws[1].startsAt.getTime());
      }),
      { numRuns: 200 },
    );
  });
});
