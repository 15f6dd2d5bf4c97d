import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessControl } from './access-control';
import type { Caller } from './access-policy';
import type { ResourceName } from './resources';

const REQUIRE_ACCESS_KEY = 'access:require';

interface Requirement {
  resource: ResourceName;
  param: string;
}

/**
 * `requireAccess(caller, resource, <route param>)` run as a guard, before the params and body are
 * validated: for a policy that decides from the id alone (a doctor's own record), so a doctor on
 * another's record gets 403 whatever they sent. A policy that reads rows is called in the handler or
 * service instead, after the id is known to be well formed.
 */
export const RequireAccess = (resource: ResourceName, param = 'id') =>
  applyDecorators(
    SetMetadata(REQUIRE_ACCESS_KEY, { resource, param } satisfies Requirement),
    UseGuards(AccessGuard),
  );

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessControl,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<Requirement | undefined>(REQUIRE_ACCESS_KEY, ctx.getHandler());
    if (!requirement) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: Caller }>();
    // the auth guard runs first and sets the caller on every route that is not public
    if (!req.user) throw new Error('RequireAccess on a route without an authenticated caller');
    await this.access.requireAccess(req.user, requirement.resource, String(req.params[requirement.param]));
    return true;
  }
}
