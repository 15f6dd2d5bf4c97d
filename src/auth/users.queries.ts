import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../common/roles';
import { containsPattern, one, pageOf, rows } from '../common/sql';

type Db = DataSource | EntityManager;

/** A login, as the auth domain reads it (never returned raw: see the DTO mappers). */
export interface User {
  id: string;
  email: string;
  passwordHash: string;
  fullName: string;
  role: Role;
  doctorId: string | null;
  /** a district officer's district, a name of the areas list (src/areas) */
  district: string | null;
  disabled: boolean;
  /** in every token; bumping it voids every token issued before */
  tokenVersion: number;
  mustChangePassword: boolean;
  /** base32 TOTP secret: pending until `otpEnabled` */
  otpSecret: string | null;
  otpEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const USER_COLUMNS = `u.id, u.email, u.password_hash AS "passwordHash", u.full_name AS "fullName", u.role,
  u.doctor_id AS "doctorId", u.district, u.disabled, u.token_version AS "tokenVersion",
  u.must_change_password AS "mustChangePassword", u.otp_secret AS "otpSecret", u.otp_enabled AS "otpEnabled",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

/** `email` as stored (lower-cased by the caller). */
export const userByEmail = (db: Db, email: string): Promise<User | undefined> =>
  one<User>(db, `SELECT ${USER_COLUMNS} FROM users u WHERE u.email = $1`, [email]);

/** With `lock`, the row is locked for the rest of the transaction. */
export const userById = (db: Db, id: string, lock = false): Promise<User | undefined> =>
  one<User>(db, `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);

export const emailInUse = async (db: Db, email: string): Promise<boolean> =>
  (await one(db, `SELECT 1 FROM users WHERE email = $1`, [email])) !== undefined;

export const anyAdmin = async (db: Db): Promise<boolean> =>
  (await one(db, `SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`)) !== undefined;

/** Whether the doctor behind a login is active; null when there is no such doctor. */
export const doctorActive = async (db: Db, doctorId: string): Promise<boolean | null> =>
  (await one<{ active: boolean }>(db, `SELECT active FROM doctors WHERE id = $1`, [doctorId]))?.active ??
  null;

/** The admin's list: by role and a search in name and email, ordered by email. */
export function listUsers(
  db: Db,
  filter: { role?: Role; q?: string },
  page: { limit: number; offset: number },
): Promise<{ rows: User[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.role) {
    params.push(filter.role);
    where.push(`u.role = $${params.length}`);
  }
  if (filter.q) {
    params.push(containsPattern(filter.q));
    where.push(`(u.full_name ILIKE $${params.length} OR u.email ILIKE $${params.length})`);
  }
  const from = `FROM users u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  return pageOf<User>(db, { columns: USER_COLUMNS, from, orderBy: 'u.email', params }, page);
}

/** Enabled admins other than `id`, every one of them locked (two admins demoting each other at once). */
export async function otherEnabledAdmins(tx: EntityManager, id: string): Promise<number> {
  const row = await one<{ others: number }>(
    tx,
    `SELECT count(*)::int AS others FROM (SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1 FOR UPDATE) a`,
    [id],
  );
  return row?.others ?? 0;
}

export const insertUser = async (
  db: Db,
  u: Pick<User, 'email' | 'passwordHash' | 'fullName' | 'role' | 'doctorId' | 'district'>,
): Promise<User> =>
  (await one<User>(
    db,
    `INSERT INTO users AS u (email, password_hash, full_name, role, doctor_id, district) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${USER_COLUMNS}`,
    [u.email, u.passwordHash, u.fullName, u.role, u.doctorId, u.district],
  )) as User;

/** The admin's changes to a login, all at once. */
export const updateUser = async (
  db: Db,
  u: Pick<
    User,
    'id' | 'role' | 'district' | 'disabled' | 'fullName' | 'otpEnabled' | 'otpSecret' | 'tokenVersion'
  >,
): Promise<User> =>
  (await one<User>(
    db,
    `UPDATE users u SET role = $2, disabled = $3, full_name = $4, otp_enabled = $5, otp_secret = $6,
       token_version = $7, district = $8, updated_at = now()
     WHERE u.id = $1 RETURNING ${USER_COLUMNS}`,
    [u.id, u.role, u.disabled, u.fullName, u.otpEnabled, u.otpSecret, u.tokenVersion, u.district],
  )) as User;

/** Every token of the user issued so far is void. */
export const bumpTokenVersion = (db: Db, id: string): Promise<unknown> =>
  rows(db, `UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [id]);

/** A new password hash (every token void); `mustChange` for the admin's reset. Returns the token version. */
export const setPassword = async (
  db: Db,
  id: string,
  passwordHash: string,
  mustChange: boolean,
): Promise<number | undefined> =>
  (
    await one<{ token_version: number }>(
      db,
      `UPDATE users SET password_hash = $2, must_change_password = $3, token_version = token_version + 1, updated_at = now()
       WHERE id = $1 RETURNING token_version`,
      [id, passwordHash, mustChange],
    )
  )?.token_version;

export const setPendingOtpSecret = (db: Db, id: string, secret: string): Promise<unknown> =>
  rows(db, `UPDATE users SET otp_secret = $2, updated_at = now() WHERE id = $1`, [id, secret]);

/** TOTP on: every token void (sign in again with a code). */
export const enableOtp = (db: Db, id: string): Promise<unknown> =>
  rows(
    db,
    `UPDATE users SET otp_enabled = true, token_version = token_version + 1, updated_at = now() WHERE id = $1`,
    [id],
  );

/** A doctor's login loses every token; returns it, or nothing when the doctor has no login. */
export const revokeDoctorUser = (tx: EntityManager, doctorId: string): Promise<User | undefined> =>
  one<User>(
    tx,
    `UPDATE users u SET token_version = token_version + 1, updated_at = now() WHERE u.doctor_id = $1
     RETURNING ${USER_COLUMNS}`,
    [doctorId],
  );

/** A doctor's login follows their name and email. */
export const syncDoctorUser = (
  tx: EntityManager,
  doctorId: string,
  email: string,
  fullName: string,
): Promise<unknown> =>
  rows(tx, `UPDATE users SET email = $2, full_name = $3, updated_at = now() WHERE doctor_id = $1`, [
    doctorId,
    email,
    fullName,
  ]);

/** What the access check reads on a cache miss. */
export const accessRow = (db: Db, id: string) =>
  one<{
    disabled: boolean;
    token_version: number;
    must_change_password: boolean;
    otp_enabled: boolean;
    role: Role;
  }>(db, `SELECT disabled, token_version, must_change_password, otp_enabled, role FROM users WHERE id = $1`, [
    id,
  ]);

/** SQL expression: the id of the login of doctor `doctorId` (an SQL expression), for another domain's statement. */
export const doctorUserIdSql = (doctorId: string): string =>
  `(SELECT id FROM users WHERE doctor_id = ${doctorId} LIMIT 1)`;
