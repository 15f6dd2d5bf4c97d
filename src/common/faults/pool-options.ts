import type { PoolConfig } from 'pg';
import type { AppConfig } from '../../config/app-config';

/**
 * node-postgres settings that bound every wait for the database (CONTRACT.md "Faults"): a connection
 * from the pool, one statement, one lock, a transaction left idle (a dead client's locks come back).
 * TCP keep-alive finds a peer that vanished without closing the connection.
 */
export function boundedPoolOptions(config: AppConfig, max: number): PoolConfig {
  return {
    max,
    connectionTimeoutMillis: config.db.acquireTimeoutMs,
    statement_timeout: config.db.statementTimeoutMs,
    lock_timeout: config.db.lockTimeoutMs,
    idle_in_transaction_session_timeout: config.db.idleInTransactionTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}
