// Rule sets are versioned so an old assessment can always be explained by the rules that made it:
// a change of guidance adds a new id here rather than editing an existing one.
import type { Assessment, TriageObservation, TriagePatient } from './triage.types';
import { assess as assessVnMoh2021 } from './vn-moh-2021.rules';

export type AssessFn = (
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  at: Date | string,
) => Assessment;

export const RULE_SETS = {
  'vn-moh-2021': assessVnMoh2021,
} as const satisfies Record<string, AssessFn>;

export type RuleSetId = keyof typeof RULE_SETS;

export const DEFAULT_RULE_SET: RuleSetId = 'vn-moh-2021';

export function isRuleSetId(value: unknown): value is RuleSetId {
  return typeof value === 'string' && Object.hasOwn(RULE_SETS, value);
}

/**
 * Assesses with the given rule set (default `vn-moh-2021`); the result names the rule set.
 * `at` is the assessment instant, used for age when there is no observation or it has no `takenAt`.
 */
export function assess(
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  at: Date | string,
  ruleSet: RuleSetId = DEFAULT_RULE_SET,
): Assessment {
  // The id may come from a database row typed as RuleSetId by trust, so check at run time too.
  if (!isRuleSetId(ruleSet)) throw new RangeError(`unknown triage rule set "${String(ruleSet)}"`);
  return RULE_SETS[ruleSet](patient, observation, at);
}
