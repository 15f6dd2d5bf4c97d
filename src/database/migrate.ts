import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Any fixed number: the advisory lock that lets only one process migrate at a time. */
const MIGRATION_LOCK = 7_102_2021;

export function migrationDataSource(url: string): DataSource {
  return new DataSource({ type: 'postgres', url, migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
}

/**
 * Runs pending migrations under an advisory lock, so several processes starting at once
 * against one database migrate it exactly once.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = migrationDataSource(url);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

// `npm run migration:run` (after `npm run build`) against DATABASE_URL.
if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(2);
  }
  runMigrations(url).then(
    (names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'nothing to apply'),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
