import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { LoginLimiter } from './login-limiter.service';
import { decoyPasswordHash, verifyPassword } from './passwords';
import type { AuthUser } from '../common/roles';
import { TokenService } from './token.service';
import { totpMatches } from './totp';
import { toAuthUser, UsersService } from './users.service';
import type { User } from './users.queries';

export interface LoginResult {
  accessToken: string;
  user: AuthUser;
  mustChangePassword: boolean;
  mustEnrollOtp: boolean;
}

const INVALID_LOGIN = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly limiter: LoginLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * One answer (401, same body) for an unknown email, a wrong password, a disabled user, an inactive
   * doctor and a missing or wrong TOTP code, and the same hashing work for each. Failures count
   * against the email and the client address (LoginLimiter); past a limit, 429 whatever the password.
   */
  async login(
    email: string,
    password: string,
    otp: string | undefined,
    address: string,
  ): Promise<LoginResult> {
    const user = await this.limiter.guard(email, address, async () => {
      const found = await this.users.findLogin(email);
      const ok = await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash()), password);
      if (!found || !ok || found.disabled || found.doctorActive === false) return null;
      if (
        found.otpEnabled &&
        !(otp && found.otpSecret && totpMatches(found.otpSecret, otp, this.clock.now()))
      )
        return null;
      return found;
    });
    if (!user) throw new DomainException(DomainError.Unauthorized, INVALID_LOGIN);
    return this.session(user);
  }

  /** The caller's own password: the current one checked (and counted like a sign-in), then replaced. */
  async changePassword(
    caller: AuthUser,
    currentPassword: string,
    newPassword: string,
    address: string,
  ): Promise<{ accessToken: string }> {
    if (currentPassword === newPassword)
      throw DomainException.invalid(['newPassword must differ from currentPassword']);
    const right = await this.limiter.guard(caller.email, address, async () => {
      const user = await this.users.findById(caller.id);
      return (await verifyPassword(user.passwordHash, currentPassword)) ? true : null;
    });
    if (!right) throw DomainException.invalid(['currentPassword is not right']);
    const user = await this.users.setOwnPassword(caller.id, newPassword);
    return { accessToken: (await this.session(user)).accessToken };
  }

  private async session(user: User): Promise<LoginResult> {
    const authUser = toAuthUser(user);
    return {
      accessToken: await this.tokens.issue(authUser, user.tokenVersion),
      user: authUser,
      mustChangePassword: user.mustChangePassword,
      mustEnrollOtp: this.config.mfaRequiredRoles.includes(user.role) && !user.otpEnabled,
    };
  }
}
