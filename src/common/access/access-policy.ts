import { DiscoveryService } from '@nestjs/core';
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../sql';
import type { ResourceName } from './resources';

/**
 * Who is asking, as far as access is concerned. The authenticated user (`AuthUser` in src/auth)
 * satisfies it as it is; declared here so the floor imports no domain.
 */
export interface Caller {
  id: string;
  role: string;
  doctorId: string | null;
  /** a district officer's district (hotline contacts) */
  district?: string | null;
}

/** Where a policy reads from: the pool, or the caller's open transaction (to see its own locked rows). */
export type AccessReader = DataSource | EntityManager;

/**
 * One record's answer. `not_found` → 404; `{ forbidden }` → 403 with that message. A policy keeps
 * whatever a case answered before (e.g. a doctor asking for another doctor's record gets 403 whether or
 * not it exists; a doctor asking for a patient not theirs gets 404 only when there is no such patient).
 */
export type AccessDecision = 'allowed' | 'not_found' | { forbidden: string };

/** "May this caller act on these records of one kind", answered by the domain that owns them. */
export interface ResourcePolicy {
  readonly resource: ResourceName;
  /** how a missing record is named in the 404: `<noun> not found` */
  readonly noun: string;
  /**
   * A decision for each id asked about. An id missing from the answer counts as `not_found`: a policy
   * that forgets an id refuses it.
   */
  check(
    caller: Caller,
    ids: readonly string[],
    db?: AccessReader,
  ): Promise<ReadonlyMap<string, AccessDecision>>;
}

/**
 * Marks a provider as a resource policy; `AccessControl` finds every one at start
 * (a domain module lists its policy among its providers, nothing else to wire).
 */
export const AccessPolicy = DiscoveryService.createDecorator<void>();

/** A policy's answer: a decision per id asked about. */
export type AccessDecisions = ReadonlyMap<string, AccessDecision>;

/**
 * The usual shape of a policy: read the row of each asked record (`sql` selects `id` and whatever the
 * rule needs), decide on each; an id with no row is not found.
 */
export async function decideByRow<R extends { id: string }>(
  db: AccessReader,
  sql: string,
  params: unknown[],
  decide: (row: R) => AccessDecision | Promise<AccessDecision>,
): Promise<AccessDecisions> {
  const decisions = new Map<string, AccessDecision>();
  for (const row of await rows<R>(db, sql, params)) decisions.set(row.id, await decide(row));
  return decisions;
}
