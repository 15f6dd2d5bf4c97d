import { DateTime } from 'luxon';

/**
 * A VTIMEZONE component for an IANA zone over a span of years, built from luxon's zone data: one
 * STANDARD/DAYLIGHT block for the offset in force at the start, then one per offset change, each
 * with an explicit DTSTART (no RRULE to get wrong). Calendar apps then place TZID times exactly,
 * daylight saving included.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone });
  const end = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone });
  if (!start.isValid) throw new Error(`unknown time zone ${zone}`);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const block = (
    at: DateTime,
    fromOffset: number,
    toOffset: number,
    daylight: boolean,
    localStart: string,
  ) => {
    const kind = daylight ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStart}`,
      `TZOFFSETFROM:${formatOffset(fromOffset)}`,
      `TZOFFSETTO:${formatOffset(toOffset)}`,
      `TZNAME:${at.offsetNameShort ?? formatOffset(toOffset)}`,
      `END:${kind}`,
    );
  };
  block(start, start.offset, start.offset, start.isInDST, `${fromYear}0101T000000`);
  for (const t of offsetChanges(zone, start.toMillis(), end.toMillis())) {
    const before = DateTime.fromMillis(t - 60_000, { zone });
    const after = DateTime.fromMillis(t, { zone });
    // DTSTART is the wall-clock time of the change in the offset in force before it
    const local = DateTime.fromMillis(t, { zone: 'UTC' }).plus({ minutes: before.offset });
    block(after, before.offset, after.offset, after.isInDST, local.toFormat("yyyyLLdd'T'HHmmss"));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

/** Instants (ms, to the minute) where the zone's UTC offset changes, found by a 6-hour scan and bisection. */
export function offsetChanges(zone: string, fromMs: number, toMs: number): number[] {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const step = 6 * 3_600_000;
  const out: number[] = [];
  let prev = offsetAt(fromMs);
  for (let t = fromMs + step; t <= toMs + step; t += step) {
    const cur = offsetAt(t);
    if (cur === prev) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid) === prev) lo = mid;
      else hi = mid;
    }
    if (hi <= toMs) out.push(hi);
    prev = cur;
  }
  return out;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
