/**
 * Errors that mean "the database (or a broker) cannot answer now", not "the request is wrong": a
 * connection refused or cut, a pool that could not hand out a connection in time, and PostgreSQL's
 * SQLSTATEs for a server going away or a wait passing its bound. These are answered 503 with
 * `Retry-After` (CONTRACT.md "Faults"); everything else keeps its own mapping.
 */

/** SQLSTATE classes and codes: 08 connection exception, 57P0x shutdown / cannot connect now, 55P03
 * lock_timeout, 57014 statement_timeout (query canceled), 53300 too many connections, 25P03
 * idle_in_transaction_session_timeout. */
const SQLSTATE = /^(08...|57P0\d|55P03|57014|53300|25P03)$/;
/** Socket errors of the client (node `code`). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres and pg-pool say these in words, without a code. */
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /is not queryable/i,
  /not currently accepting connections/i, // 55000 from ALLOW_CONNECTIONS false
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * TypeORM releases a transaction's query runner when its connection errors (a terminated backend);
 * the transaction's next statement then throws this instead of a connection error.
 */
const RELEASED_RUNNER = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
]);

/** The error and what it wraps (TypeORM's `driverError`, an Error's `cause`), a few levels deep. */
function* chain(err: unknown): Generator<Record<string, unknown>> {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const e = current as Record<string, unknown>;
    yield e;
    current = e.driverError ?? e.cause;
  }
}

export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (SQLSTATE.test(code) || SOCKET_CODES.has(code))) return true;
    if (typeof e.name === 'string' && RELEASED_RUNNER.has(e.name)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (MESSAGES.some((m) => m.test(message))) return true;
    // AggregateError (a host with several addresses, all refused) carries the socket errors inside.
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/**
 * The database answers but a wait passed its bound (a lock, a statement, a connection from a full
 * pool): busy rather than gone. Also answered 503, but not a change of the database's state.
 */
export function isDatabaseBusy(err: unknown): boolean {
  for (const e of chain(err)) {
    if (e.code === '55P03' || e.code === '57014') return true;
    if (typeof e.message === 'string' && /timeout exceeded when trying to connect/i.test(e.message))
      return true;
  }
  return false;
}

/** node-redis's errors for a broker that is down or unreachable (by class name: they are not exported in one place). */
const REDIS_ERRORS = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
  'DisconnectsClientError',
]);

/**
 * A rejection nobody handled that comes from a broker being away (Redis, PostgreSQL): the process
 * can keep serving (the database is the truth; reconnects are automatic). Anything else is a bug.
 */
export function isKnownBrokerError(err: unknown): boolean {
  for (const e of chain(err)) {
    const name = typeof e.name === 'string' ? e.name : '';
    const ctor = (e.constructor as { name?: string } | undefined)?.name ?? '';
    if (REDIS_ERRORS.has(name) || REDIS_ERRORS.has(ctor)) return true;
  }
  return isDatabaseUnavailable(err);
}

/** What a log line may say about such an error: its kind, never the query or its parameters. */
export function briefError(err: unknown): { name?: string; code?: string; message?: string } {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as Record<
    string,
    unknown
  >;
  const inner = (e.driverError ?? e) as Record<string, unknown>;
  return {
    name: typeof e.name === 'string' ? e.name : undefined,
    code: typeof inner.code === 'string' ? inner.code : undefined,
    message: typeof inner.message === 'string' ? inner.message : undefined,
  };
}
