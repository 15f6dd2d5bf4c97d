import type { DataSource, EntityManager } from 'typeorm';

/**
 * Raw SQL returning rows, whatever the command. TypeORM's postgres driver answers UPDATE/DELETE with
 * `[rows, rowCount]` and SELECT/INSERT with `rows`; this always gives the rows.
 */
export async function rows<T>(
  db: DataSource | EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result = (await db.query(text, params)) as unknown;
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

export async function one<T>(
  db: DataSource | EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await rows<T>(db, text, params))[0];
}
