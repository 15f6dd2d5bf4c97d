import type { DataSource, EntityManager } from 'typeorm';
import type { DoctorGroup } from '../common/groups';
import { containsPattern, one, pageOf, rows } from '../common/sql';

type Db = DataSource | EntityManager;

/** A doctor, as the doctors domain reads it (returned through `toDoctorDto`). */
export interface Doctor {
  id: string;
  fullName: string;
  /** E.164 */
  phone: string;
  email: string;
  specialty: string;
  yearsOfExperience: number;
  group: DoctorGroup;
  languages: string[];
  maxWindowsPerWeek: number;
  maxWindowsPerDay: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What a doctor is written with: everything but the id and the timestamps. */
export type DoctorFields = Omit<Doctor, 'id' | 'createdAt' | 'updatedAt'>;

const DOCTOR_COLUMNS = `d.id, d.full_name AS "fullName", d.phone, d.email, d.specialty,
  d.years_of_experience AS "yearsOfExperience", d."group", d.languages,
  d.max_windows_per_week AS "maxWindowsPerWeek", d.max_windows_per_day AS "maxWindowsPerDay", d.active,
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

/** Column of each field, in the order of `fieldValues`. */
const FIELD_COLUMNS: [keyof DoctorFields, string][] = [
  ['fullName', 'full_name'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['specialty', 'specialty'],
  ['yearsOfExperience', 'years_of_experience'],
  ['group', '"group"'],
  ['languages', 'languages'],
  ['maxWindowsPerWeek', 'max_windows_per_week'],
  ['maxWindowsPerDay', 'max_windows_per_day'],
  ['active', 'active'],
];

/** With `lock`, the row is locked for the rest of the transaction. */
export const doctorById = (db: Db, id: string, lock = false): Promise<Doctor | undefined> =>
  one<Doctor>(db, `SELECT ${DOCTOR_COLUMNS} FROM doctors d WHERE d.id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);

/** The doctors with these emails (as stored, lower-case), locked for the rest of the transaction. */
export const doctorsByEmailForUpdate = (tx: EntityManager, emails: string[]): Promise<Doctor[]> =>
  rows<Doctor>(tx, `SELECT ${DOCTOR_COLUMNS} FROM doctors d WHERE d.email = ANY ($1::text[]) FOR UPDATE`, [
    emails,
  ]);

export const doctorEmailInUse = async (db: Db, email: string): Promise<boolean> =>
  (await one(db, `SELECT 1 FROM doctors WHERE email = $1`, [email])) !== undefined;

export const insertDoctor = async (db: Db, fields: DoctorFields): Promise<Doctor> =>
  (await one<Doctor>(
    db,
    `INSERT INTO doctors AS d (${FIELD_COLUMNS.map(([, c]) => c).join(', ')})
     VALUES (${FIELD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${DOCTOR_COLUMNS}`,
    FIELD_COLUMNS.map(([k]) => fields[k]),
  )) as Doctor;

/** Writes the given fields (at least one) of doctor `id`. */
export async function updateDoctor(db: Db, id: string, fields: Partial<DoctorFields>): Promise<Doctor> {
  const set = FIELD_COLUMNS.filter(([k]) => fields[k] !== undefined);
  return (await one<Doctor>(
    db,
    `UPDATE doctors d SET ${set.map(([, c], i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
     WHERE d.id = $1 RETURNING ${DOCTOR_COLUMNS}`,
    [id, ...set.map(([k]) => fields[k])],
  )) as Doctor;
}

/** The coordinator's list: by group, active, and a search in name, email, phone and specialty. */
export function listDoctors(
  db: Db,
  filter: { group?: DoctorGroup; active?: boolean; q?: string },
  page: { limit: number; offset: number },
): Promise<{ rows: Doctor[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.group) {
    params.push(filter.group);
    where.push(`d."group" = $${params.length}`);
  }
  if (filter.active !== undefined) {
    params.push(filter.active);
    where.push(`d.active = $${params.length}`);
  }
  if (filter.q) {
    params.push(containsPattern(filter.q));
    const like = `$${params.length}`;
    where.push(
      `(d.full_name ILIKE ${like} OR d.email ILIKE ${like} OR d.phone ILIKE ${like} OR d.specialty ILIKE ${like})`,
    );
  }
  const from = `FROM doctors d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  return pageOf<Doctor>(db, { columns: DOCTOR_COLUMNS, from, orderBy: 'd.full_name, d.id', params }, page);
}
