import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessControl, Resource, type Caller } from '../common/access';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { EventBus, type ConsultOfferedPayload, type RevokeReason } from '../common/events';
import type { AcceptOfferResultDto, DeclineOfferResultDto } from './consult.dto';
import {
  ConsultRow,
  OfferRow,
  offerRevoked,
  toConsultDto,
  toOfferDto,
  toOfferedPayload,
} from './consult.mapper';
import { namedSql, one, rows } from '../common/sql';
import { auditEntrySql } from '../audit';
import { doctorUserIdSql } from '../auth';

/**
 * The accept, in one statement (its own transaction, one round trip): lock the consult the offer is
 * for (lock order: the consult first), then the offer; both locks re-read their row as committed, so
 * the steps after see the consult and the offer as they stand, not as the statement's snapshot had
 * them. The offer must be this doctor's, pending and unexpired; then the consult goes offered →
 * assigned, the offer pending → accepted, the doctor's miss count back to 0, and the audit entry
 * (the answer carries the caller's phone: a read of personal data) is written. Each step reads the one
 * before, so nothing is written unless all of it is. The rule of who may accept (the offer's own
 * doctor: OfferPolicy) is the first step's `doctor_id = $2`. $1 = offer, $2 = doctor, $3 = now.
 * Answers no row for an offer that is not this doctor's; `id` null when it is no longer pending.
 */
export const ACCEPT_SQL = namedSql(
  'consult_accept',
  `
  WITH locked AS MATERIALIZED (
    SELECT c.id FROM consults c
    WHERE c.id = (SELECT consult_id FROM consult_offers WHERE id = $1 AND doctor_id = $2)
    FOR UPDATE OF c),
  pending AS MATERIALIZED (
    SELECT o.id FROM consult_offers o JOIN locked ON locked.id = o.consult_id
    WHERE o.id = $1 AND o.doctor_id = $2 AND o.status = 'pending' AND o.expires_at > $3
    FOR UPDATE OF o),
  consult AS (
    UPDATE consults c SET status = 'assigned', assigned_doctor_id = $2, assigned_at = $3
    FROM pending JOIN locked ON true WHERE c.id = locked.id AND c.status = 'offered' RETURNING c.*),
  accepted AS (
    UPDATE consult_offers o SET status = 'accepted', answered_at = $3
    FROM consult WHERE o.id = $1 AND o.status = 'pending' RETURNING o.*),
  reset AS (UPDATE doctor_presence p SET consecutive_misses = 0 FROM accepted WHERE p.doctor_id = $2),
  audit AS (${auditEntrySql({
    resource: 'consult',
    action: 'read',
    resourceId: 'consult.id',
    patientId: 'consult.patient_id',
    userId: doctorUserIdSql('$2'),
    at: '$3',
    detail: { via: 'accept' },
  })} FROM consult JOIN accepted ON true)
  SELECT consult.*, accepted.id AS offer_id, accepted.status AS offer_status, accepted.created_at AS offer_created_at,
    accepted.expires_at AS offer_expires_at, accepted.answered_at AS offer_answered_at
  FROM locked LEFT JOIN consult ON true LEFT JOIN accepted ON true`,
);

/** Lock the consult of an offer made to a doctor (lock order: the consult first). $1 = offer, $2 = doctor. */
const LOCK_OFFER_CONSULT_SQL = `
  SELECT c.id FROM consults c
  WHERE c.id = (SELECT consult_id FROM consult_offers WHERE id = $1 AND doctor_id = $2) FOR UPDATE OF c`;

/** ACCEPT_SQL's answer: the consult's columns are null when nothing was accepted. */
type AcceptedRow = ConsultRow & {
  offer_id: string | null;
  offer_status: OfferRow['status'];
  offer_created_at: Date;
  offer_expires_at: Date;
  offer_answered_at: Date | null;
};

/** A doctor who lets this many offers in a row expire is set away. */
export const MISSES_BEFORE_AWAY = 2;

/**
 * The doctor's side of an offer: accept, decline, and the expiry sweeper. Lock order everywhere that
 * waits: the consult row first, then the offer row (the sweeper never waits: SKIP LOCKED on both).
 */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly access: AccessControl,
  ) {}

  /**
   * Accept = one statement (ACCEPT_SQL) on a pending, unexpired offer made to this doctor. Whoever
   * commits first (this accept, another accept, the sweeper, a cancel) wins; the others change nothing: 409.
   * Accepting again an offer this doctor already accepted (a retry whose ack was lost) answers the
   * same as the first time (CONTRACT.md "Retries").
   */
  async accept(offerId: string, caller: Caller): Promise<AcceptOfferResultDto> {
    const now = this.clock.now();
    const row =
      caller.role === 'doctor' && caller.doctorId
        ? await one<AcceptedRow>(this.db, ACCEPT_SQL, [offerId, caller.doctorId, now])
        : undefined;
    if (!row) {
      // not this doctor's offer (or none): the policy gives the answer, as for every other refusal
      await this.access.requireAccess(caller, Resource.Offer, offerId);
      throw DomainException.notFound('Offer');
    }
    const doctorId = caller.doctorId as string;
    const { offer_id, offer_status, offer_created_at, offer_expires_at, offer_answered_at, ...consult } = row;
    if (!offer_id) return this.acceptedBefore(offerId, doctorId);
    // committed: the statement has returned
    this.bus.publish('offer.accepted', { offerId, consultId: consult.id, doctorId });
    const offer: OfferRow = {
      id: offer_id,
      consult_id: consult.id,
      doctor_id: doctorId,
      status: offer_status,
      created_at: offer_created_at,
      expires_at: offer_expires_at,
      answered_at: offer_answered_at,
      reason: null,
    };
    return { offer: toOfferDto(offer), consult: toConsultDto(consult) };
  }

  /** Decline: the consult goes back to the queue (keeping its place: FCFS by arrival) and to the next doctor. */
  async decline(offerId: string, caller: Caller, reason?: string): Promise<DeclineOfferResultDto> {
    await this.access.requireAccess(caller, Resource.Offer, offerId);
    const doctorId = caller.doctorId as string; // the offer's doctor (the policy allows no one else)
    const now = this.clock.now();
    const declined = await this.bus.transact(async (m, events) => {
      const consultId = await this.lockConsultOf(m, offerId, doctorId);
      const row = await one<OfferRow>(
        m,
        `UPDATE consult_offers SET status = 'declined', answered_at = $3, reason = $4
         WHERE id = $1 AND doctor_id = $2 AND status = 'pending' RETURNING *`,
        [offerId, doctorId, now, reason ?? null],
      );
      if (!row) return null;
      await this.requeue(m, consultId, now);
      await rows(m, `UPDATE doctor_presence SET consecutive_misses = 0 WHERE doctor_id = $1`, [doctorId]);
      events.add('offer.declined', { offerId, consultId, doctorId });
      return row;
    });
    if (!declined) throw await this.notPending(offerId);
    return { offer: toOfferDto(declined) };
  }

  /**
   * The expiry sweeper (any process, any number at once): claims expired pending offers with
   * SKIP LOCKED on the offer and its consult, expires them, re-queues the consults, counts misses and
   * sets away a doctor who missed `MISSES_BEFORE_AWAY` in a row. Returns how many offers it expired.
   */
  async expireDue(limit = 200): Promise<number> {
    const now = this.clock.now();
    return this.bus.transact(async (m, events) => {
      const due = await rows<OfferRow>(
        m,
        `SELECT o.* FROM consult_offers o JOIN consults c ON c.id = o.consult_id
         WHERE o.status = 'pending' AND o.expires_at <= $1
         ORDER BY o.expires_at LIMIT $2
         FOR UPDATE OF o, c SKIP LOCKED`,
        [now, limit],
      );
      const setAway: string[] = [];
      for (const offer of due) {
        await rows(m, `UPDATE consult_offers SET status = 'expired', answered_at = $2 WHERE id = $1`, [
          offer.id,
          now,
        ]);
        await this.requeue(m, offer.consult_id, now);
        const presence = await one<{ consecutive_misses: number; status: string }>(
          m,
          `UPDATE doctor_presence SET consecutive_misses = consecutive_misses + 1 WHERE doctor_id = $1
           RETURNING consecutive_misses, status`,
          [offer.doctor_id],
        );
        if (presence && presence.consecutive_misses >= MISSES_BEFORE_AWAY) {
          const away = await one<{ doctor_id: string }>(
            m,
            `UPDATE doctor_presence SET status = 'away', since = $2, consecutive_misses = 0
             WHERE doctor_id = $1 AND status = 'available' RETURNING doctor_id`,
            [offer.doctor_id, now],
          );
          if (away) setAway.push(offer.doctor_id);
          else
            await rows(m, `UPDATE doctor_presence SET consecutive_misses = 0 WHERE doctor_id = $1`, [
              offer.doctor_id,
            ]);
        }
      }
      for (const offer of due) events.add('consult.offer-revoked', offerRevoked(offer, 'expired'));
      for (const doctorId of setAway) {
        events.add('doctor.presence-changed', {
          doctorId,
          payload: { status: 'away', reason: 'missed_offers' },
        });
      }
      return due.length;
    });
  }

  /** The doctor's pending offer, as `consult:offered` carries it (sent again on every (re)connect). */
  async pendingOfferFor(doctorId: string): Promise<ConsultOfferedPayload | null> {
    const found = await one<OfferRow & { c: ConsultRow }>(
      this.db,
      `SELECT o.*, to_jsonb(c) AS c FROM consult_offers o JOIN consults c ON c.id = o.consult_id
       WHERE o.doctor_id = $1 AND o.status = 'pending' AND o.expires_at > $2`,
      [doctorId, this.clock.now()],
    );
    if (!found) return null;
    const c = found.c;
    const consult: ConsultRow = {
      ...c,
      created_at: new Date(c.created_at),
      queued_at: new Date(c.queued_at),
      assigned_at: null,
      completed_at: null,
      cancelled_at: null,
    };
    return toOfferedPayload(found, consult);
  }

  /** In a transaction holding the consult's lock: revoke its pending offer (returns it for the after-commit notice). */
  async revokePending(
    m: EntityManager,
    consultId: string,
    reason: RevokeReason,
    now: Date,
  ): Promise<OfferRow | undefined> {
    return one<OfferRow>(
      m,
      `UPDATE consult_offers SET status = 'revoked', answered_at = $2, reason = $3
       WHERE consult_id = $1 AND status = 'pending' RETURNING *`,
      [consultId, now, reason],
    );
  }

  /** In a transaction holding the consult's lock: an offered consult goes back to the queue. */
  async requeue(m: EntityManager, consultId: string, now: Date): Promise<void> {
    await rows(
      m,
      `UPDATE consults SET status = 'queued', queued_at = $2 WHERE id = $1 AND status = 'offered'`,
      [consultId, now],
    );
  }

  async lockConsult(m: EntityManager, consultId: string): Promise<void> {
    await rows(m, `SELECT 1 FROM consults WHERE id = $1 FOR UPDATE`, [consultId]);
  }

  /**
   * Locks the consult an offer of this doctor's is for (lock order: the consult first) and returns its
   * id, in one round trip; an offer gone since the access check is "not found".
   */
  private async lockConsultOf(m: EntityManager, offerId: string, doctorId: string): Promise<string> {
    const locked = await one<{ id: string }>(m, LOCK_OFFER_CONSULT_SQL, [offerId, doctorId]);
    if (!locked) throw DomainException.notFound('Offer');
    return locked.id;
  }

  /** The first answer again when this doctor accepted the offer already; else the 409. */
  private async acceptedBefore(offerId: string, doctorId: string): Promise<AcceptOfferResultDto> {
    const offer = await one<OfferRow>(
      this.db,
      `SELECT * FROM consult_offers WHERE id = $1 AND doctor_id = $2 AND status = 'accepted'`,
      [offerId, doctorId],
    );
    const consult =
      offer &&
      (await one<ConsultRow>(this.db, `SELECT * FROM consults WHERE id = $1 AND assigned_doctor_id = $2`, [
        offer.consult_id,
        doctorId,
      ]));
    if (!offer || !consult) throw await this.notPending(offerId);
    return { offer: toOfferDto(offer), consult: toConsultDto(consult) };
  }

  private async notPending(offerId: string): Promise<DomainException> {
    const now = await one<{ status: string; expires_at: Date }>(
      this.db,
      `SELECT status, expires_at FROM consult_offers WHERE id = $1`,
      [offerId],
    );
    const status = now?.status === 'pending' ? 'expired' : (now?.status ?? 'gone');
    return DomainException.conflict(`The offer is no longer pending (${status})`, { offerStatus: status });
  }
}
