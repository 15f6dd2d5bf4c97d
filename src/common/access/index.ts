// The access helper: one `requireAccess(caller, resource, id)` for every route and socket handler.
export { AccessControl } from './access-control';
export { AccessModule } from './access.module';
export { AccessPolicy, decideByRow } from './access-policy';
export type { AccessDecision, AccessDecisions, AccessReader, Caller, ResourcePolicy } from './access-policy';
export { Resource, RESOURCE_NAMES } from './resources';
export type { ResourceName } from './resources';
export { AccessGuard, RequireAccess } from './require-access.decorator';
