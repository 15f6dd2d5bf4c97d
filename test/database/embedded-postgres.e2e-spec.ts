import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  EmbeddedDatabase,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from '../../src/database/embedded-postgres';

const portOf = (url: string) => Number(new URL(url).port);

async function canLogIn(port: number, password: string): Promise<boolean> {
  const c = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The embedded PostgreSQL of `npm start`: a random password kept in the data folder, older clusters migrated. */
describe('embedded PostgreSQL', () => {
  let dir: string;
  let db: EmbeddedDatabase | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dh-embedded-'));
    chmodSync(dir, 0o755); // as root, the `postgres` user must reach it (else it moves to /var/lib/dong-hanh)
  });
  afterAll(async () => {
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a random password at first init, kept in the data folder with mode 0600; postgres/postgres is refused', async () => {
    db = await startEmbeddedPostgres(join(dir, 'pg'), 'donghanh');
    const passwordFile = join(dir, 'pg.password');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(decodeURIComponent(new URL(db.url).password)).toBe(password);
    expect(await canLogIn(portOf(db.url), 'postgres')).toBe(false);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const [row] = (
      await c.query(`SELECT current_database() AS db, current_setting('server_encoding') AS enc`)
    ).rows;
    await c.end();
    expect(row).toEqual({ db: 'donghanh', enc: 'UTF8' });
  });

  it('a second start on the same folder while the first runs fails with one line naming the cause', async () => {
    const err = await startEmbeddedPostgres(join(dir, 'pg'), 'donghanh').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^Embedded PostgreSQL: .*another PostgreSQL is running on .*DATABASE_URL/);
  });

  it('gives a cluster of an older version (postgres/postgres, no password file) a random password at its next start', async () => {
    const c = new Client({ connectionString: db!.url });
    await c.connect();
    await c.query(`ALTER ROLE postgres PASSWORD 'postgres'`); // what the older versions set
    await c.end();
    await db!.stop();
    unlinkSync(join(dir, 'pg.password'));

    db = await startEmbeddedPostgres(join(dir, 'pg'), 'donghanh');
    const password = readFileSync(join(dir, 'pg.password'), 'utf8').trim();
    expect(password).not.toBe('postgres');
    expect(statSync(join(dir, 'pg.password')).mode & 0o777).toBe(0o600);
    expect(await canLogIn(portOf(db.url), 'postgres')).toBe(false);
    expect(await canLogIn(portOf(db.url), password)).toBe(true);
  });

  it('a data folder it cannot create is one line, not a stack', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const err = await startEmbeddedPostgres(join(file, 'data', 'pg'), 'donghanh').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^Embedded PostgreSQL: cannot create the data folder .*a-file.*DATA_DIR/);
  });
});
