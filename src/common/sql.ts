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

/** What a list query is made of: `SELECT ${columns} ${from} ORDER BY ${orderBy}`, `$1…` in `params`. */
export interface ListSql {
  columns: string;
  /** everything between the column list and ORDER BY: `FROM users u WHERE …` */
  from: string;
  orderBy: string;
  params?: unknown[];
}

/**
 * One page of a list and its total in one round trip (`count(*) OVER ()`). A page past the end has no
 * row to carry the total, so then the total is counted alone.
 */
export async function pageOf<T>(
  db: DataSource | EntityManager,
  list: ListSql,
  page: { limit: number; offset: number },
): Promise<{ rows: T[]; total: number }> {
  const params = list.params ?? [];
  const found = await rows<T & { total: number }>(
    db,
    `SELECT ${list.columns}, count(*) OVER ()::int AS total ${list.from}
     ORDER BY ${list.orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  const total =
    found[0]?.total ??
    (await one<{ n: number }>(db, `SELECT count(*)::int AS n ${list.from}`, params))?.n ??
    0;
  return { rows: found.map(({ total: _total, ...row }) => row as T), total };
}

/** `text` as an ILIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
