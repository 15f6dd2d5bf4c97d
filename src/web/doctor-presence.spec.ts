import fc from 'fast-check';
import {
  applyPresenceChange,
  type PresenceState,
  type RosterWindow,
  staleAt,
  windowStartLabel,
} from '../../web/src/lib/presence';

/** The doctor's presence logic of the console (web/src/lib/presence.ts): no DOM. */
describe('console: doctor presence', () => {
  const zone = 'Asia/Ho_Chi_Minh';
  // Tuesday 1 December 2026, 09:00 in Hanoi (02:00Z)
  const tuesday9: RosterWindow = {
    key: '2026-12-01/09-11',
    date: '2026-12-01',
    weekday: 2,
    startsAt: '2026-12-01T02:00:00.000Z',
    endsAt: '2026-12-01T04:00:00.000Z',
  };
  const base: PresenceState = {
    status: 'away',
    since: null,
    wrapUpUntil: null,
    window: null,
    nextWindow: null,
  };

  it('names the next window by weekday and time in the operations zone, with the date a week or more ahead', () => {
    const mondayEvening = Date.parse('2026-11-30T12:00:00Z');
    expect(windowStartLabel(tuesday9, 'vi-VN', zone, mondayEvening)).toBe('Thứ Ba 09:00');
    expect(windowStartLabel(tuesday9, 'en-GB', zone, mondayEvening)).toBe('Tuesday 09:00');
    const weekBefore = Date.parse('2026-11-24T00:00:00Z');
    expect(windowStartLabel(tuesday9, 'vi-VN', zone, weekBefore)).toBe('Thứ Ba, 01/12 09:00');
    // a window starting at midnight is 00:00, never 24:00
    const midnight = { ...tuesday9, startsAt: '2026-11-30T17:00:00.000Z' };
    expect(windowStartLabel(midnight, 'vi-VN', zone, mondayEvening)).toBe('Thứ Ba 00:00');
  });

  it('goes stale at the first edge still ahead: window end, next window start, wrap-up end', () => {
    const now = Date.parse('2026-12-01T03:00:00Z');
    expect(staleAt(base, now)).toBeNull();
    expect(staleAt({ ...base, window: tuesday9 }, now)).toBe(Date.parse(tuesday9.endsAt));
    const wrap = '2026-12-01T03:00:20.000Z';
    expect(staleAt({ ...base, window: tuesday9, wrapUpUntil: wrap }, now)).toBe(Date.parse(wrap));
    // edges already passed are not waited for
    expect(staleAt({ ...base, nextWindow: tuesday9 }, Date.parse('2026-12-01T05:00:00Z'))).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), (offset) => {
        const at = staleAt({ ...base, window: tuesday9, nextWindow: tuesday9 }, offset);
        return at === null || at > offset;
      }),
    );
  });

  it('applies a presence:changed push: wrapUpUntil only with wrap_up', () => {
    const wrapping = applyPresenceChange(base, {
      status: 'wrap_up',
      wrapUpUntil: '2026-12-01T03:00:30.000Z',
    });
    expect(wrapping).toMatchObject({ status: 'wrap_up', wrapUpUntil: '2026-12-01T03:00:30.000Z' });
    expect(applyPresenceChange(wrapping, { status: 'available' })).toMatchObject({
      status: 'available',
      wrapUpUntil: null,
    });
    expect(applyPresenceChange({ ...base, window: tuesday9 }, { status: 'available' }).window).toBe(tuesday9);
  });
});
