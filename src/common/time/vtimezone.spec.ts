import { offsetChanges, vtimezone } from './vtimezone';

describe('vtimezone', () => {
  it('has one STANDARD block and no changes for a zone without daylight saving', () => {
    const text = vtimezone('Asia/Ho_Chi_Minh', 2026, 2027);
    expect(text).toContain('TZID:Asia/Ho_Chi_Minh');
    expect(text.match(/BEGIN:STANDARD/g)).toHaveLength(1);
    expect(text).not.toContain('BEGIN:DAYLIGHT');
    expect(text).toContain('TZOFFSETTO:+0700');
  });

  it.each([
    ['Europe/Berlin', 2026, ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z']],
    ['America/New_York', 2026, ['2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z']],
    ['Australia/Sydney', 2026, ['2026-04-04T16:00:00.000Z', '2026-10-03T16:00:00.000Z']],
  ])('finds the daylight-saving changes of %s in %i', (zone, year, expected) => {
    const changes = offsetChanges(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)).map((t) =>
      new Date(t).toISOString(),
    );
    expect(changes).toEqual(expected);
  });

  it('writes each change at the local wall-clock time with the offsets on either side', () => {
    const text = vtimezone('Europe/Berlin', 2026, 2026);
    expect(text).toContain(
      ['BEGIN:DAYLIGHT', 'DTSTART:20260329T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200'].join('\r\n'),
    );
    expect(text).toContain(
      ['BEGIN:STANDARD', 'DTSTART:20261025T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100'].join('\r\n'),
    );
  });
});
