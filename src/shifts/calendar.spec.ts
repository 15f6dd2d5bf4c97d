import { type CalendarEventRow, renderCalendar } from './calendar.service';

/** The feed's text as RFC 5545 §3.1 requires: CRLF after every line, lines folded at 75 octets. */
describe('renderCalendar line format', () => {
  const event = (day: number, cancelled = false): CalendarEventRow => ({
    doctorId: '7f1c2d9e-3b4a-4c5d-8e6f-0123456789ab',
    windowKey: `2027-03-${day}/09-11`,
    group: 'consult',
    startsAt: new Date(`2027-03-${day}T02:00:00Z`),
    endsAt: new Date(`2027-03-${day}T04:00:00Z`),
    sequence: cancelled ? 2 : 0,
    cancelled,
    stamp: new Date('2027-03-01T00:00:00Z'),
  });
  const range = { from: '2027-03-01', to: '2027-03-31' };

  it.each([
    ['with events', [event(27), event(28, true)], 'Asia/Ho_Chi_Minh'],
    ['empty', [], 'Asia/Ho_Chi_Minh'],
    ['in a zone with a long name and daylight saving', [event(29)], 'America/Argentina/ComodRivadavia'],
  ])('ends every line, the last one too, with CRLF and nothing else (%s)', (_, events, zone) => {
    const text = renderCalendar(events, zone, range);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n|\r(?!\n)/);
    const lines = text.slice(0, -2).split('\r\n');
    // 75 octets at most, a folded line goes on after CRLF and one space
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.every((l) => l === '' || /^[A-Z-]+[;:]|^ /.test(l))).toBe(true);
  });
});
