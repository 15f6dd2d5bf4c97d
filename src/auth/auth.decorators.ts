import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Restriction } from './access';
import { ROLES, type AuthUser, type Role } from '../common/roles';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const RESTRICTED_KEY = 'auth:restricted';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The roles that may call a route. A route with neither @Roles nor @Public is refused: forgetting is safe.
 * Also documents the roles (`x-roles`), the 401 and the 403 in OpenAPI (src/openapi).
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: 'no token, or an expired or revoked one' }),
    ApiForbiddenResponse({
      description:
        roles.length < ROLES.length
          ? `allowed roles: ${roles.join(', ')}; or the record is not the caller's to see`
          : "the record is not the caller's to see",
    }),
  );

/**
 * The errands a restricted token may run on this route (CONTRACT.md: a `mustChangePassword` token is
 * good only for `GET /auth/me` and `POST /auth/password`; a `mustEnrollOtp` one only for the OTP
 * routes and `GET /auth/me`). Every other route answers 403 with the restriction's code.
 */
export const AllowRestricted = (...restrictions: Restriction[]) => SetMetadata(RESTRICTED_KEY, restrictions);

export type AuthedRequest = Request & { user?: AuthUser };

/** The caller, as the verified token says. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser =>
    ctx.switchToHttp().getRequest<AuthedRequest>().user as AuthUser,
);
