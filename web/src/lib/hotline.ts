/**
 * The hotline's vocabularies (CONTRACT.md "Hotline 1022") and the pure logic of the intake desk:
 * which categories a branch offers, and accent-insensitive matching of administrative areas.
 */
import type { components } from '../api/schema';

type ContactDto = components['schemas']['ContactDto'];
/** true only when the two unions are the same: a value the server added or dropped does not compile */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const CHANNELS = ['phone', 'zalo', 'web', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The caller's key press: 1 emergency 115, 2 Hanoi CDC, 3 doctors' network, 4 Department of Information and Communications. */
export const BRANCHES = [1, 2, 3, 4] as const;
export type Branch = (typeof BRANCHES)[number];

export const VIOLATION_CATEGORIES = ['gathering', 'no_mask', 'outdoor_exercise', 'other_violation'] as const;
export const QUESTION_CATEGORIES = [
  'essential_goods_permit',
  'travel_procedures',
  'health_declaration',
  'vaccination_registration',
  'support_policy',
  'other_question',
] as const;

export const CATEGORIES_BY_BRANCH = {
  1: ['emergency'],
  2: ['epidemiology'],
  3: ['medical'],
  4: [...VIOLATION_CATEGORIES, ...QUESTION_CATEGORIES],
} as const satisfies Record<Branch, readonly ContactDto['category'][]>;
export type Category = (typeof CATEGORIES_BY_BRANCH)[Branch][number];

export const CATEGORIES: readonly Category[] = [...new Set(Object.values(CATEGORIES_BY_BRANCH).flat())];

export const CONTACT_STATUSES = [
  'received',
  'resolved',
  'transferred',
  'forwarded',
  'in_progress',
  'handled',
] as const;

// the console's lists are the server's enums, no more and no less
export const VOCABULARIES_MATCH_THE_API: [
  Same<Channel, ContactDto['channel']>,
  Same<Branch, ContactDto['branch']>,
  Same<Category, ContactDto['category']>,
  Same<(typeof CONTACT_STATUSES)[number], ContactDto['status']>,
] = [true, true, true, true];

export function isBranch(value: unknown): value is Branch {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** The category kept when the branch changes: the same one if the branch offers it, else the branch's only one, else none. */
export function categoryFor(branch: Branch, current: string): string {
  const allowed: readonly string[] = CATEGORIES_BY_BRANCH[branch];
  if (allowed.includes(current)) return current;
  return allowed.length === 1 ? allowed[0] : '';
}

/** Folds case, Vietnamese tone and vowel marks and đ, so "cau giay" matches "Cầu Giấy". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The names that match what was typed, best first: a name that starts with it, then one with a word
 * that starts with it, then one that contains it; within each, in the list's order. Empty input: all.
 */
export function matchNames(names: readonly string[], typed: string, limit = 8): string[] {
  const q = fold(typed);
  if (!q) return names.slice(0, limit);
  const scored: { name: string; rank: number; i: number }[] = [];
  names.forEach((name, i) => {
    const f = fold(name);
    const rank = f.startsWith(q) ? 0 : f.includes(` ${q}`) ? 1 : f.includes(q) ? 2 : -1;
    if (rank >= 0) scored.push({ name, rank, i });
  });
  return scored
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .slice(0, limit)
    .map((s) => s.name);
}

/** The official name for what was typed when it is one exactly (accents and case aside), else null. */
export function exactName(names: readonly string[], typed: string): string | null {
  const q = fold(typed);
  if (!q) return null;
  const found = names.filter((n) => fold(n) === q);
  return found.length === 1 ? found[0] : null;
}

/** A fresh key per form instance: a retried submit of the same call is recorded once (CONTRACT.md "Retries"). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export interface IntakeForm {
  channel: string;
  branch: number | null;
  category: string;
  district: string;
  ward: string;
  callerPhone: string;
  callerName: string;
  summary: string;
  address: string;
}

export const emptyIntake = (channel: string = 'phone'): IntakeForm => ({
  channel,
  branch: null,
  category: '',
  district: '',
  ward: '',
  callerPhone: '',
  callerName: '',
  summary: '',
  address: '',
});

/** Checks before sending: branch, category of that branch, a district chosen from the list, a summary; the phone when given. */
export function validateIntake(
  form: IntakeForm,
  isPhone: (text: string) => boolean,
): Record<string, { key: string; params?: Record<string, string | number> }> {
  const errors: Record<string, { key: string; params?: Record<string, string | number> }> = {};
  if (!isBranch(form.branch)) errors.branch = { key: 'err.required' };
  else if (!(CATEGORIES_BY_BRANCH[form.branch] as readonly string[]).includes(form.category))
    errors.category = { key: 'err.required' };
  if (!form.district) errors.district = { key: 'hl.err.area' };
  if (!form.summary.trim()) errors.summary = { key: 'err.required' };
  else if (form.summary.length > 2000) errors.summary = { key: 'err.tooLong', params: { max: 2000 } };
  if (form.callerPhone.trim() && !isPhone(form.callerPhone)) errors.callerPhone = { key: 'err.phone' };
  else if (form.branch === 3 && !form.callerPhone.trim())
    errors.callerPhone = { key: 'hl.err.phoneForDoctor' };
  return errors;
}

/** The request body of POST /api/contacts: empty optional fields left out. */
export function intakeBody(form: IntakeForm): Record<string, string | number> {
  const body: Record<string, string | number> = {
    channel: form.channel,
    branch: form.branch ?? 0,
    category: form.category,
    district: form.district,
    summary: form.summary.trim(),
  };
  for (const k of ['ward', 'callerPhone', 'callerName', 'address'] as const) {
    const v = form[k].trim();
    if (v) body[k] = v;
  }
  return body;
}

/** How many times each value occurs, most first (ties in Vietnamese alphabetical order). */
export function countBy(values: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'vi'));
}
