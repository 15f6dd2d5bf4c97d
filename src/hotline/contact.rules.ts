/**
 * Hotline 1022's vocabulary and the forwarding life cycle (CONTRACT.md "Hotline 1022"), as plain data
 * and pure functions: no Nest, no database. The migration's CHECKs say the same, so a bug elsewhere
 * cannot store what these refuse.
 */

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

export type Category =
  | 'emergency'
  | 'epidemiology'
  | 'medical'
  | (typeof VIOLATION_CATEGORIES)[number]
  | (typeof QUESTION_CATEGORIES)[number];

/** Each category and the one branch it belongs to. */
export const CATEGORY_BRANCH: Readonly<Record<Category, Branch>> = {
  emergency: 1,
  epidemiology: 2,
  medical: 3,
  gathering: 4,
  no_mask: 4,
  outdoor_exercise: 4,
  other_violation: 4,
  essential_goods_permit: 4,
  travel_procedures: 4,
  health_declaration: 4,
  vaccination_registration: 4,
  support_policy: 4,
  other_question: 4,
};

export const CATEGORIES = Object.keys(CATEGORY_BRANCH) as Category[];

export const CONTACT_STATUSES = [
  'received',
  'resolved',
  'forwarded',
  'in_progress',
  'handled',
  'transferred',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** What an operator or officer does to a contact (the routes' last path segment). */
export const CONTACT_ACTIONS = ['resolve', 'forward', 'acknowledge', 'handled', 'return'] as const;
export type ContactAction = (typeof CONTACT_ACTIONS)[number];

export const CONTACT_STEPS = [
  'received',
  'transferred',
  'resolved',
  'forwarded',
  'acknowledged',
  'handled',
  'returned',
] as const;
export type ContactStep = (typeof CONTACT_STEPS)[number];

/** The step each action records in the contact's history. */
export const STEP_OF: Record<ContactAction, ContactStep> = {
  resolve: 'resolved',
  forward: 'forwarded',
  acknowledge: 'acknowledged',
  handled: 'handled',
  return: 'returned',
};

/** The life cycle: from → action → to. Everything else is an illegal transition (409). */
export const TRANSITIONS: Readonly<
  Record<ContactAction, { from: readonly ContactStatus[]; to: ContactStatus }>
> = {
  resolve: { from: ['received'], to: 'resolved' },
  forward: { from: ['received'], to: 'forwarded' },
  acknowledge: { from: ['forwarded'], to: 'in_progress' },
  handled: { from: ['in_progress'], to: 'handled' },
  return: { from: ['forwarded', 'in_progress'], to: 'received' },
};

/** The status after `action`, or why it may not happen (the 409's message). */
export function transition(
  contact: { status: ContactStatus; branch: Branch },
  action: ContactAction,
): { to: ContactStatus } | { refused: string } {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(contact.status))
    return {
      refused: `illegal transition: ${action} on a ${contact.status} contact (only from ${rule.from.join(' or ')})`,
    };
  // Only the department's branch sends reports to the districts; 1 and 2 went elsewhere, 3 is a consult.
  if (action === 'forward' && contact.branch !== 4)
    return { refused: `illegal transition: forward of a branch ${contact.branch} contact (only branch 4)` };
  return { to: rule.to };
}

/** The status a new contact starts in: branches 1 and 2 are transferred to 115 and CDC at once. */
export const initialStatus = (branch: Branch): ContactStatus =>
  branch === 1 || branch === 2 ? 'transferred' : 'received';

/** The problem with a category for a branch, naming the field, or null. */
export function categoryProblem(branch: Branch, category: Category): string | null {
  const of = CATEGORY_BRANCH[category];
  return of === branch ? null : `category ${category} belongs to branch ${of}, not branch ${branch}`;
}

export type OverdueKind = 'ack' | 'done';

export interface OverdueLimits {
  ackHours: number;
  doneHours: number;
}

/**
 * Which limit an open forwarding has passed at `now`: not acknowledged within `ackHours`, or not
 * handled within `doneHours`, both counted from the forwarding; `done` wins when both have passed.
 */
export function overdueKind(
  forward: { status: ContactStatus; forwardedAt: Date | null },
  now: Date,
  limits: OverdueLimits,
): OverdueKind | null {
  if (!forward.forwardedAt || (forward.status !== 'forwarded' && forward.status !== 'in_progress'))
    return null;
  const age = now.getTime() - forward.forwardedAt.getTime();
  if (age >= limits.doneHours * 3_600_000) return 'done';
  if (forward.status === 'forwarded' && age >= limits.ackHours * 3_600_000) return 'ack';
  return null;
}
