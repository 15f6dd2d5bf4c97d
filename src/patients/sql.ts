import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of a statement. TypeORM's postgres driver answers UPDATE and DELETE with `[rows, rowCount]`
 * and everything else with the rows; this gives the rows either way.
 */
export async function rowsOf<T>(
  tx: EntityManager | DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result = await tx.query<unknown>(sql, params);
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
