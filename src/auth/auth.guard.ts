import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, DomainException } from '../common/errors/domain.exception';
import type { Restriction } from './access';
import { AuthedRequest, PUBLIC_KEY, RESTRICTED_KEY, ROLES_KEY } from './auth.decorators';
import type { Role } from '../common/roles';
import { UserAccessService } from './user-access.service';

const RESTRICTION_ERRORS: Record<Restriction, DomainException> = {
  password_change: new DomainException(
    DomainError.PasswordChangeRequired,
    'Choose a new password first (POST /api/auth/password)',
  ),
  otp_enrolment: new DomainException(
    DomainError.OtpEnrolmentRequired,
    'Set up two-factor sign-in first (POST /api/auth/otp/setup, then /api/auth/otp/enable)',
  ),
};

/**
 * Global guard for every HTTP route: a valid bearer token that still holds (401 otherwise: bad,
 * expired, revoked, or its user disabled), then a role the route names with @Roles (403 otherwise),
 * then a restricted token only where @AllowRestricted lets it (403 with the restriction's code).
 * Routes without @Roles or @Public are refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: UserAccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const caller = await this.access.authenticate(token);
    if (!caller) throw new UnauthorizedException('A valid bearer token is required');
    req.user = caller.user;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!roles?.includes(caller.user.role))
      throw new ForbiddenException(`Role ${caller.user.role} may not call this route`);
    if (caller.restriction) {
      const allowed = this.reflector.getAllAndOverride<Restriction[]>(RESTRICTED_KEY, targets) ?? [];
      if (!allowed.includes(caller.restriction)) throw RESTRICTION_ERRORS[caller.restriction];
    }
    return true;
  }
}
