import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, DomainException } from '../common/errors/domain.exception';
import { rows } from '../common/sql';
import { DependencyStatus } from '../common/faults/dependency-status';
import { RepeatingJob } from '../common/jobs/repeating-job';
import { AppConfig } from '../config/app-config';
import { LOGIN_LIMITS, limitKey, retryAfterSeconds } from './login-limits';

const LONGEST_WINDOW_MS = Math.max(...LOGIN_LIMITS.map((l) => l.windowMs));

/**
 * Failed logins as rows. An attempt first writes a provisional failure for its email and its address,
 * then counts: so attempts racing on two processes see each other, and past a limit the attempt is
 * refused (429, `Retry-After`) before the password is even looked at, right or wrong. A refused
 * attempt withdraws its rows; a successful one too; a failed one leaves them to count.
 */
@Injectable()
export class LoginLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(LoginLimiter.name);
  private readonly pruner: RepeatingJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    dependencies: DependencyStatus,
  ) {
    this.pruner = new RepeatingJob({
      name: 'login failure pruning',
      everyMs: 60_000,
      run: () => this.prune(),
      log: this.log,
      dependencies,
    });
  }

  onModuleInit(): void {
    if (this.config.backgroundJobs) this.pruner.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.pruner.stop();
  }

  /**
   * Runs `attempt` (true when the credentials were right) unless a limit is reached for this email or
   * address; counts it as a failure when it returns false or throws.
   */
  async guard<T>(email: string, address: string, attempt: () => Promise<T | null>): Promise<T | null> {
    const now = this.clock.now();
    const keys = LOGIN_LIMITS.map((l) => limitKey(l.kind, l.kind === 'email' ? email : address));
    const inserted = await rows<{ id: string }>(
      this.db,
      `INSERT INTO login_failures (key, at) SELECT unnest($1::text[]), $2 RETURNING id`,
      [keys, now],
    );
    const ids = inserted.map((r) => r.id);
    const withdraw = () => rows(this.db, `DELETE FROM login_failures WHERE id = ANY ($1::bigint[])`, [ids]);
    const recent = await rows<{ key: string; at: Date }>(
      this.db,
      `SELECT k.key, f.at
       FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS k(key, lim, since)
       CROSS JOIN LATERAL (
         SELECT at FROM login_failures WHERE key = k.key AND at > k.since ORDER BY at DESC, id DESC LIMIT k.lim + 1
       ) f`,
      [keys, LOGIN_LIMITS.map((l) => l.limit), LOGIN_LIMITS.map((l) => new Date(now.getTime() - l.windowMs))],
    );
    const wait = Math.max(
      ...LOGIN_LIMITS.map((rule, i) =>
        retryAfterSeconds(
          recent.filter((r) => r.key === keys[i]).map((r) => new Date(r.at)),
          rule,
          now,
        ),
      ),
    );
    if (wait > 0) {
      await withdraw();
      throw DomainException.retryLater(
        DomainError.TooManyRequests,
        'Too many failed sign-ins; try again later',
        wait,
      );
    }
    let result: T | null;
    try {
      result = await attempt();
    } catch (err) {
      // Not the caller's doing (e.g. the hash queue is full): do not count it against them.
      await withdraw();
      throw err;
    }
    if (result !== null) await withdraw();
    return result;
  }

  /** Forgets failures older than the longest window. */
  async prune(): Promise<void> {
    await rows(this.db, `DELETE FROM login_failures WHERE at < $1`, [
      new Date(this.clock.now().getTime() - LONGEST_WINDOW_MS),
    ]);
  }
}
