import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { EventBus, type ConsultOfferedPayload } from '../common/events';
import { AppConfig } from '../config/app-config';
import { DependencyStatus } from '../common/faults/dependency-status';
import { boundedPoolOptions } from '../common/faults/pool-options';
import { isDatabaseUnavailable } from '../common/faults/unavailable';
import { ConsultRow, toOfferedConsultView } from './consult.mapper';
import { FREE_DOCTOR_SQL } from './dispatcher.sql';
import { namedSql } from '../common/sql';

/**
 * The next (consult, doctor) pair: the oldest queued consult (first come, first served, by arrival)
 * that has an eligible doctor, and among those the doctor idle longest. Both rows are locked with
 * SKIP LOCKED so concurrent dispatchers (in this process or another) take different pairs.
 * A consult nobody can take (e.g. a language no free doctor speaks) does not block the ones behind it.
 */
const NEXT_PAIR_SQL = `
  SELECT c.id AS consult_id, pick.doctor_id
  FROM consults c
  CROSS JOIN LATERAL (
    SELECT p.doctor_id
    FROM doctor_presence p
    WHERE ${FREE_DOCTOR_SQL}
      AND (c.language IS NULL OR EXISTS (
        SELECT 1 FROM doctors dl WHERE dl.id = p.doctor_id AND c.language = ANY (dl.languages) OFFSET 0))
      AND NOT EXISTS (
        SELECT 1 FROM consult_offers prev
        WHERE prev.consult_id = c.id AND prev.doctor_id = p.doctor_id AND prev.status IN ('declined', 'expired')
        OFFSET 0)
    ORDER BY p.idle_since, p.doctor_id
    LIMIT 1
    FOR UPDATE OF p SKIP LOCKED
  ) pick
  WHERE c.status = 'queued'
  ORDER BY c.created_at, c.id
  LIMIT 1
  FOR UPDATE OF c SKIP LOCKED`;

/**
 * Claim a pair, mark its consult offered and insert the offer, in one statement: one statement is one
 * transaction (no BEGIN/COMMIT round trips), committed when it returns. The offer is inserted from the
 * updated consult row, so there is no offer unless the consult really went from queued to offered;
 * the unique indexes stand behind it anyway. `more` says whether another consult was queued when the
 * statement began, so a pass stops without one more look that would find nothing.
 * $1 = now, $2 = expires_at.
 */
const OFFER_NEXT_SQL = namedSql(
  'consult_offer_next',
  `
  WITH pair AS (${NEXT_PAIR_SQL}),
  consult AS (
    UPDATE consults c SET status = 'offered' FROM pair WHERE c.id = pair.consult_id AND c.status = 'queued'
    RETURNING c.*, pair.doctor_id AS pick_doctor_id),
  offer AS (
    INSERT INTO consult_offers (consult_id, doctor_id, status, created_at, expires_at)
    SELECT id, pick_doctor_id, 'pending', $1, $2 FROM consult
    RETURNING id, doctor_id, expires_at, consult_id)
  SELECT offer.id AS offer_id, offer.doctor_id AS offer_doctor_id, offer.expires_at AS offer_expires_at,
    EXISTS (SELECT 1 FROM consults q WHERE q.status = 'queued' AND q.id <> consult.id) AS more, consult.*
  FROM offer JOIN consult ON consult.id = offer.consult_id`,
);

/**
 * The planner settings of the dispatcher's own connections, given at connection start (no round trip):
 * walk doctors in idle order and stop at the first free one whatever the table statistics say (a fresh
 * or fast-changing presence table can look tiny to the planner, which would then check every doctor
 * and sort), and plan the statement once per connection. Only the dispatcher's connections have them.
 */
const PLANNER_SETTINGS = '-c plan_cache_mode=force_generic_plan -c enable_sort=off -c enable_bitmapscan=off';

/** The dispatcher's own connections: one for its passes, more for callers of `offerNext` at once. */
export const DISPATCH_CONNECTIONS = 2;

type OfferedRow = ConsultRow & {
  offer_id: string;
  offer_doctor_id: string;
  offer_expires_at: Date;
  more: boolean;
  pick_doctor_id: string;
};

/** At most this many offers per call of `offerNext` (a pass then goes on with another). */
export const OFFER_BATCH = 32;

/** Events after which a pass may find a pair (besides a doctor turning available, filtered below). */
const DISPATCH_TRIGGERS = [
  'consult.created',
  'consult.completed',
  'offer.declined',
  'consult.offer-revoked',
] as const;

/** PostgreSQL errors that mean "someone else got there first; look again". */
const RETRYABLE = new Set(['23505', '40001', '40P01']);

export interface MadeOffer {
  doctorId: string;
  payload: ConsultOfferedPayload;
}

/**
 * THE place where offers are made. Each offer is one statement (its own transaction) that claims the
 * consult and the doctor, marks the consult offered and inserts the offer; once it has returned
 * (committed) `consult.offered` is published, so the first offer of a burst goes out without waiting
 * for the others. The database's partial unique indexes back every invariant, so even two dispatchers
 * racing across processes cannot give a consult two pending offers or a doctor two.
 *
 * Triggers: the events that may free a doctor or queue a consult (DISPATCH_TRIGGERS: a consult
 * created or completed, an offer declined or revoked, a doctor available or connecting available);
 * `ConsultJobs` also runs a pass every second (which catches a window opening). Triggers during a pass
 * coalesce into one more pass.
 *
 * The statement runs on the dispatcher's own small pool (DISPATCH_CONNECTIONS), opened with
 * PLANNER_SETTINGS and warmed at start-up, as a named prepared statement planned once per connection.
 */
@Injectable()
export class Dispatcher implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(Dispatcher.name);
  private running?: Promise<void>;
  private again = false;
  private unsubscribe: (() => void)[] = [];
  private pool?: Pool;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly dependencies: DependencyStatus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.bus.on(DISPATCH_TRIGGERS, () => this.kick()),
      this.bus.on('doctor.presence-changed', (e) => {
        if (e.payload.status === 'available') this.kick();
      }),
      this.bus.on('doctor.connected', (e) => {
        if (e.status === 'available') this.kick();
      }),
    ];
  }

  /**
   * Before the app listens: open a dispatcher connection and plan the pairing statement on it, so the
   * first consult after a start does not pay for either. A database away now is no reason not to start.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const client = await this.connections().connect();
      try {
        await client.query({
          text: `EXPLAIN ${OFFER_NEXT_SQL.text}`,
          values: [this.clock.now(), this.clock.now()],
        });
      } finally {
        client.release();
      }
    } catch (err) {
      if (isDatabaseUnavailable(err)) this.dependencies.databaseFailed(err);
      else throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    this.closed = true;
    await this.idle();
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
  }

  /** Ask for a dispatch pass soon; passes never overlap in one process, and a kick during a pass runs another. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  /** Resolves once any pass in flight has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      // The events of one commit arrive together (say a sweep that expired ten offers): one pass for all.
      await Promise.resolve();
      do {
        this.again = false;
        try {
          while ((await this.offers(OFFER_BATCH)).more) {
            /* keep pairing */
          }
        } catch (err) {
          // The database away: said once (DependencyStatus); the periodic pass tries again.
          if (isDatabaseUnavailable(err)) this.dependencies.databaseFailed(err);
          else this.log.error({ err }, 'dispatch pass failed');
        }
      } while (this.again);
    } finally {
      // cleared in the same turn as the last look at `again`, so no kick falls between the two
      this.running = undefined;
    }
  }

  /**
   * Up to `max` offers, each committed and published as it is made. Returns the offers made (none when
   * no queued consult has an eligible doctor now).
   */
  async offerNext(max = OFFER_BATCH): Promise<MadeOffer[]> {
    return (await this.offers(max)).made;
  }

  /** `more`: the batch ended at `max` with consults still queued, so another look may find a pair. */
  private async offers(max: number): Promise<{ made: MadeOffer[]; more: boolean }> {
    const client = await this.connections().connect();
    let broken: Error | undefined;
    try {
      const made: MadeOffer[] = [];
      while (made.length < max) {
        const row = await this.offerOne(client);
        if (!row) return { made, more: false };
        const {
          offer_id: offerId,
          offer_doctor_id: doctorId,
          offer_expires_at: offerExpiresAt,
          more,
          pick_doctor_id: _picked,
          ...consult
        } = row;
        const offer = {
          doctorId,
          payload: {
            offerId,
            expiresAt: new Date(offerExpiresAt).toISOString(),
            consult: toOfferedConsultView(consult),
          },
        };
        made.push(offer);
        this.bus.publish('consult.offered', offer);
        if (!more) return { made, more: false };
      }
      return { made, more: true };
    } catch (err) {
      // a connection that failed is not given back to the pool
      if (isDatabaseUnavailable(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** One pairing statement; a lost race (another dispatcher took the pair first) is tried again. */
  private async offerOne(client: PoolClient): Promise<OfferedRow | undefined> {
    for (let attempt = 0; ; attempt++) {
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + this.config.offerTimeoutSeconds * 1000);
      try {
        const { rows } = await client.query<OfferedRow>({
          name: OFFER_NEXT_SQL.name,
          text: OFFER_NEXT_SQL.text,
          values: [now, expiresAt],
        });
        return rows[0];
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= 20) throw err;
        // Many dispatchers on one queue (several processes, a burst): after two quick retries, step
        // aside for a moment so the winner's commit is visible to the next look.
        if (attempt >= 2) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  /** The dispatcher's pool: the app's database and bounds, its own planner settings. */
  private connections(): Pool {
    if (this.closed) throw new Error('the dispatcher has stopped');
    if (!this.pool) {
      const { url } = this.db.options as { url?: string };
      this.pool = new Pool({
        connectionString: url,
        ...boundedPoolOptions(this.config, DISPATCH_CONNECTIONS),
        options: PLANNER_SETTINGS,
      });
      // An idle connection's error (the server went away) is no crash: the next pass connects again.
      this.pool.on('error', (err) => this.dependencies.databaseFailed(err));
    }
    return this.pool;
  }
}
