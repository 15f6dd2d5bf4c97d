import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DomainException } from '../errors/domain.exception';
import {
  AccessPolicy,
  type AccessDecision,
  type AccessReader,
  type Caller,
  type ResourcePolicy,
} from './access-policy';
import type { ResourceName } from './resources';

/**
 * The one answer to "may this caller act on this record": every route with a record id and every
 * socket handler that acts on a record calls `requireAccess` before anything else reads or writes it.
 * Which roles may call a route at all stays the `@Roles` decorator; this is which records.
 */
@Injectable()
export class AccessControl implements OnApplicationBootstrap {
  private readonly policies = new Map<ResourceName, ResourcePolicy>();
  private discovered = false;

  constructor(@Optional() private readonly discovery?: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.discover();
  }

  /** Once: every `@AccessPolicy()` provider (also before the app's init, e.g. while the demo seeds). */
  private discover(): void {
    if (this.discovered || !this.discovery) return;
    this.discovered = true;
    for (const wrapper of this.discovery.getProviders({ metadataKey: AccessPolicy.KEY })) {
      const policy = wrapper.instance as ResourcePolicy | undefined;
      if (policy) this.register(policy);
    }
  }

  register(policy: ResourcePolicy): void {
    const existing = this.policies.get(policy.resource);
    if (existing && existing !== policy)
      throw new Error(`two access policies for the resource '${policy.resource}'`);
    this.policies.set(policy.resource, policy);
  }

  /** Whether a resource has its policy (the route table test checks every resource it names). */
  has(resource: ResourceName): boolean {
    this.discover();
    return this.policies.has(resource);
  }

  /**
   * Throws unless the caller may act on every id: 404 (`<noun> not found`) for the first id that does
   * not exist as far as the caller may know, else 403 for the first one refused. Ids are checked in
   * one call to the policy; pass `db` = the open transaction to decide on rows it holds locked.
   */
  async requireAccess(
    caller: Caller,
    resource: ResourceName,
    ids: string | readonly string[],
    db?: AccessReader,
  ): Promise<void> {
    this.discover();
    const policy = this.policies.get(resource);
    // a programming error, not a caller's: fail closed and loudly
    if (!policy) throw new Error(`no access policy registered for the resource '${resource}'`);
    const list = [...new Set(typeof ids === 'string' ? [ids] : ids)];
    if (list.length === 0) return;
    const decisions = await policy.check(caller, list, db);
    const refusal = firstRefusal(list, decisions);
    if (refusal === 'not_found') throw DomainException.notFound(policy.noun);
    if (refusal) throw DomainException.forbidden(refusal.forbidden);
  }
}

function firstRefusal(
  ids: readonly string[],
  decisions: ReadonlyMap<string, AccessDecision>,
): Exclude<AccessDecision, 'allowed'> | null {
  let forbidden: { forbidden: string } | null = null;
  for (const id of ids) {
    const decision = decisions.get(id) ?? 'not_found';
    if (decision === 'not_found') return decision;
    if (decision !== 'allowed') forbidden ??= decision;
  }
  return forbidden;
}
