// Rule sets are versioned so an old assessment can always be explained by the rules that made it:
// a change of guidance adds a new id here rather than editing an existing one.
import type { Assessment, TriageObservation, TriagePatient } from './triage.types';
import type { AssessContext } from './vn-moh-2021.2.rules';
import { assess as assessVnMoh2021v2, possibleReasons as reasonsVnMoh2021v2 } from './vn-moh-2021.2.rules';
import { assess as assessVnMoh2021, possibleReasons as reasonsVnMoh2021 } from './vn-moh-2021.rules';

export type { AssessContext } from './vn-moh-2021.2.rules';

export type AssessFn = (
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  context: AssessContext,
) => Assessment;

interface RuleSet {
  assess: AssessFn;
  /** Every reason the rule set can give (the console translates each one). */
  possibleReasons: () => string[];
}

export const RULE_SETS = {
  'vn-moh-2021.2': { assess: assessVnMoh2021v2, possibleReasons: reasonsVnMoh2021v2 },
  // Counts age in Asia/Ho_Chi_Minh as part of its own definition, so the context's zone is not used.
  'vn-moh-2021': {
    assess: (patient, observation, { at }) => assessVnMoh2021(patient, observation, at),
    possibleReasons: reasonsVnMoh2021,
  },
} as const satisfies Record<string, RuleSet>;

export type RuleSetId = keyof typeof RULE_SETS;

export const DEFAULT_RULE_SET: RuleSetId = 'vn-moh-2021.2';

export function isRuleSetId(value: unknown): value is RuleSetId {
  return typeof value === 'string' && Object.hasOwn(RULE_SETS, value);
}

/**
 * Assesses with the given rule set (default `vn-moh-2021.2`); the result names the rule set.
 * `context.at` is the assessment instant, used for age when the observation has no `takenAt`;
 * `context.zone` is the zone whose calendar dates count age (OPERATIONS_TZ).
 */
export function assess(
  patient: TriagePatient,
  observation: TriageObservation | undefined,
  context: AssessContext,
  ruleSet: RuleSetId = DEFAULT_RULE_SET,
): Assessment {
  // The id may come from a database row typed as RuleSetId by trust, so check at run time too.
  if (!isRuleSetId(ruleSet)) throw new RangeError(`unknown triage rule set "${String(ruleSet)}"`);
  return RULE_SETS[ruleSet].assess(patient, observation, context);
}

/** Every reason code any registered rule set can give, by rule set. */
export function possibleReasons(ruleSet: RuleSetId): string[] {
  return RULE_SETS[ruleSet].possibleReasons();
}
