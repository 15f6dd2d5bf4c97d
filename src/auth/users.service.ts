import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { AreasService } from '../areas';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { EventBus } from '../common/events';
import { Page, toPage } from '../common/pagination';
import type { UserListQuery } from './auth.dto';
import { one } from '../common/sql';
import { passwordProblem } from './password-policy';
import { hashPassword } from './passwords';
import type { AuthUser, Role } from './role';
import { newTotpSecret, otpauthUrl, totpMatches } from './totp';
import { UserAccessService } from './user-access.service';
import { UserEntity } from './user.entity';

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

export const toAuthUser = (u: UserEntity): AuthUser => ({
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
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly access: UserAccessService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly areas: AreasService,
  ) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email: email.toLowerCase() } });
  }

  /** The login behind an email with what sign-in must check: is the doctor (if any) still active? */
  async findLogin(email: string): Promise<(UserEntity & { doctorActive: boolean | null }) | null> {
    const user = await this.findByEmail(email);
    if (!user) return null;
    if (!user.doctorId) return { ...user, doctorActive: null };
    const [doctor] = await this.users.manager.query<{ active: boolean }[]>(
      `SELECT active FROM doctors WHERE id = $1`,
      [user.doctorId],
    );
    return { ...user, doctorActive: doctor?.active ?? false };
  }

  async findById(id: string): Promise<UserEntity> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw DomainException.notFound('user');
    return user;
  }

  /** Creates a login; inside `manager` when given, so a doctor and their login are written together. */
  async create(input: NewUser, manager?: EntityManager, passwordHash?: string): Promise<UserEntity> {
    const repo = manager ? manager.getRepository(UserEntity) : this.users;
    const email = input.email.toLowerCase();
    if (!passwordHash) assertPasswordAcceptable(input.password);
    const district = this.districtFor(input.role, input.district ?? undefined, undefined);
    if (await repo.exists({ where: { email } }))
      throw DomainException.conflict(`email ${email} is already in use`);
    return repo.save(
      repo.create({
        email,
        passwordHash: passwordHash ?? (await hashPassword(input.password)),
        fullName: input.fullName,
        role: input.role,
        doctorId: input.doctorId ?? null,
        district,
      }),
    );
  }

  async list(query: UserListQuery): Promise<Page<UserEntity>> {
    const qb = this.users.createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.full_name ILIKE :like OR u.email ILIKE :like)', { like });
    }
    const [found, total] = await qb
      .orderBy('u.email', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return toPage(found, total, query, (u) => u);
  }

  /**
   * The admin's changes. Disabling, a new role (it is in the token) or TOTP turned off voids every
   * token of the user. A doctor's role is tied to their doctor record and does not change here; the last enabled
   * admin can be neither disabled nor demoted, so the service cannot lock itself out.
   */
  async update(id: string, patch: UserPatch): Promise<UserEntity> {
    const user = await this.bus.transact(async (tx, events) => {
      const repo = tx.getRepository(UserEntity);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
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
        const [{ others }] = await tx.query<{ others: number }[]>(
          `SELECT count(*)::int AS others FROM (SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1 FOR UPDATE) a`,
          [id],
        );
        if (others === 0)
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
      const saved = await repo.save(user);
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
    await this.users.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [userId]);
    this.access.forget(userId);
  }

  /**
   * A new password chosen by its owner (the caller has checked the current one): every token issued
   * before is void. Returns the user with the new token version, for the fresh token they get back.
   */
  async setOwnPassword(userId: string, newPassword: string): Promise<UserEntity> {
    assertPasswordAcceptable(newPassword, 'newPassword');
    const user = await this.findById(userId);
    const passwordHash = await hashPassword(newPassword);
    const saved = await one<{ token_version: number }>(
      this.users.manager,
      `UPDATE users SET password_hash = $2, must_change_password = false, token_version = token_version + 1, updated_at = now()
       WHERE id = $1 RETURNING token_version`,
      [userId, passwordHash],
    );
    this.access.forget(userId);
    return {
      ...user,
      tokenVersion: saved?.token_version ?? user.tokenVersion + 1,
      mustChangePassword: false,
    };
  }

  /** The admin's reset: a temporary password, every token void, a new password required at next sign-in. */
  async resetPassword(userId: string): Promise<string> {
    await this.findById(userId);
    const temporaryPassword = randomPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.users.query(
      `UPDATE users SET password_hash = $2, must_change_password = true, token_version = token_version + 1, updated_at = now()
       WHERE id = $1`,
      [userId, passwordHash],
    );
    this.access.forget(userId);
    return temporaryPassword;
  }

  /** TOTP setup: a fresh secret, pending until enabled with a code from it. Refused once TOTP is on. */
  async otpSetup(userId: string): Promise<string> {
    const user = await this.findById(userId);
    if (user.otpEnabled) throw DomainException.conflict('two-factor sign-in is already on');
    const secret = newTotpSecret();
    await this.users.update({ id: userId }, { otpSecret: secret });
    return otpauthUrl(secret, user.email);
  }

  /** TOTP on, proven by a code from the pending secret; every session ends (sign in again with a code). */
  async otpEnable(userId: string, otp: string): Promise<void> {
    const user = await this.findById(userId);
    if (user.otpEnabled) throw DomainException.conflict('two-factor sign-in is already on');
    if (!user.otpSecret) throw DomainException.conflict('call POST /api/auth/otp/setup first');
    if (!totpMatches(user.otpSecret, otp, this.clock.now()))
      throw DomainException.invalid(['otp is not right']);
    await this.users.query(
      `UPDATE users SET otp_enabled = true, token_version = token_version + 1, updated_at = now() WHERE id = $1`,
      [userId],
    );
    this.access.forget(userId);
  }

  /**
   * In the doctors domain's transaction: the login of a doctor who is deactivated loses every token
   * (sign-in itself checks the doctor is active). Call `announceRevoked` with the result after commit.
   */
  async revokeDoctorLogin(tx: EntityManager, doctorId: string): Promise<UserEntity | null> {
    const found = await one<{ id: string }>(
      tx,
      `UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE doctor_id = $1 RETURNING id`,
      [doctorId],
    );
    return found ? tx.getRepository(UserEntity).findOneOrFail({ where: { id: found.id } }) : null;
  }

  /** In the doctors domain's transaction: a doctor's login follows their name and email. */
  async syncDoctorLogin(tx: EntityManager, doctorId: string, email: string, fullName: string): Promise<void> {
    await tx.query(`UPDATE users SET email = $2, full_name = $3, updated_at = now() WHERE doctor_id = $1`, [
      doctorId,
      email,
      fullName,
    ]);
  }

  /**
   * After the doctors domain's commit: this process forgets the user's access at once (UserAccessService
   * listens), and an offer they hold is taken back.
   */
  announceRevoked(user: Pick<UserEntity, 'id' | 'doctorId'>): void {
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
    if (await this.users.exists({ where: { role: 'admin' } })) return { created: false };
    const generatedPassword = password ? undefined : randomPassword();
    const passwordHash = await hashPassword(password ?? (generatedPassword as string));
    const created = await this.users.manager.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      if (await tx.getRepository(UserEntity).exists({ where: { role: 'admin' } })) return false;
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
