import { Injectable } from '@nestjs/common';
import { DomainError, DomainException } from '../common/errors/domain.exception';
import { decoyPasswordHash, verifyPassword } from './passwords';
import type { AuthUser } from './role';
import { TokenService } from './token.service';
import { toAuthUser, UsersService } from './users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  /** One answer for an unknown email and a wrong password, and the same work for both. */
  async login(email: string, password: string): Promise<{ accessToken: string; user: AuthUser }> {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !ok) throw new DomainException(DomainError.Unauthorized, 'Invalid email or password');
    const authUser = toAuthUser(user);
    return { accessToken: await this.tokens.issue(authUser), user: authUser };
  }
}
