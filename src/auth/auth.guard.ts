import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthedRequest, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { Role } from './role';
import { TokenService } from './token.service';

/**
 * Global guard for every HTTP route: a valid bearer token (401 otherwise), then a role the
 * route names with @Roles (403 otherwise). Routes without @Roles or @Public are refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const user = await this.tokens.verify(token);
    if (!user) throw new UnauthorizedException('A valid bearer token is required');
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!roles?.includes(user.role))
      throw new ForbiddenException(`Role ${user.role} may not call this route`);
    return true;
  }
}
