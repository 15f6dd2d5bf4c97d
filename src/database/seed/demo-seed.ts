import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../auth';
import { asciiSlug, demoDistricts } from '../../hotline';
import { SeededRandom } from '../../common/random';
import { keptSecret } from '../../common/kept-secret';
import type { DoctorGroup } from '../../common/groups';
import type { AppConfig } from '../../config/app-config';
import { addDays, localDateOf, weekStart, windowsBetween } from '../../common/time/windows';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, MOBILE_PREFIXES, SPECIALTIES } from './vietnamese-names';

/** The demo logins' password: one per install, random, kept in the data folder (mode 0600). */
export const DEMO_PASSWORD_FILE = 'demo-password';
export const DEMO_DOCTORS = 300;
const SEED = 1022;

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  note?: string;
}

export interface DemoDoctor {
  id: string;
  fullName: string;
  phone: string;
  email: string;
  specialty: string;
  yearsOfExperience: number;
  group: DoctorGroup;
  languages: string[];
}

/** 300 doctors, two thirds consult and one third active care; the same list every time. */
export function demoDoctors(): DemoDoctor[] {
  const rnd = new SeededRandom(SEED);
  const doctors: DemoDoctor[] = [];
  for (let i = 1; i <= DEMO_DOCTORS; i++) {
    const group: DoctorGroup = i % 3 === 0 ? 'active_care' : 'consult';
    const sex = rnd.chance(0.55) ? 'female' : 'male';
    const fullName = `${rnd.pick(FAMILY_NAMES)} ${rnd.pick(MIDDLE_NAMES[sex])} ${rnd.pick(GIVEN_NAMES[sex])}`;
    const n = String(i).padStart(3, '0');
    doctors.push({
      // Fixed ids keep the seed repeatable across databases.
      id: `00000000-0000-4000-8000-000000000${n}`,
      fullName,
      phone: `+84${rnd.pick(MOBILE_PREFIXES).slice(1)}${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`,
      email: `bs${n}@donghanh.local`,
      specialty: rnd.pick(SPECIALTIES[group]),
      yearsOfExperience: group === 'consult' ? rnd.int(5, 35) : rnd.int(1, 30),
      group,
      languages: rnd.chance(0.25) ? ['vi', 'en'] : rnd.chance(0.05) ? ['vi', 'fr'] : ['vi'],
    });
  }
  return doctors;
}

/** The hotline's operators: 18, three shifts of 6 around the clock, as in the 1022 article. */
export const DEMO_OPERATORS = 18;

export interface DemoHotlineStaff {
  email: string;
  fullName: string;
  role: 'operator' | 'district_officer';
  district: string | null;
  /** operators: their operators row (fixed ids keep the seed repeatable) and phone */
  operatorId?: string;
  phone?: string;
}

/** The hotline's demo staff: 18 operators (dtv01…dtv18) and one officer per demo district. */
export function demoHotlineStaff(config: Pick<AppConfig, 'areasFile'>): DemoHotlineStaff[] {
  const rnd = new SeededRandom(SEED + 2);
  const name = () => {
    const sex = rnd.chance(0.6) ? 'female' : 'male';
    return `${rnd.pick(FAMILY_NAMES)} ${rnd.pick(MIDDLE_NAMES[sex])} ${rnd.pick(GIVEN_NAMES[sex])}`;
  };
  const operators = Array.from({ length: DEMO_OPERATORS }, (_, i): DemoHotlineStaff => {
    const n = String(i + 1).padStart(2, '0');
    return {
      email: `dtv${n}@donghanh.local`,
      fullName: name(),
      role: 'operator',
      district: null,
      operatorId: `00000000-0000-4000-8100-0000000000${n}`,
      phone: `+84${rnd.pick(MOBILE_PREFIXES).slice(1)}${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`,
    };
  });
  return [
    ...operators,
    ...demoDistricts(config).map((district) => ({
      email: `canbo.${asciiSlug(district)}@donghanh.local`,
      fullName: name(),
      role: 'district_officer' as const,
      district,
    })),
  ];
}

/** The install's demo password (16 random characters), made at the first start. */
export function demoPassword(config: Pick<AppConfig, 'dataDir'>): string {
  return keptSecret(config.dataDir, DEMO_PASSWORD_FILE, 12).value;
}

/**
 * Seeds an empty database with demo data a newcomer can click through: staff logins, 300 doctors with
 * logins, and their availability for this week and next. Deterministic for a given "today".
 * Returns the logins to print, or null when the database already holds doctors.
 */
export async function seedDemoData(
  db: DataSource,
  config: AppConfig,
  now: Date,
): Promise<DemoLogin[] | null> {
  const [{ count }] = await db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM doctors`);
  if (count > 0) return null;
  const logger = new Logger('DemoSeed');
  // One hash for every demo login: argon2 is slow on purpose, and these share a password anyway.
  const password = demoPassword(config);
  const hash = await hashPassword(password);
  const doctors = demoDoctors();
  const from = weekStart(localDateOf(now, config.operationsTz));
  const to = addDays(from, 13);
  const rnd = new SeededRandom(SEED + 1);
  const hotlineStaff = demoHotlineStaff(config);
  const seeded = await db.transaction(async (tx) => {
    // Two processes starting at once on an empty database: one seeds, the other finds doctors and stops.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED]);
    const [again] = await tx.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM doctors`);
    if (again.count > 0) return false;
    for (const d of doctors) {
      await tx.query(
        `INSERT INTO doctors (id, full_name, phone, email, specialty, years_of_experience, "group", languages)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [d.id, d.fullName, d.phone, d.email, d.specialty, d.yearsOfExperience, d.group, d.languages],
      );
      await tx.query(
        `INSERT INTO users (email, password_hash, full_name, role, doctor_id) VALUES ($1, $2, $3, 'doctor', $4)`,
        [d.email, hash, d.fullName, d.id],
      );
      const share = 0.35 + rnd.next() * 0.45; // each doctor offers 35–80 % of the windows
      const windows = windowsBetween(from, to, config.shiftsFor(d.group), config.operationsTz).filter(() =>
        rnd.chance(share),
      );
      if (windows.length === 0) continue;
      await tx.query(
        `INSERT INTO doctor_availability (doctor_id, window_key, date, starts_at, ends_at)
         SELECT $1, k, d::date, s, e FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(k, d, s, e)`,
        [
          d.id,
          windows.map((w) => w.key),
          windows.map((w) => w.date),
          windows.map((w) => w.startsAt),
          windows.map((w) => w.endsAt),
        ],
      );
    }
    for (const [email, fullName, role] of [
      ['coordinator@donghanh.local', 'Trần Thu Hà', 'coordinator'],
      ['careteam@donghanh.local', 'Lê Minh Châu', 'care_team'],
    ]) {
      await tx.query(`INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, $3, $4)`, [
        email,
        hash,
        fullName,
        role,
      ]);
    }
    for (const u of hotlineStaff) {
      const [user] = await tx.query<{ id: string }[]>(
        `INSERT INTO users (email, password_hash, full_name, role, district) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [u.email, hash, u.fullName, u.role, u.district],
      );
      if (!u.operatorId) continue;
      await tx.query(
        `INSERT INTO operators (id, user_id, full_name, phone, email) VALUES ($1, $2, $3, $4, $5)`,
        [u.operatorId, user.id, u.fullName, u.phone, u.email],
      );
      // most shifts offered, so the roster can staff three shifts of 6 around the clock
      const windows = windowsBetween(from, to, config.shiftsFor('operators'), config.operationsTz).filter(
        () => rnd.chance(0.85),
      );
      await tx.query(
        `INSERT INTO operator_availability (operator_id, window_key, date, starts_at, ends_at)
         SELECT $1, k, d::date, s, e FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(k, d, s, e)`,
        [
          u.operatorId,
          windows.map((w) => w.key),
          windows.map((w) => w.date),
          windows.map((w) => w.startsAt),
          windows.map((w) => w.endsAt),
        ],
      );
    }
    return true;
  });
  if (!seeded) return null;
  logger.log(
    `seeded ${doctors.length} demo doctors and ${DEMO_OPERATORS} operators with availability ${from} to ${to}`,
  );
  const consult = doctors.find((d) => d.group === 'consult') as DemoDoctor;
  const care = doctors.find((d) => d.group === 'active_care') as DemoDoctor;
  return [
    { role: 'coordinator', email: 'coordinator@donghanh.local', password },
    { role: 'care_team', email: 'careteam@donghanh.local', password },
    { role: 'doctor', email: consult.email, password, note: `consult group, ${consult.fullName}` },
    { role: 'doctor', email: care.email, password, note: `active care, ${care.fullName}` },
    ...[hotlineStaff[0], hotlineStaff[DEMO_OPERATORS]].map((u) => ({
      role: u.role,
      email: u.email,
      password,
      note: u.district
        ? `${u.district}; ${hotlineStaff.length - DEMO_OPERATORS} districts have one`
        : `hotline, ${u.fullName}; ${DEMO_OPERATORS} on the roster`,
    })),
  ];
}
