import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { AgeBand } from './age';
import { ageBand, ageOn, toDateTime } from './age';

// 10:00 on 15 Sep 2021 in Vietnam.
const AT = '2021-09-15T03:00:00Z';
const ZONE = 'Asia/Ho_Chi_Minh';

describe('ageOn', () => {
  it.each([
    ['1991-09-15', { years: 30, months: 360 }],
    ['1991-09-16', { years: 29, months: 359 }],
    ['2021-09-15', { years: 0, months: 0 }],
    ['2021-07-15', { years: 0, months: 2 }],
    ['2021-07-16', { years: 0, months: 1 }],
    ['2020-09-15', { years: 1, months: 12 }],
  ])('born %s is %p on 15 Sep 2021', (dateOfBirth, age) => {
    expect(ageOn(dateOfBirth, AT, ZONE)).toEqual(age);
  });

  it('takes the calendar day in Vietnam, not in UTC', () => {
    // 17:30 UTC on 10 Sep is 00:30 on 11 Sep in Hanoi: the 12th birthday.
    expect(ageOn('2009-09-11', '2021-09-10T17:30:00Z', ZONE).years).toBe(12);
    expect(ageOn('2009-09-11', '2021-09-10T16:59:59Z', ZONE).years).toBe(11);
    expect(ageOn('2009-09-11', new Date('2021-09-10T17:30:00Z'), ZONE).years).toBe(12);
  });

  it('counts a 29 February birthday on 28 February in a common year (luxon calendar diff)', () => {
    expect(ageOn('2020-02-29', '2021-02-27T12:00:00+07:00', ZONE).years).toBe(0);
    expect(ageOn('2020-02-29', '2021-02-28T12:00:00+07:00', ZONE).years).toBe(1);
  });

  it.each([
    ['2021-01-31', '2021-02-27', 0],
    ['2021-01-31', '2021-02-28', 1],
    ['2021-01-29', '2021-02-28', 1],
    ['2020-01-30', '2020-02-28', 0],
    ['2020-01-30', '2020-02-29', 1],
    ['2021-01-31', '2021-03-30', 1],
    ['2021-01-31', '2021-03-31', 2],
    ['2021-07-31', '2021-09-30', 2],
    ['2021-08-31', '2021-11-30', 3],
  ])('born %s: on %s, %i months completed (29th–31st on a short month)', (dob, day, months) => {
    expect(ageOn(dob, `${day}T12:00:00+07:00`, ZONE).months).toBe(months);
  });

  it('counts in the zone it is given: one instant, two calendar days', () => {
    const at = '2021-09-10T17:30:00Z'; // 00:30 on 11 Sep in Hanoi, 18:30 on 10 Sep in London
    expect(ageOn('2021-07-11', at, 'Asia/Ho_Chi_Minh').months).toBe(2);
    expect(ageOn('2021-07-11', at, 'Europe/London').months).toBe(1);
    expect(() => ageOn('2021-07-11', at, 'Mars/Olympus')).toThrow(RangeError);
  });

  it("agrees with luxon's calendar diff on random dates, instants and zones", () => {
    const zones = ['Asia/Ho_Chi_Minh', 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Australia/Adelaide'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 40_000 * 86_400 }),
        fc.constantFrom(...zones),
        (birthDay, secondsLater, zone) => {
          const dob = DateTime.fromObject({ year: 1920 }, { zone: 'utc' })
            .plus({ days: birthDay })
            .toISODate() as string;
          const at = new Date(Date.parse(`${dob}T00:00:00Z`) + 86_400_000 + secondsLater * 1000);
          const day = DateTime.fromJSDate(at).setZone(zone).startOf('day');
          const { years, months } = day.diff(DateTime.fromISO(dob, { zone }), ['years', 'months', 'days']);
          expect(ageOn(dob, at, zone)).toEqual({ years, months: years * 12 + months });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([['1991-9-15'], ['1991-02-30'], ['15/09/1991'], ['1991-09-15T00:00:00Z'], ['']])(
    'rejects the malformed date of birth %p',
    (dateOfBirth) => {
      expect(() => ageOn(dateOfBirth, AT, ZONE)).toThrow(RangeError);
    },
  );

  it('rejects an instant before the date of birth', () => {
    expect(() => ageOn('2021-09-16', AT, ZONE)).toThrow(RangeError);
  });
});

describe('ageBand', () => {
  it.each<[string, string, AgeBand]>([
    ['1 day old', '2021-09-14', 'under-2-months'],
    ['a day short of 2 months', '2021-07-16', 'under-2-months'],
    ['2 months', '2021-07-15', '2-to-11-months'],
    ['a day short of 1 year', '2020-09-16', '2-to-11-months'],
    ['1 year', '2020-09-15', '1-to-4-years'],
    ['a day short of 5 years', '2016-09-16', '1-to-4-years'],
    ['5 years', '2016-09-15', '5-to-11-years'],
    ['a day short of 12 years', '2009-09-16', '5-to-11-years'],
    ['12 years', '2009-09-15', '12-years-and-over'],
    ['90 years', '1931-09-15', '12-years-and-over'],
  ])('%s is %s', (_label, dateOfBirth, band) => {
    expect(ageBand(ageOn(dateOfBirth, AT, ZONE))).toBe(band);
  });
});

describe('toDateTime', () => {
  it.each([['2021-09-15T10:00:00'], ['2021-09-15'], ['yesterday'], ['2021-09-15T25:00:00Z']])(
    'rejects %p (no offset, or not an instant)',
    (text) => {
      expect(() => toDateTime(text)).toThrow(RangeError);
    },
  );

  it('rejects an invalid Date', () => {
    expect(() => toDateTime(new Date('nope'))).toThrow(RangeError);
  });

  it.each([['2021-09-15T03:00:00Z'], ['2021-09-15T10:00:00+07:00'], ['2021-09-15T10:00:00.000+0700']])(
    'accepts %p',
    (text) => {
      expect(toDateTime(text).toMillis()).toBe(Date.parse('2021-09-15T03:00:00Z'));
    },
  );
});
