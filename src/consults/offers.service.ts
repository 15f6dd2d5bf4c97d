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
import { one, rows } from '../common/sql';

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
   * Accept = one conditional UPDATE on a pending, unexpired offer made to this doctor. Whoever commits
   * first (this accept, another accept, the sweeper, a cancel) wins; the others see zero rows: 409.
   * Accepting again an offer this doctor already accepted (a retry whose ack was lost) answers the
   * same as the first time (CONTRACT.md "Retries").
   */
  async accept(offerId: string, caller: Caller): Promise<AcceptOfferResultDto> {
    const offer = await this.offerOf(offerId, caller);
    const now = this.clock.now();
    const result = await this.bus.transact(async (m, events) => {
      await this.lockConsult(m, offer.consult_id);
      const accepted = await one<OfferRow>(
        m,
        `UPDATE consult_offers SET status = 'accepted', answered_at = $3
         WHERE id = $1 AND doctor_id = $2 AND status = 'pending' AND expires_at > $3 RETURNING *`,
        [offerId, offer.doctor_id, now],
      );
      if (!accepted) return null;
      const consult = await one<ConsultRow>(
        m,
        `UPDATE consults SET status = 'assigned', assigned_doctor_id = $2, assigned_at = $3
         WHERE id = $1 AND status = 'offered' RETURNING *`,
        [offer.consult_id, offer.doctor_id, now],
      );
      if (!consult) throw DomainException.conflict('The consult is no longer waiting for this offer');
      // The answer carries the caller's phone: a read of personal data, audited in the same round
      // trip as the presence reset (the accept is the consult path's hot spot).
      await m.query(
        `WITH reset AS (UPDATE doctor_presence SET consecutive_misses = 0 WHERE doctor_id = $1)
         INSERT INTO patient_audit (resource, resource_id, patient_id, user_id, action, at, detail)
         SELECT 'consult', $2, $3, (SELECT id FROM users WHERE doctor_id = $1 LIMIT 1), 'read', $4, '{"via":"accept"}'`,
        [offer.doctor_id, consult.id, consult.patient_id, now],
      );
      events.add('offer.accepted', { offerId, consultId: consult.id, doctorId: offer.doctor_id });
      return { offer: accepted, consult };
    });
    if (!result) return this.acceptedBefore(offerId, offer.doctor_id);
    return { offer: toOfferDto(result.offer), consult: toConsultDto(result.consult) };
  }

  /** Decline: the consult goes back to the queue (keeping its place: FCFS by arrival) and to the next doctor. */
  async decline(offerId: string, caller: Caller, reason?: string): Promise<DeclineOfferResultDto> {
    const offer = await this.offerOf(offerId, caller);
    const now = this.clock.now();
    const declined = await this.bus.transact(async (m, events) => {
      await this.lockConsult(m, offer.consult_id);
      const row = await one<OfferRow>(
        m,
        `UPDATE consult_offers SET status = 'declined', answered_at = $3, reason = $4
         WHERE id = $1 AND doctor_id = $2 AND status = 'pending' RETURNING *`,
        [offerId, offer.doctor_id, now, reason ?? null],
      );
      if (!row) return null;
      await this.requeue(m, offer.consult_id, now);
      await m.query(`UPDATE doctor_presence SET consecutive_misses = 0 WHERE doctor_id = $1`, [
        offer.doctor_id,
      ]);
      events.add('offer.declined', { offerId, consultId: offer.consult_id, doctorId: offer.doctor_id });
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
        await m.query(`UPDATE consult_offers SET status = 'expired', answered_at = $2 WHERE id = $1`, [
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
            await m.query(`UPDATE doctor_presence SET consecutive_misses = 0 WHERE doctor_id = $1`, [
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
    await m.query(
      `UPDATE consults SET status = 'queued', queued_at = $2 WHERE id = $1 AND status = 'offered'`,
      [consultId, now],
    );
  }

  async lockConsult(m: EntityManager, consultId: string): Promise<void> {
    await m.query(`SELECT 1 FROM consults WHERE id = $1 FOR UPDATE`, [consultId]);
  }

  /** The offer, if the caller may answer it (`Resource.Offer`: only the doctor it was made to). */
  private async offerOf(offerId: string, caller: Caller): Promise<OfferRow> {
    await this.access.requireAccess(caller, Resource.Offer, offerId);
    const offer = await one<OfferRow>(this.db, `SELECT * FROM consult_offers WHERE id = $1`, [offerId]);
    if (!offer) throw DomainException.notFound('Offer');
    return offer;
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
