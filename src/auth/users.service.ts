import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { hashPassword } from './passwords';
import type { AuthUser, Role } from './role';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  fullName: string;
  role: Role;
  doctorId?: string | null;
}

/** Any fixed number: the lock that lets one process create the first admin. */
const FIRST_ADMIN_LOCK = 1022_0001;

export const toAuthUser = (u: UserEntity): AuthUser => ({
  id: u.id,
  email: u.email,
  role: u.role,
  doctorId: u.doctorId,
});

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email: email.toLowerCase() } });
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
    if (await repo.exists({ where: { email } }))
      throw DomainException.conflict(`email ${email} is already in use`);
    return repo.save(
      repo.create({
        email,
        passwordHash: passwordHash ?? (await hashPassword(input.password)),
        fullName: input.fullName,
        role: input.role,
        doctorId: input.doctorId ?? null,
      }),
    );
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
    const generatedPassword = password ? undefined : randomBytes(12).toString('base64url');
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
