import type { EntityManager } from 'typeorm';
import { rows } from '../common/sql';

export interface PlacedWindow {
  doctorId: string;
  windowKey: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Keeps the calendar event rows in step with the published roster, in the caller's transaction.
 * A (doctor, window) event has one stable UID for ever; its SEQUENCE goes up each time it is
 * cancelled or confirmed again, so calendar apps update the event instead of adding a copy.
 */
export async function recordCalendarChanges(
  tx: EntityManager,
  removed: readonly PlacedWindow[],
  added: readonly PlacedWindow[],
  now: Date,
): Promise<void> {
  for (const [list, cancelled] of [
    [removed, true],
    [added, false],
  ] as const) {
    if (list.length === 0) continue;
    await rows(
      tx,
      `INSERT INTO calendar_events (doctor_id, window_key, starts_at, ends_at, sequence, cancelled, updated_at)
       SELECT d, k, s, e, 0, $5, $6 FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS t(d, k, s, e)
       ON CONFLICT (doctor_id, window_key) DO UPDATE
         SET sequence = calendar_events.sequence + 1, cancelled = EXCLUDED.cancelled,
             starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at`,
      [
        list.map((p) => p.doctorId),
        list.map((p) => p.windowKey),
        list.map((p) => p.startsAt),
        list.map((p) => p.endsAt),
        cancelled,
        now,
      ],
    );
  }
}

/** Pairs in `a` and not in `b`, by doctor and window. */
export function placedDifference(a: readonly PlacedWindow[], b: readonly PlacedWindow[]): PlacedWindow[] {
  const inB = new Set(b.map((p) => `${p.doctorId} ${p.windowKey}`));
  return a.filter((p) => !inB.has(`${p.doctorId} ${p.windowKey}`));
}
