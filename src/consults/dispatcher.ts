import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { EventBus, type ConsultOfferedPayload } from '../common/events';
import { AppConfig } from '../config/app-config';
import { DependencyStatus } from '../common/faults/dependency-status';
import { isDatabaseUnavailable } from '../common/faults/unavailable';
import { ConsultRow, toOfferedConsultView } from './consult.mapper';
import { rows } from '../common/sql';
import { FREE_DOCTOR_SQL } from './dispatcher.sql';

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
 * Claim a pair, mark its consult offered and insert the offer, in one statement. The offer is inserted
 * from the updated consult row, so there is no offer unless the consult really went from queued to
 * offered; the unique indexes stand behind it anyway. $1 = now, $2 = expires_at.
 */
const OFFER_NEXT_SQL = `
  WITH pair AS (${NEXT_PAIR_SQL}),
  consult AS (
    UPDATE consults c SET status = 'offered' FROM pair WHERE c.id = pair.consult_id AND c.status = 'queued'
    RETURNING c.*, pair.doctor_id AS pick_doctor_id),
  offer AS (
    INSERT INTO consult_offers (consult_id, doctor_id, status, created_at, expires_at)
    SELECT id, pick_doctor_id, 'pending', $1, $2 FROM consult
    RETURNING id, doctor_id, expires_at, consult_id)
  SELECT offer.id AS offer_id, offer.doctor_id AS offer_doctor_id, offer.expires_at AS offer_expires_at, consult.*
  FROM offer JOIN consult ON consult.id = offer.consult_id`;

type OfferedRow = ConsultRow & {
  offer_id: string;
  offer_doctor_id: string;
  offer_expires_at: Date;
  pick_doctor_id: string;
};

/** The node-postgres client under a TypeORM query runner (for named prepared statements). */
interface PgClient {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/** At most this many offers per dispatch transaction. */
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
 * THE place where offers are made. Each offer is made in a transaction that claims the consult and the
 * doctor, marks the consult offered and inserts the offer; after commit it publishes `consult.offered`.
 * The database's partial unique indexes back every invariant, so even two dispatchers racing across processes cannot give a
 * consult two pending offers or a doctor two.
 *
 * Triggers: the events that may free a doctor or queue a consult (DISPATCH_TRIGGERS: a consult
 * created or completed, an offer declined or revoked, a doctor available or connecting available);
 * `ConsultJobs` also runs a pass every second (which catches a window opening).
 */
@Injectable()
export class Dispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(Dispatcher.name);
  private running?: Promise<void>;
  private again = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
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

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Ask for a dispatch pass soon; passes never overlap in one process, and a kick during a pass runs another. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once any pass in flight has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // The events of one commit arrive together (say a sweep that expired ten offers): one pass for all.
    await Promise.resolve();
    do {
      this.again = false;
      try {
        while ((await this.offerNext()).length > 0) {
          /* keep pairing */
        }
      } catch (err) {
        // The database away: said once (DependencyStatus); the periodic pass tries again.
        if (isDatabaseUnavailable(err)) this.dependencies.databaseFailed(err);
        else this.log.error({ err }, 'dispatch pass failed');
      }
    } while (this.again);
  }

  /**
   * One dispatch transaction: up to `max` offers (each pair claimed as above; our own uncommitted
   * offers and consult updates are visible to the next claim in the same transaction), committed
   * together, then published. Batching keeps a burst of arrivals from paying one commit per offer.
   * Returns the offers made (none when no queued consult has an eligible doctor now).
   */
  async offerNext(max = OFFER_BATCH): Promise<MadeOffer[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryOffers(max);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= 20) throw err;
        // Many dispatchers on one queue (several processes, a burst): after two quick retries, step
        // aside for a moment so the winner's commit is visible to the next look.
        if (attempt >= 2) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  private tryOffers(max: number): Promise<MadeOffer[]> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.offerTimeoutSeconds * 1000);
    return this.bus.transact(async (m, events) => {
      // One round trip per offer, as a named prepared statement (planned once per connection).
      const client = (await m.queryRunner?.connect()) as PgClient | undefined;
      // Walk doctors in idle order and stop at the first free one, whatever the table statistics say
      // (a fresh or fast-changing presence table can look tiny to the planner, which would then check
      // every doctor and sort); and plan the statement once per connection.
      await m.query(
        `SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_sort', 'off', true),
                set_config('enable_bitmapscan', 'off', true)`,
      );
      const made: MadeOffer[] = [];
      while (made.length < max) {
        const result = client
          ? (
              await client.query<OfferedRow>({
                name: 'dh_offer_next',
                text: OFFER_NEXT_SQL,
                values: [now, expiresAt],
              })
            ).rows
          : await rows<OfferedRow>(m, OFFER_NEXT_SQL, [now, expiresAt]);
        const row = result[0];
        if (!row) break;
        const {
          offer_id: offerId,
          offer_doctor_id: doctorId,
          offer_expires_at: offerExpiresAt,
          pick_doctor_id: _picked,
          ...consult
        } = row;
        made.push({
          doctorId,
          payload: {
            offerId,
            expiresAt: new Date(offerExpiresAt).toISOString(),
            consult: toOfferedConsultView(consult),
          },
        });
      }
      for (const offer of made) events.add('consult.offered', offer);
      return made;
    });
  }
}
