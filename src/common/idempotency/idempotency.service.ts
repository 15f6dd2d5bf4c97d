import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock';
import { DomainError, DomainException } from '../errors/domain.exception';
import { DependencyStatus } from '../faults/dependency-status';
import { RepeatingJob } from '../jobs/repeating-job';
import { one, rows } from '../sql';

/** A key answers with its first result for this long (CONTRACT.md "Retries"). */
export const IDEMPOTENCY_TTL_HOURS = 24;
const PURGE_EVERY_MS = 10 * 60_000;

export interface IdempotentRequest {
  userId: string;
  /** the `Idempotency-Key` header; absent: the work just runs (in a transaction) */
  key?: string;
  /** what the key was used for, e.g. `POST /api/consults` (the same key on another route is a misuse) */
  scope: string;
  /** the request body: the same key with a different body is refused (422), not replayed */
  body: unknown;
}

/** Stable JSON (sorted keys) so the fingerprint does not depend on the client's key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export function fingerprint(scope: string, body: unknown): string {
  return createHash('sha256').update(scope).update('\0').update(canonical(body)).digest('hex');
}

/**
 * Stripe-style idempotency keys, across processes: the key row is inserted first in the very
 * transaction that does the work, so
 * - the first request holds the (uncommitted) row; a concurrent duplicate's INSERT waits on the
 *   unique index until the first commits (then reads its answer) or rolls back (then does the work
 *   itself): the work is never done twice;
 * - a request that fails (a 4xx, a 503) rolls the key back with everything else: a retry runs again;
 * - a committed answer is returned to the same user's same key for IDEMPOTENCY_TTL_HOURS.
 * Waiting on the first is bounded like every wait (`lock_timeout`: then 503, retry later).
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(IdempotencyService.name);
  private readonly purge: RepeatingJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    dependencies: DependencyStatus,
  ) {
    this.purge = new RepeatingJob({
      name: 'idempotency key purge',
      everyMs: PURGE_EVERY_MS,
      run: () => this.purgeExpired(),
      log: this.log,
      dependencies,
    });
  }

  onModuleInit(): void {
    if (this.config.backgroundJobs) this.purge.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.purge.stop();
  }

  /**
   * Runs `work` in a transaction guarded by the request's key. `value` is the first answer for this
   * key (`replayed` says whether it was stored earlier); the value must be JSON (a response DTO).
   */
  async run<T>(
    request: IdempotentRequest,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<{ value: T; replayed: boolean }> {
    if (request.key === undefined) return { value: await this.db.transaction(work), replayed: false };
    const key = request.key;
    const print = fingerprint(request.scope, request.body);
    const now = this.clock.now();
    const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
    return this.db.transaction(async (m) => {
      // Take the key, or take over one older than the TTL; blocks while another transaction holds it.
      const taken = await one<{ taken: boolean }>(
        m,
        `INSERT INTO idempotency_keys (user_id, key, scope, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, key) DO UPDATE
           SET scope = EXCLUDED.scope, fingerprint = EXCLUDED.fingerprint, response = NULL, created_at = EXCLUDED.created_at
           WHERE idempotency_keys.created_at <= $6
         RETURNING true AS taken`,
        [request.userId, key, request.scope, print, now, expired],
      );
      if (!taken) {
        const first = await one<{ scope: string; fingerprint: string; response: T }>(
          m,
          `SELECT scope, fingerprint, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
          [request.userId, key],
        );
        if (!first || first.scope !== request.scope || first.fingerprint !== print)
          throw new DomainException(
            DomainError.IdempotencyKeyReused,
            'Idempotency-Key was already used for a different request',
          );
        return { value: first.response, replayed: true };
      }
      const value = await work(m);
      await rows(m, `UPDATE idempotency_keys SET response = $3 WHERE user_id = $1 AND key = $2`, [
        request.userId,
        key,
        JSON.stringify(value),
      ]);
      return { value, replayed: false };
    });
  }

  /** Keys past the TTL are dead weight (they would be taken over anyway). */
  async purgeExpired(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
    await rows(
      this.db,
      `DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM idempotency_keys WHERE created_at <= $1 LIMIT 10000))`,
      [cutoff],
    );
  }
}
