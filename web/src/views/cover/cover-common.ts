import type { components } from '../../api';
import type { Ctx } from '../../context';
import { parseWindowKey } from '../../lib/dates';

export type CoverRequest = components['schemas']['CoverRequestDto'];
export type Candidate = components['schemas']['CoverCandidateDto'];

/** "T3, 07/12 · 15–17h": the window as people say it. */
export function windowLabel(ctx: Pick<Ctx, 'dayLabel'>, windowKey: string): string {
  const parsed = parseWindowKey(windowKey);
  if (!parsed) return windowKey;
  return `${ctx.dayLabel(parsed.date)} · ${parsed.shift.replace('-', '–')}h`;
}
