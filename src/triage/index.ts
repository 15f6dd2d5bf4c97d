// Public surface of triage: pure rules and cadence, no Nest, no database.
export * from './triage.types';
export type { Age, AgeBand } from './age';
export { AGE_BANDS, ageBand, ageOn } from './age';
export {
  parametersScoringThree,
  scoreAirOrOxygen,
  scoreConsciousness,
  scoreNews2,
  scorePulse,
  scoreRespiratoryRate,
  scoreSpo2Scale1,
  scoreSystolicBp,
  scoreTemperature,
} from './news2';
export { observationProblems, patientProblems } from './input-check';
export { DANGER_RESPIRATORY_RATE } from './vn-moh-2021.rules';
export type { PedsBand } from './vn-moh-2021.2.rules';
export { PEDS_BANDS, pedsBand } from './vn-moh-2021.2.rules';
export type { AssessContext, AssessFn, RuleSetId } from './rule-sets';
export { DEFAULT_RULE_SET, RULE_SETS, assess, isRuleSetId, possibleReasons } from './rule-sets';
export type { CadenceConfig, NextDueInput, TierCadence } from './cadence';
export { DEFAULT_CADENCE, nextDueAt, overdueAt, retryDueAt, shouldEscalateAfterMisses } from './cadence';
