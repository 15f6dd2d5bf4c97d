/**
 * The roster screen's words: a window named as people say it ("Thứ Hai 07/12 · 15–17h"), a refused
 * edit's violations as sentences with the person's name (never a code or an id), and the candidates
 * for a window ranked: available first, then the least loaded.
 */
import { type Lang, LOCALE, translate } from './i18n';

/** "Thứ Hai 07/12 · 15–17h" / "Monday 07/12 · 15–17h" for `2026-12-07/15-17`; the key itself if it is not one. */
export function windowLabel(key: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})\/(\d{2})-(\d{2})$/.exec(key);
  if (!m) return key;
  const [, y, mo, d, from, to] = m;
  const weekday = new Intl.DateTimeFormat(LOCALE[lang], { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))),
  );
  const day = weekday.charAt(0).toUpperCase() + weekday.slice(1);
  return `${day} ${d}/${mo} · ${from}–${to}h`;
}

/** Constraint codes the server may give (RosterViolationDto), each with a sentence in the dictionary. */
export const VIOLATION_CODES = [
  'not_available',
  'max_per_week',
  'max_per_day',
  'over_required',
  'duplicate',
  'min_rest',
  'unknown_doctor',
  'unknown_window',
  'not_assigned',
] as const;

export interface ViolationLike {
  doctorId?: string;
  operatorId?: string;
  windowKey: string;
  constraint: string;
}

/**
 * One violation in words. `names` maps ids to full names; someone not in it is "a doctor" / "an
 * operator", never an id. An unknown code still reads as a sentence (the generic one).
 */
export function describeViolation(
  v: ViolationLike,
  names: ReadonlyMap<string, string>,
  lang: Lang,
  operators = false,
): string {
  const id = v.doctorId ?? v.operatorId;
  const name =
    (id ? names.get(id) : undefined) ?? translate(lang, operators ? 'rv.someOperator' : 'rv.someDoctor');
  const code = (VIOLATION_CODES as readonly string[]).includes(v.constraint) ? v.constraint : 'other';
  return translate(lang, `rv.${code}`, { name, window: windowLabel(v.windowKey, lang) });
}

export interface Candidate {
  id: string;
  fullName: string;
  /** said they are available for this window */
  available: boolean;
  /** windows they hold this week (on the draft shown, or the published roster) */
  load: number;
}

/** Available first, then the least loaded, then by name (Vietnamese order). */
export function rankCandidates(list: readonly Candidate[]): Candidate[] {
  return [...list].sort(
    (a, b) =>
      Number(b.available) - Number(a.available) ||
      a.load - b.load ||
      a.fullName.localeCompare(b.fullName, 'vi'),
  );
}

/** How many windows each person holds among `cells` (each cell lists its people). */
export function loads(cells: Iterable<{ personIds: readonly string[] }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cells) for (const id of c.personIds) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

/** What a week holds on the server: no roster, a draft (maybe over a published one), or the published one. */
export type WeekState = 'none' | 'draft' | 'published';

export function weekState(rosters: readonly { status: string }[]): WeekState {
  if (rosters.some((r) => r.status === 'draft')) return 'draft';
  if (rosters.some((r) => r.status === 'published')) return 'published';
  return 'none';
}
