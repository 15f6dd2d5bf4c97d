import { DomainException } from '../errors/domain.exception';
import { addDays, daysBetween, weekStart } from './windows';

/** Refuses a reversed range or one longer than `maxDays` (inclusive dates). */
export function checkRange(from: string, to: string, maxDays: number): void {
  const days = daysBetween(from, to);
  if (days < 0) throw DomainException.invalid('to must not be before from');
  if (days >= maxDays) throw DomainException.invalid(`from and to may span at most ${maxDays} days`);
}

/** First and last local date of the ISO weeks (Monday–Sunday) a range touches. */
export function isoWeeksSpan(from: string, to: string): { from: string; to: string } {
  return { from: weekStart(from), to: addDays(weekStart(to), 6) };
}
