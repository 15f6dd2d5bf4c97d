import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { AuthedRequest } from './auth.decorators';

/**
 * On routes under /doctors/:id: a doctor may act only on their own id; staff roles pass.
 * A guard (not a check in the handler) so a doctor gets 403 before the body is even validated.
 */
@Injectable()
export class OwnDoctorGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const user = req.user;
    if (user?.role === 'doctor' && req.params.id !== user.doctorId) {
      throw new ForbiddenException('a doctor may only see their own record');
    }
    return true;
  }
}
