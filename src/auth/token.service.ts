import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type AuthUser } from './role';

interface AccessTokenClaims {
  sub: string;
  email: string;
  role: AuthUser['role'];
  doctorId: string | null;
}

/** Issues and verifies access tokens; shared by the HTTP guard and the Socket.IO handshake. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(user: AuthUser): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      email: user.email,
      role: user.role,
      doctorId: user.doctorId,
    };
    return this.jwt.signAsync(claims);
  }

  /** The caller, or null when the token is missing, forged or expired. */
  async verify(token: string | undefined): Promise<AuthUser | null> {
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
      if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string') return null;
      return { id: claims.sub, email: claims.email, role: claims.role, doctorId: claims.doctorId ?? null };
    } catch {
      return null;
    }
  }
}
