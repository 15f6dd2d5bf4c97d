import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each table is written by one domain, its owner (README "Adding a route: one way of each concern").
 * Another domain that needs a change there asks the owner (a service call inside its transaction, or
 * an SQL fragment the owner exports from its index.ts, e.g. audit's `auditEntrySql`).
 * A new table gets its row here.
 */
const TABLE_OWNERS: Record<string, string> = {
  users: 'auth',
  login_failures: 'auth',
  doctors: 'doctors',
  doctor_availability: 'doctors',
  operators: 'operators',
  operator_availability: 'operators',
  rosters: 'shifts',
  roster_assignments: 'shifts',
  shift_requirements: 'shifts',
  shift_requirement_overrides: 'shifts',
  cover_requests: 'shifts',
  calendar_tokens: 'shifts',
  calendar_events: 'shifts',
  consults: 'consults',
  consult_offers: 'consults',
  doctor_presence: 'consults',
  doctor_sockets: 'consults',
  realtime_instances: 'consults',
  patients: 'patients',
  assessments: 'patients',
  observations: 'patients',
  tier_changes: 'patients',
  follow_ups: 'patients',
  follow_up_dispatch_queue: 'patients',
  escalations: 'patients',
  patient_audit: 'audit',
  contacts: 'hotline',
  contact_steps: 'hotline',
  // the floor's idempotency store (src/common/idempotency)
  idempotency_keys: 'common',
  // written by the Socket.IO PostgreSQL adapter itself
  socket_io_attachments: 'realtime',
};

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** SQL keywords are written upper-case in this code base, tables lower-case; prose does not match. */
const WRITES = [
  /\bINSERT INTO\s+([a-z_]+)/g,
  /\bDELETE FROM\s+([a-z_]+)/g,
  /\bTRUNCATE\s+(?:TABLE\s+)?(?!of\b)([a-z_]+)/g,
  /\bUPDATE\s+([a-z_]+)(?:\s+(?:AS\s+)?[a-z_]+)?\s+SET\b/g,
];

function tablesWritten(source: string): string[] {
  return WRITES.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

// Migrations and the demo seed build every domain's schema and data: they are the one exception.
const EXEMPT = /^database\//;

const files = sourceFiles(SRC)
  .map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }))
  .filter((f) => !EXEMPT.test(f.path));

/** `consults/offers.service.ts` → consults; `server.ts` → the composition root. */
const domainOf = (path: string): string => (path.includes('/') ? path.split('/')[0] : '(composition)');

describe('table ownership', () => {
  it.each([
    ['INSERT INTO consults (id) VALUES ($1)', ['consults']],
    ['UPDATE consults c SET status = $2', ['consults']],
    ['UPDATE users SET token_version = token_version + 1', ['users']],
    ['DELETE FROM doctor_sockets WHERE id = $1', ['doctor_sockets']],
    ['INSERT INTO users AS u (email) VALUES ($1)', ['users']],
    ['ON CONFLICT (id) DO UPDATE SET n = 1 FOR UPDATE OF c SKIP LOCKED', []],
    ['// a later update of the roster; delete from the list', []],
    ['the database refuses UPDATE, DELETE and TRUNCATE of it', []],
  ])('finds the tables written by %j', (sql, tables) => {
    expect(tablesWritten(sql)).toEqual(tables);
  });

  it('every table written in src is written only by its owning domain', () => {
    const found = files.flatMap((f) => tablesWritten(f.text).map((table) => ({ file: f.path, table })));
    // the scan sees the writes of every domain (a scanner that matched nothing would pass anything)
    expect(new Set(found.map((w) => TABLE_OWNERS[w.table]))).toEqual(
      new Set(Object.values(TABLE_OWNERS).filter((d) => d !== 'realtime')),
    );
    const wrong = found
      .filter((w) => TABLE_OWNERS[w.table] !== domainOf(w.file))
      .map(
        (w) =>
          `${w.file} writes ${w.table}, owned by ${TABLE_OWNERS[w.table] ?? 'nobody (add it to TABLE_OWNERS)'}`,
      );
    expect(wrong).toEqual([]);
  });

  it('every owned table exists (no stale row)', () => {
    const migrations = sourceFiles(join(SRC, 'database', 'migrations'))
      .map((p) => readFileSync(p, 'utf8'))
      .join('\n');
    const created = new Set(
      [...migrations.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)/g)].map((m) => m[1]),
    );
    expect(Object.keys(TABLE_OWNERS).filter((t) => !created.has(t))).toEqual([]);
  });

  it('persistence is raw SQL through query modules: no TypeORM repository or query builder', () => {
    const repositoryUse = files
      .filter((f) =>
        /\b(getRepository|InjectRepository|createQueryBuilder|TypeOrmModule\.forFeature)\b/.test(f.text),
      )
      .map((f) => f.path);
    expect(repositoryUse).toEqual([]);
  });
});
