// NEWS2 (Royal College of Physicians, 2017), SpO2 scale 1, exactly as charted in TRIAGE.md.
// Each band is closed at its upper edge, so a value between two charted bands (38.05 °C) falls in
// the band above the lower edge it has passed: every real number gets exactly one score.
import type { Consciousness, News2, News2Parameter, TriageObservation } from './triage.types';
import { NEWS2_PARAMETERS } from './triage.types';

export function scoreRespiratoryRate(perMinute: number): number {
  if (perMinute <= 8) return 3;
  if (perMinute <= 11) return 1;
  if (perMinute <= 20) return 0;
  if (perMinute <= 24) return 2;
  return 3;
}

export function scoreSpo2Scale1(percent: number): number {
  if (percent <= 91) return 3;
  if (percent <= 93) return 2;
  if (percent <= 95) return 1;
  return 0;
}

export function scoreAirOrOxygen(onOxygen: boolean): number {
  return onOxygen ? 2 : 0;
}

export function scoreSystolicBp(mmHg: number): number {
  if (mmHg <= 90) return 3;
  if (mmHg <= 100) return 2;
  if (mmHg <= 110) return 1;
  if (mmHg < 220) return 0;
  return 3;
}

export function scorePulse(perMinute: number): number {
  if (perMinute <= 40) return 3;
  if (perMinute <= 50) return 1;
  if (perMinute <= 90) return 0;
  if (perMinute <= 110) return 1;
  if (perMinute <= 130) return 2;
  return 3;
}

/** New confusion, voice, pain and unresponsive all score 3. */
export function scoreConsciousness(level: Consciousness): number {
  return level === 'alert' ? 0 : 3;
}

export function scoreTemperature(celsius: number): number {
  if (celsius <= 35.0) return 3;
  if (celsius <= 36.0) return 1;
  if (celsius <= 38.0) return 0;
  if (celsius <= 39.0) return 1;
  return 2;
}

function scoreIfMeasured<T>(value: T | null | undefined, score: (v: T) => number): number | null {
  return value === null || value === undefined ? null : score(value);
}

/** Scores each parameter; a missing value scores null and adds nothing (oxygen missing = on air). */
export function scoreNews2(observation: TriageObservation): News2 {
  const scores: Record<News2Parameter, number | null> = {
    rr: scoreRespiratoryRate(observation.respiratoryRate),
    spo2: scoreSpo2Scale1(observation.spo2),
    oxygen: scoreAirOrOxygen(observation.onOxygen ?? false),
    sbp: scoreIfMeasured(observation.systolicBp, scoreSystolicBp),
    pulse: scoreIfMeasured(observation.heartRate, scorePulse),
    consciousness: scoreIfMeasured(observation.consciousness, scoreConsciousness),
    temperature: scoreIfMeasured(observation.temperature, scoreTemperature),
  };
  const total = NEWS2_PARAMETERS.reduce((sum, parameter) => sum + (scores[parameter] ?? 0), 0);
  return { total, scores };
}

/** Parameters in the "red score" band (3 points), in chart order. */
export function parametersScoringThree(news2: News2): News2Parameter[] {
  return NEWS2_PARAMETERS.filter((parameter) => news2.scores[parameter] === 3);
}
