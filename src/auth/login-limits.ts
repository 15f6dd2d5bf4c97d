/**
 * Failed-login limits (CONTRACT.md "Auth and users"): per email whatever the address, and per client
 * address whatever the email. Counted as rows in PostgreSQL so every process sees every failure.
 */
export interface LoginLimit {
  kind: 'email' | 'address';
  limit: number;
  windowMs: number;
}

export const LOGIN_LIMITS: readonly LoginLimit[] = [
  { kind: 'email', limit: 10, windowMs: 15 * 60_000 },
  { kind: 'address', limit: 100, windowMs: 60_000 },
];

export const limitKey = (kind: LoginLimit['kind'], value: string): string =>
  `${kind}:${kind === 'email' ? value.trim().toLowerCase() : value}`;

/**
 * Seconds until an attempt may be made again, given the instants of the failures counted against one
 * key (newest first, this attempt's own provisional row included), or 0 when this attempt is within
 * the limit. Refused, the attempt's row is withdrawn; the way opens again when enough of the others
 * have left the window that fewer than `limit` remain.
 */
export function retryAfterSeconds(newestFirst: Date[], rule: LoginLimit, now: Date): number {
  const inWindow = newestFirst.filter((at) => now.getTime() - at.getTime() < rule.windowMs);
  if (inWindow.length <= rule.limit) return 0;
  const opensAt = inWindow[rule.limit].getTime() + rule.windowMs;
  return Math.max(1, Math.ceil((opensAt - now.getTime()) / 1000));
}
