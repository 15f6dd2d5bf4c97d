import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { EventBus } from '../common/events';
import { Page, toPage } from '../common/pagination';
import type { UserListQuery } from './auth.dto';
import { passwordProblem } from '../common/password-policy';
import { hashPassword } from './passwords';
import type { AuthUser, Role } from '../common/roles';
import { newTotpSecret, otpauthUrl, totpMatches } from './totp';
import { UserAccessService } from './user-access.service';
import {
  anyAdmin,
  bumpTokenVersion,
  doctorActive,
  emailInUse,
  enableOtp,
  insertUser,
  listUsers,
  otherEnabledAdmins,
  revokeDoctorUser,
  setPassword,
  setPendingOtpSecret,
  syncDoctorUser,
  updateUser,
  type User,
  userByEmail,
  userById,
} from './users.queries';
import { rows } from '../common/sql';

export interface NewUser {
  email: string;
  password: string;
  fullName: string;
  role: Role;
  doctorId?: string | null;
  /** required for a district officer, refused for any other role */
  district?: string | null;
}

export interface UserPatch {
  disabled?: boolean;
  role?: Role;
  fullName?: string;
  district?: string;
  /** only false: TOTP off (a lost authenticator) */
  otpEnabled?: false;
}

/** Any fixed number: the lock that lets one process create the first admin. */
const FIRST_ADMIN_LOCK = 1022_0001;

export const toAuthUser = (u: User): AuthUser => ({
  id: u.id,
  email: u.email,
  role: u.role,
  doctorId: u.doctorId,
  district: u.district,
});

/** A random password for a reset or the first admin: 16 characters of base64url (96 bits). */
export const randomPassword = (): string => randomBytes(12).toString('base64url');

/**
 * Logins: creation, the admin's list and changes, passwords, TOTP, and the token version that voids
 * tokens. Every change that takes access away bumps `token_version` (the trigger tells every process)
 * and drops this process's cached copy at once, so the very next request here is refused too.
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: UserAccessService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly areas: AreasService,
  ) {}

  async findByEmail(email: string): Promise<User | null> {
    return (await userByEmail(this.db, email.toLowerCase())) ?? null;
  }

  /** The login behind an email with what sign-in must check: is the doctor (if any) still active? */
  async findLogin(email: string): Promise<(User & { doctorActive: boolean | null }) | null> {
    const user = await this.findByEmail(email);
    if (!user) return null;
    if (!user.doctorId) return { ...user, doctorActive: null };
    return { ...user, doctorActive: (await doctorActive(this.db, user.doctorId)) ?? false };
  }

  async findById(id: string): Promise<User> {
    const user = await userById(this.db, id);
    if (!user) throw DomainException.notFound('user');
    return user;
  }

  /** Creates a login; inside `manager` when given, so a doctor and their login are written together. */
  async create(input: NewUser, manager?: EntityManager, passwordHash?: string): Promise<User> {
    const db = manager ?? this.db;
    const email = input.email.toLowerCase();
    if (!passwordHash) assertPasswordAcceptable(input.password);
    const district = this.districtFor(input.role, input.district ?? undefined, undefined);
    if (await emailInUse(db, email)) throw DomainException.conflict(`email ${email} is already in use`);
    return insertUser(db, {
      email,
      passwordHash: passwordHash ?? (await hashPassword(input.password)),
      fullName: input.fullName,
      role: input.role,
      doctorId: input.doctorId ?? null,
      district,
    });
  }

  async list(query: UserListQuery): Promise<Page<User>> {
    const { rows, total } = await listUsers(this.db, query, query);
    return toPage(rows, total, query, (u) => u);
  }

  /**
   * The admin's changes. Disabling, a new role (it is in the token) or TOTP turned off voids every
   * token of the user. A doctor's role is tied to their doctor record and does not change here; the last enabled
   * admin can be neither disabled nor demoted, so the service cannot lock itself out.
   */
  async update(id: string, patch: UserPatch): Promise<User> {
    const user = await this.bus.transact(async (tx, events) => {
      const user = await userById(tx, id, true);
      if (!user) throw DomainException.notFound('user');
      const role = patch.role ?? user.role;
      if (role !== user.role && (user.role === 'doctor' || role === 'doctor'))
        throw DomainException.invalid([
          "role cannot change to or from doctor (a doctor's login belongs to the doctor)",
        ]);
      const district = this.districtFor(role, patch.district, user.district);
      const disabled = patch.disabled ?? user.disabled;
      if (user.role === 'admin' && !user.disabled && (disabled || role !== 'admin')) {
        // Lock every admin row, so two admins demoting each other at once cannot both succeed.
        if ((await otherEnabledAdmins(tx, id)) === 0)
          throw DomainException.conflict('the last enabled admin cannot be disabled or demoted');
      }
      const otpOff = patch.otpEnabled === false && user.otpEnabled;
      // the district is in the token, as the role is: a new one voids the old tokens
      const revoked =
        (disabled && !user.disabled) || role !== user.role || district !== user.district || otpOff;
      user.role = role;
      user.district = district;
      user.disabled = disabled;
      if (patch.fullName !== undefined) user.fullName = patch.fullName;
      if (patch.otpEnabled === false) {
        user.otpEnabled = false;
        user.otpSecret = null;
      }
      if (revoked) user.tokenVersion += 1;
      const saved = await updateUser(tx, user);
      if (revoked && saved.disabled)
        events.add('auth.access-revoked', { userId: saved.id, doctorId: saved.doctorId });
      return saved;
    });
    this.access.forget(user.id);
    return user;
  }

  /**
   * The district a login of `role` keeps: a district officer's must be in the areas list (400 naming
   * `district`), given now or kept from before; any other role has none and may not be given one.
   */
  private districtFor(
    role: Role,
    given: string | undefined,
    current: string | null | undefined,
  ): string | null {
    if (role !== 'district_officer') {
      if (given !== undefined) throw DomainException.invalid(['district is only for role district_officer']);
      return null;
    }
    const district = given ?? current ?? undefined;
    if (district === undefined)
      throw DomainException.invalid(['district is required for role district_officer']);
    return this.areas.resolve(district).district;
  }

  /** Logout: every token of this user issued so far is refused (the token version moves on). */
  async endSessions(userId: string): Promise<void> {
    await bumpTokenVersion(this.db, userId);
    this.access.forget(userId);
  }

  /**
   * A new password chosen by its owner (the caller has checked the current one): every token issued
   * before is void. Returns the user with the new token version, for the fresh token they get back.
   */
  async setOwnPassword(userId: string, newPassword: string): Promise<User> {
    assertPasswordAcceptable(newPassword, 'newPassword');
    const user = await this.findById(userId);
    const passwordHash = await hashPassword(newPassword);
    const tokenVersion = await setPassword(this.db, userId, passwordHash, false);
    this.access.forget(userId);
    return {
      ...user,
      tokenVersion: tokenVersion ?? user.tokenVersion + 1,
      mustChangePassword: false,
    };
  }

  /** The admin's reset: a temporary password, every token void, a new password required at next sign-in. */
  async resetPassword(userId: string): Promise<string> {
    await this.findById(userId);
    const temporaryPassword = randomPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await setPassword(this.db, userId, passwordHash, true);
    this.access.forget(userId);
    return temporaryPassword;
  }

  /** TOTP setup: a fresh secret, pending until enabled with a code from it. Refused once TOTP is on. */
  async otpSetup(userId: string): Promise<string> {
    const user = await this.findById(userId);
    if (user.otpEnabled) throw DomainException.conflict('two-factor sign-in is already on');
    const secret = newTotpSecret();
    await setPendingOtpSecret(this.db, userId, secret);
    return otpauthUrl(secret, user.email);
  }

  /** TOTP on, proven by a code from the pending secret; every session ends (sign in again with a code). */
  async otpEnable(userId: string, otp: string): Promise<void> {
    const user = await this.findById(userId);
    if (user.otpEnabled) throw DomainException.conflict('two-factor sign-in is already on');
    if (!user.otpSecret) throw DomainException.conflict('call POST /api/auth/otp/setup first');
    if (!totpMatches(user.otpSecret, otp, this.clock.now()))
      throw DomainException.invalid(['otp is not right']);
    await enableOtp(this.db, userId);
    this.access.forget(userId);
  }

  /**
   * In the doctors domain's transaction: the login of a doctor who is deactivated loses every token
   * (sign-in itself checks the doctor is active). Call `announceRevoked` with the result after commit.
   */
  async revokeDoctorLogin(tx: EntityManager, doctorId: string): Promise<User | null> {
    return (await revokeDoctorUser(tx, doctorId)) ?? null;
  }

  /** In the doctors domain's transaction: a doctor's login follows their name and email. */
  async syncDoctorLogin(tx: EntityManager, doctorId: string, email: string, fullName: string): Promise<void> {
    await syncDoctorUser(tx, doctorId, email, fullName);
  }

  /**
   * After the doctors domain's commit: this process forgets the user's access at once (UserAccessService
   * listens), and an offer they hold is taken back.
   */
  announceRevoked(user: Pick<User, 'id' | 'doctorId'>): void {
    this.bus.publish('auth.access-revoked', { userId: user.id, doctorId: user.doctorId });
  }

  /**
   * The first admin, created at start when no admin exists; returns the password only when it made one up.
   * Several processes may start at once on an empty database: an advisory lock lets one of them create it.
   */
  async ensureAdmin(
    email: string,
    password?: string,
  ): Promise<{ created: boolean; generatedPassword?: string }> {
    if (await anyAdmin(this.db)) return { created: false };
    const generatedPassword = password ? undefined : randomPassword();
    const passwordHash = await hashPassword(password ?? (generatedPassword as string));
    const created = await this.db.transaction(async (tx) => {
      await rows(tx, 'SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      if (await anyAdmin(tx)) return false;
      await this.create({ email, password: '', fullName: 'Administrator', role: 'admin' }, tx, passwordHash);
      return true;
    });
    if (!created) return { created: false };
    this.logger.log('created the first admin account');
    return { created: true, generatedPassword };
  }
}

function assertPasswordAcceptable(password: string, field = 'password'): void {
  const problem = passwordProblem(password, field);
  if (problem) throw DomainException.invalid([problem]);
}
