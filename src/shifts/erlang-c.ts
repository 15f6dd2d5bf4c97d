/**
 * Erlang C: how many doctors a consult window needs so that a share of calls is answered within a
 * target time, given the calls per hour and the average handling time. Pure and numerically stable:
 * the waiting probability comes from the Erlang B recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which
 * never forms A^n or n! and so works for hundreds of agents where the textbook formula overflows.
 */

export interface StaffingTarget {
  readonly callsPerHour: number;
  readonly averageHandleSeconds: number;
  /** share of calls to answer within `targetAnswerSeconds`, in (0, 1); default 0.8 */
  readonly targetServiceLevel?: number;
  /** default 60 */
  readonly targetAnswerSeconds?: number;
  /** never suggest more than this many (the answer is then below target: check `serviceLevel`) */
  readonly maxAgents?: number;
}

/** Offered load in Erlangs: calls per hour × hours each call takes. */
export function trafficErlangs(callsPerHour: number, averageHandleSeconds: number): number {
  return (callsPerHour * averageHandleSeconds) / 3600;
}

/** Erlang B blocking probability with `agents` servers and `traffic` Erlangs. */
export function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b;
}

/** Probability that a call waits (Erlang C); 1 when the agents cannot keep up (agents ≤ traffic). */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  return waitProbability(agents, traffic, erlangB(agents, traffic));
}

/** Share of calls answered within `answerSeconds`: 1 − C(n, A)·e^(−(n − A)·t / AHT). */
export function serviceLevel(
  agents: number,
  traffic: number,
  averageHandleSeconds: number,
  answerSeconds: number,
): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return levelFrom(erlangC(agents, traffic), agents, traffic, averageHandleSeconds, answerSeconds);
}

/** The fewest agents whose service level reaches the target (0 when no calls are expected). */
export function agentsNeeded(target: StaffingTarget): number {
  const { callsPerHour, averageHandleSeconds } = target;
  const level = target.targetServiceLevel ?? 0.8;
  const answerSeconds = target.targetAnswerSeconds ?? 60;
  const maxAgents = target.maxAgents ?? Number.POSITIVE_INFINITY;
  if (![callsPerHour, averageHandleSeconds, answerSeconds].every(Number.isFinite)) {
    throw new RangeError('calls per hour, handling time and answer time must be finite numbers');
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`target service level ${level} must be in (0, 1)`);
  if (answerSeconds < 0) throw new RangeError('target answer time cannot be negative');
  if (callsPerHour <= 0 || averageHandleSeconds <= 0) return 0;
  const traffic = trafficErlangs(callsPerHour, averageHandleSeconds);
  // walk n upwards carrying B(n), so the whole search costs one pass of the recursion
  let b = 1;
  for (let n = 1; ; n++) {
    b = (traffic * b) / (n + traffic * b);
    if (n >= maxAgents) return maxAgents;
    if (n <= traffic) continue;
    const c = waitProbability(n, traffic, b);
    if (levelFrom(c, n, traffic, averageHandleSeconds, answerSeconds) >= level) return n;
  }
}

function waitProbability(agents: number, traffic: number, blocking: number): number {
  return blocking / (1 - (traffic / agents) * (1 - blocking));
}

function levelFrom(
  wait: number,
  agents: number,
  traffic: number,
  aht: number,
  answerSeconds: number,
): number {
  return 1 - wait * Math.exp((-(agents - traffic) * answerSeconds) / aht);
}
