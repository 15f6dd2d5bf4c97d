import type { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement on a hot path, run as a named prepared statement: PostgreSQL parses and plans it once
 * per connection instead of on every call (planning the consult accept alone cost the server 0.24 ms
 * a call, more than running it). The text must never change under the same name: node-postgres
 * refuses a name it has seen with another text on that connection.
 */
export interface NamedSql {
  readonly name: string;
  readonly text: string;
}

export const namedSql = (name: string, text: string): NamedSql => ({ name, text });

/**
 * Raw SQL returning rows, whatever the command. TypeORM's postgres driver answers UPDATE/DELETE with
 * `[rows, rowCount]` and SELECT/INSERT with `rows`; this always gives the rows. A `NamedSql` goes to
 * node-postgres directly (TypeORM's `query` cannot name a statement), on the transaction's connection
 * when `db` is a transaction's manager, else on the pool; its errors are TypeORM's QueryFailedError
 * like every other query's.
 */
export async function rows<T>(
  db: DataSource | EntityManager,
  sql: string | NamedSql,
  params: unknown[] = [],
): Promise<T[]> {
  if (typeof sql !== 'string') return namedRows<T>(db, sql, params);
  const result = (await db.query(sql, params)) as unknown;
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

async function namedRows<T>(db: DataSource | EntityManager, sql: NamedSql, params: unknown[]): Promise<T[]> {
  const config = { name: sql.name, text: sql.text, values: params };
  try {
    const runner = db instanceof DataSource ? undefined : db.queryRunner;
    const result: QueryResult =
      runner && !runner.isReleased
        ? await ((await runner.connect()) as PoolClient).query(config)
        : await poolOf(db).query(config);
    return result.rows as T[];
  } catch (err) {
    throw new QueryFailedError(sql.text, params, err as Error);
  }
}

/** node-postgres's pool under TypeORM's postgres driver (the same pool, bounds and connections). */
function poolOf(db: DataSource | EntityManager): Pool {
  const source = db instanceof DataSource ? db : db.dataSource;
  return (source.driver as PostgresDriver).master as Pool;
}

export async function one<T>(
  db: DataSource | EntityManager,
  sql: string | NamedSql,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await rows<T>(db, sql, params))[0];
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
