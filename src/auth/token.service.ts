import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type AuthUser } from './role';

interface AccessTokenClaims {
  sub: string;
  email: string;
  role: AuthUser['role'];
  doctorId: string | null;
  district?: string | null;
  /** the user's token version when it was issued; a bump (logout, new password, reset…) voids it */
  ver?: number;
  exp?: number;
}

/** What a well-signed, unexpired token claims. Whether it still holds is UserAccessService's question. */
export interface TokenClaims {
  user: AuthUser;
  version: number;
  expiresAt: Date;
}

/** Issues and verifies access tokens (signature and expiry); shared by the HTTP guard and the Socket.IO handshake. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  /** `district` may be left out for every role but a district officer. */
  issue(user: Omit<AuthUser, 'district'> & { district?: string | null }, version = 0): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      email: user.email,
      role: user.role,
      doctorId: user.doctorId,
      district: user.district ?? null,
      ver: version,
    };
    return this.jwt.signAsync(claims);
  }

  /** The claims, or null when the token is missing, forged or expired. */
  async verify(token: string | undefined): Promise<TokenClaims | null> {
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
      if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string') return null;
      return {
        user: {
          id: claims.sub,
          email: claims.email,
          role: claims.role,
          doctorId: claims.doctorId ?? null,
          district: claims.district ?? null,
        },
        version: typeof claims.ver === 'number' ? claims.ver : 0,
        expiresAt: new Date((claims.exp ?? 0) * 1000),
      };
    } catch {
      return null;
    }
  }
}
