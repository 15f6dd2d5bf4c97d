import { RISK_TIERS } from './vocabularies';

export { RISK_TIERS };
export type RiskTier = (typeof RISK_TIERS)[number];

export const isRiskTier = (v: unknown): v is RiskTier =>
  typeof v === 'string' && (RISK_TIERS as readonly string[]).includes(v);

/** Higher is worse; lists sort the worst first. */
export const tierRank = (tier: RiskTier): number => RISK_TIERS.indexOf(tier);

/** A short symbol next to the word so the badge reads without colour (and in greyscale print). */
export const TIER_SYMBOL: Record<RiskTier, string> = { green: '●', yellow: '▲', orange: '◆', red: '■' };

export function byTierThenName<T extends { riskTier: RiskTier; fullName: string }>(a: T, b: T): number {
  return tierRank(b.riskTier) - tierRank(a.riskTier) || a.fullName.localeCompare(b.fullName, 'vi');
}
