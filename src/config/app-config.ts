import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { IANAZone } from 'luxon';
import { isIP } from 'node:net';
import { passwordProblem } from '../common/password-policy';
import { ROLES, type Role } from '../common/roles';
import type { RosterGroup } from '../common/groups';
import { parseShiftSpecs, ShiftSpec } from '../common/time/windows';

const SHIFT_LIST = /^\s*\d{2}-\d{2}(\s*,\s*\d{2}-\d{2})*\s*$/;
const DECIMAL_HOURS = /^\s*(?=.*[1-9])\d{1,4}(\.\d{1,4})?\s*$/;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  return value;
};

/** The environment as the app reads it (CONTRACT.md "Configuration"); validated once at boot. */
class EnvironmentVariables {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsString() @MinLength(1) DATA_DIR = './.data';
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;
  @IsOptional() @IsString() @MaxLength(200) ADMIN_EMAIL?: string;
  @IsOptional() @IsString() ADMIN_PASSWORD?: string;
  @IsString() OPERATIONS_TZ = 'Asia/Ho_Chi_Minh';
  @Matches(SHIFT_LIST, { message: 'CONSULT_WINDOWS must look like 09-11,15-17' }) CONSULT_WINDOWS =
    '09-11,15-17,19-21';
  @Matches(SHIFT_LIST, { message: 'CARE_SHIFTS must look like 08-20' }) CARE_SHIFTS = '08-20';
  @Matches(SHIFT_LIST, { message: 'OPERATOR_SHIFTS must look like 06-14,14-22,22-06' }) OPERATOR_SHIFTS =
    '06-14,14-22,22-06';
  @Transform(toInt) @IsInt() @Min(0) @Max(48) OPERATOR_MIN_REST_HOURS = 12;
  @Transform(toInt) @IsInt() @Min(1) @Max(3600) OFFER_TIMEOUT_SECONDS = 30;
  /** after a completed consult, the doctor is in `wrap_up` (no offers) this long; 0 = no wrap-up */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600) WRAP_UP_SECONDS = 30;
  @IsOptional()
  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;
  @IsOptional()
  @IsIn(['memory', 'redis', 'postgres'], { message: 'SOCKET_ADAPTER must be memory, redis or postgres' })
  SOCKET_ADAPTER?: 'memory' | 'redis' | 'postgres';
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false], { message: 'DEMO_SEED must be on or off' })
  DEMO_SEED?: boolean;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @IsOptional()
  @Matches(/^\s*[a-z_]+(\s*,\s*[a-z_]+)*\s*$/, {
    message: `MFA_REQUIRED_ROLES must list roles separated by commas (${ROLES.join(', ')})`,
  })
  MFA_REQUIRED_ROLES?: string;
  @Transform(toInt) @IsInt() @Min(0) @Max(1) BACKGROUND_JOBS = 1;
  @Transform(toInt) @IsInt() @Min(2) @Max(200) DB_POOL_SIZE = 20;
  @Transform(toInt) @IsInt() @Min(0) @Max(10080) COVER_ALERT_MINUTES = 120;
  // Bounded waits (CONTRACT.md "Faults"): past any of these a request answers 503 and writes nothing.
  @Transform(toInt) @IsInt() @Min(100) @Max(60000) DB_ACQUIRE_TIMEOUT_MS = 2000;
  @Transform(toInt) @IsInt() @Min(100) @Max(600000) DB_STATEMENT_TIMEOUT_MS = 10000;
  @Transform(toInt) @IsInt() @Min(100) @Max(60000) DB_LOCK_TIMEOUT_MS = 2000;
  @Transform(toInt) @IsInt() @Min(1000) @Max(600000) DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 15000;
  @Transform(toInt) @IsInt() @Min(1) @Max(3600) RETRY_AFTER_SECONDS = 2;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @IsString() TRUST_PROXY?: string;
  /** a JSON list of districts and wards (src/areas/data/README.md); none: Hanoi as in 2021 */
  @IsOptional() @IsString() AREAS_FILE?: string;
  @IsOptional()
  @Matches(DECIMAL_HOURS, { message: 'FORWARD_ACK_HOURS must be a number of hours > 0, decimals allowed' })
  FORWARD_ACK_HOURS = '2';
  @IsOptional()
  @Matches(DECIMAL_HOURS, { message: 'FORWARD_DONE_HOURS must be a number of hours > 0, decimals allowed' })
  FORWARD_DONE_HOURS = '24';
}

/** `CORS_ORIGINS`: browser origins (scheme://host[:port]) besides the app's own that may open a socket. */
function parseOrigins(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`"${origin}" is not an origin like https://console.example.org`);
      }
      if (!/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, ''))
        throw new Error(`"${origin}" is not an origin like https://console.example.org`);
      return url.origin;
    });
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `TRUST_PROXY`: how many reverse-proxy hops to trust (0 = none), or the proxies' addresses
 * (IPs, CIDRs, `loopback`…), as Express's `trust proxy` setting takes them.
 */
function parseTrustProxy(raw: string | undefined): number | string[] {
  if (!raw) return 0;
  if (/^\d+$/.test(raw.trim())) {
    const hops = Number(raw.trim());
    if (hops > 10) throw new Error('at most 10 hops');
    return hops;
  }
  const entries = raw.split(',').map((s) => s.trim());
  for (const e of entries) {
    const [address, bits] = e.split('/');
    const ok =
      PROXY_NAMES.includes(e) ||
      (isIP(address) !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= 128)));
    if (!ok) throw new Error(`"${e}" is neither a number of hops nor an address`);
  }
  return entries;
}

function parseRoles(list: string | undefined): Role[] {
  const names = (list ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = names.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new Error(`unknown role ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`);
  return [...new Set(names)] as Role[];
}

function parseVariable<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
  }
}

/** Typed, validated configuration. Built from an env record so tests can pass overrides without touching process.env. */
export class AppConfig {
  readonly port: number;
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly jwtSecret?: string;
  readonly adminEmail: string;
  readonly adminPassword?: string;
  readonly operationsTz: string;
  readonly consultWindows: ShiftSpec[];
  readonly careShifts: ShiftSpec[];
  /** the hotline operators' daily shifts (24/7) */
  readonly operatorShifts: ShiftSpec[];
  /** least rest, in real hours between instants, between two shifts of one operator */
  readonly operatorMinRestHours: number;
  readonly offerTimeoutSeconds: number;
  /** a doctor's wrap-up after completing a consult, in seconds (0: straight back to available) */
  readonly wrapUpSeconds: number;
  readonly redisUrl?: string;
  /** Socket.IO adapter: redis when REDIS_URL is set, else memory; `postgres` (LISTEN/NOTIFY on the app's database) on request */
  readonly socketAdapter: 'memory' | 'redis' | 'postgres';
  /** undefined: decided at start (on with the embedded database, off otherwise). */
  readonly demoSeed?: boolean;
  readonly logLevel: string;
  /** roles that must sign in with a TOTP second factor */
  readonly mfaRequiredRoles: readonly Role[];
  /** 0 turns off this process's sweepers and schedulers (tests that drive them by hand). */
  readonly backgroundJobs: boolean;
  /** connections this process keeps to PostgreSQL */
  readonly dbPoolSize: number;
  /** a cover request still open this many minutes before its window alerts the coordinators */
  readonly coverAlertMinutes: number;
  /** other origins allowed to open a Socket.IO connection (the app's own origin always is) */
  readonly corsOrigins: string[];
  /** Express `trust proxy`: hops (0 = trust no proxy) or the proxies' addresses */
  readonly trustProxy: number | string[];
  /** the bounds on every wait for PostgreSQL (pool acquire, one statement, one lock, an idle transaction) */
  readonly db: {
    acquireTimeoutMs: number;
    statementTimeoutMs: number;
    lockTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  /** the `Retry-After` of a 503 */
  readonly retryAfterSeconds: number;
  /** AREAS_FILE: the districts and wards of the operations area; undefined: Hanoi 2021 */
  readonly areasFile?: string;
  /** a forwarded report not acknowledged within this many hours is overdue */
  readonly forwardAckHours: number;
  /** a forwarded report not handled within this many hours of its forwarding is overdue */
  readonly forwardDoneHours: number;

  private constructor(env: EnvironmentVariables) {
    this.port = env.PORT;
    this.databaseUrl = env.DATABASE_URL;
    this.dataDir = env.DATA_DIR;
    this.jwtSecret = env.JWT_SECRET;
    this.adminEmail = (env.ADMIN_EMAIL ?? 'admin@donghanh.local').toLowerCase();
    this.adminPassword = env.ADMIN_PASSWORD;
    this.operationsTz = env.OPERATIONS_TZ;
    this.consultWindows = parseVariable('CONSULT_WINDOWS', () => parseShiftSpecs(env.CONSULT_WINDOWS));
    this.careShifts = parseVariable('CARE_SHIFTS', () => parseShiftSpecs(env.CARE_SHIFTS));
    this.operatorShifts = parseVariable('OPERATOR_SHIFTS', () => parseShiftSpecs(env.OPERATOR_SHIFTS));
    this.operatorMinRestHours = env.OPERATOR_MIN_REST_HOURS;
    this.offerTimeoutSeconds = env.OFFER_TIMEOUT_SECONDS;
    this.wrapUpSeconds = env.WRAP_UP_SECONDS;
    this.redisUrl = env.REDIS_URL;
    this.socketAdapter = env.SOCKET_ADAPTER ?? (env.REDIS_URL ? 'redis' : 'memory');
    this.demoSeed = env.DEMO_SEED;
    this.logLevel = env.LOG_LEVEL;
    this.mfaRequiredRoles = parseVariable('MFA_REQUIRED_ROLES', () => parseRoles(env.MFA_REQUIRED_ROLES));
    this.backgroundJobs = env.BACKGROUND_JOBS === 1;
    this.dbPoolSize = env.DB_POOL_SIZE;
    this.coverAlertMinutes = env.COVER_ALERT_MINUTES;
    this.corsOrigins = parseVariable('CORS_ORIGINS', () => parseOrigins(env.CORS_ORIGINS));
    this.trustProxy = parseVariable('TRUST_PROXY', () => parseTrustProxy(env.TRUST_PROXY));
    this.db = {
      acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    };
    this.retryAfterSeconds = env.RETRY_AFTER_SECONDS;
    this.areasFile = env.AREAS_FILE;
    this.forwardAckHours = Number(env.FORWARD_ACK_HOURS);
    this.forwardDoneHours = Number(env.FORWARD_DONE_HOURS);
    if (this.forwardDoneHours < this.forwardAckHours)
      throw new Error('FORWARD_DONE_HOURS must be at least FORWARD_ACK_HOURS');
  }

  /** The daily shifts of a group: CONSULT_WINDOWS, CARE_SHIFTS or OPERATOR_SHIFTS. */
  shiftsFor(group: RosterGroup): ShiftSpec[] {
    if (group === 'operators') return this.operatorShifts;
    return group === 'consult' ? this.consultWindows : this.careShifts;
  }

  /** Least rest between two shifts of one person of the group (0: no rule; doctors have none). */
  minRestHoursFor(group: RosterGroup): number {
    return group === 'operators' ? this.operatorMinRestHours : 0;
  }

  /** Validates the environment; throws one Error naming every bad variable. */
  static fromEnv(raw: Record<string, string | undefined>): AppConfig {
    const known = Object.keys(new EnvironmentVariables());
    const picked: Record<string, string> = {};
    for (const key of [
      ...known,
      'DATABASE_URL',
      'JWT_SECRET',
      'ADMIN_EMAIL',
      'ADMIN_PASSWORD',
      'REDIS_URL',
      'SOCKET_ADAPTER',
      'DEMO_SEED',
      'MFA_REQUIRED_ROLES',
      'CORS_ORIGINS',
      'TRUST_PROXY',
      'AREAS_FILE',
    ]) {
      const value = raw[key];
      if (value !== undefined && value !== '') picked[key] = value;
    }
    const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
    const problems = validateSync(env).flatMap((e) => Object.values(e.constraints ?? {}));
    if (!IANAZone.isValidZone(env.OPERATIONS_TZ)) problems.push('OPERATIONS_TZ must be an IANA time zone');
    const adminPasswordProblem = env.ADMIN_PASSWORD && passwordProblem(env.ADMIN_PASSWORD, 'ADMIN_PASSWORD');
    if (adminPasswordProblem) problems.push(adminPasswordProblem);
    let config: AppConfig | undefined;
    if (problems.length === 0) {
      try {
        config = new AppConfig(env);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    if (!config) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    return config;
  }
}
