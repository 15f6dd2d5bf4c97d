import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type AuthUser } from '../common/roles';

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

const MAX_VERIFIED = 10_000;

/** Issues and verifies access tokens (signature and expiry); shared by the HTTP guard and the Socket.IO handshake. */
@Injectable()
export class TokenService {
  /**
   * Tokens whose signature checked out, by token: a signature never stops holding, so a client's
   * next request only checks the expiry again (the HMAC and JSON parse were ~6% of a request's CPU).
   */
  private readonly verified = new Map<string, TokenClaims & { exp: number }>();

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
    const known = this.verified.get(token);
    // expired as jsonwebtoken says it: at `exp`, in whole seconds of the same clock
    if (known) return Math.floor(Date.now() / 1000) < known.exp ? copy(known) : null;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
      if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string') return null;
      const verified = {
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
      if (typeof claims.exp === 'number') {
        if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
        this.verified.set(token, { ...verified, exp: claims.exp });
      }
      return copy(verified);
    } catch {
      return null;
    }
  }
}

/** A caller's own copy (the guard hands `user` to the request). */
const copy = (c: TokenClaims): TokenClaims => ({
  user: { ...c.user },
  version: c.version,
  expiresAt: c.expiresAt,
});
