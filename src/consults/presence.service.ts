import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import {
  EventBus,
  OnDomainEvent,
  type AccessRevokedEvent,
  type DomainEventMap,
  type PresenceStatusName,
} from '../common/events';
import { AppConfig } from '../config/app-config';
import { OfferRow, offerRevoked } from './consult.mapper';
import { OffersService } from './offers.service';
import { one, rows } from '../common/sql';
import { DependencyStatus } from '../common/faults/dependency-status';
import { RepeatingJob } from '../common/jobs/repeating-job';
import type { PresenceStateDto, PresenceWindowDto } from './presence.dto';

/** `available | away` (set by the doctor) or `wrap_up` (set by the server after a completed consult). */
export type PresenceStatus = PresenceStatusName;

interface WindowRow {
  window_key: string;
  date: string;
  starts_at: Date;
  ends_at: Date;
}

/** A doctor turns away when their last socket has been gone this long (CONTRACT.md "Socket.IO"). */
export const PRESENCE_GRACE_MS = 10_000;
/** How often this process tells the database it is alive (and so are the sockets it holds). */
export const INSTANCE_HEARTBEAT_MS = 1_000;
/**
 * An app process not heard from for this long is dead (pg-boss / graphile-worker style: a heartbeat
 * row per worker): any other process purges its sockets and moves its doctors' pending offers on.
 * Five missed beats, so a busy event loop or a slow commit is not taken for a death.
 */
export const INSTANCE_DEAD_AFTER_SECONDS = 5;

/**
 * Presence belongs to the doctor (`doctor_presence`), not to a socket. Each app process registers
 * itself in `realtime_instances` and records the sockets it holds in `doctor_sockets`; it heartbeats
 * its row (real time, the database's clock), so when a process dies any other process can purge its
 * sockets. A doctor with no socket left for PRESENCE_GRACE_MS (the injected Clock) turns away.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(PresenceService.name);
  readonly instanceId = randomUUID();
  /** socket id → doctor id, for the sockets this process holds */
  private readonly localSockets = new Map<string, string>();
  private readonly heartbeat: RepeatingJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly offers: OffersService,
    private readonly config: AppConfig,
    dependencies: DependencyStatus,
  ) {
    this.heartbeat = new RepeatingJob({
      name: 'instance heartbeat',
      everyMs: INSTANCE_HEARTBEAT_MS,
      run: () => this.beat(),
      log: this.log,
      dependencies,
    });
  }

  /** The heartbeat runs whatever BACKGROUND_JOBS says: it is this process's pulse, not a sweeper. */
  async onModuleInit(): Promise<void> {
    await rows(this.db, `INSERT INTO realtime_instances (id) VALUES ($1)`, [this.instanceId]);
    this.heartbeat.start();
  }

  /**
   * Tells the database this process (and so every socket it holds) is alive. If another process
   * purged us meanwhile (say the database was unreachable for a while), the row comes back and so do
   * this process's socket rows.
   */
  private async beat(): Promise<void> {
    const row = await one<{ inserted: boolean }>(
      this.db,
      `INSERT INTO realtime_instances (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen_at = now() RETURNING (xmax = 0) AS inserted`,
      [this.instanceId],
    );
    if (row?.inserted && this.localSockets.size > 0) {
      const sockets = [...this.localSockets];
      await rows(
        this.db,
        `INSERT INTO doctor_sockets (socket_id, doctor_id, instance_id)
         SELECT s, d, $3 FROM unnest($1::text[], $2::uuid[]) AS t(s, d) ON CONFLICT (socket_id) DO NOTHING`,
        [sockets.map(([socketId]) => socketId), sockets.map(([, doctorId]) => doctorId), this.instanceId],
      );
      this.log.warn('this instance had been purged; its sockets are registered again');
    }
  }

  /** A graceful stop takes this process's sockets with it (their doctors' grace period starts now). */
  async onModuleDestroy(): Promise<void> {
    await this.heartbeat.stop();
    try {
      await this.purgeInstances([this.instanceId]);
    } catch (err) {
      this.log.warn({ err }, 'could not unregister this instance');
    }
  }

  /** A doctor's socket connected to this process. Returns the doctor's presence. */
  async socketConnected(doctorId: string, socketId: string): Promise<PresenceStatus> {
    this.localSockets.set(socketId, doctorId);
    const now = this.clock.now();
    return this.bus.transact(async (m, events) => {
      const row = await one<{ status: PresenceStatus }>(
        m,
        `INSERT INTO doctor_presence (doctor_id, status, since, idle_since, last_socket_seen_at)
         VALUES ($1, 'away', $2, $2, $2)
         ON CONFLICT (doctor_id) DO UPDATE SET last_socket_seen_at = $2
         RETURNING status`,
        [doctorId, now],
      );
      await rows(
        m,
        `INSERT INTO doctor_sockets (socket_id, doctor_id, instance_id) VALUES ($1, $2, $3)
         ON CONFLICT (socket_id) DO NOTHING`,
        [socketId, doctorId, this.instanceId],
      );
      const status = row?.status ?? 'away';
      events.add('doctor.connected', { doctorId, status });
      return status;
    });
  }

  async socketDisconnected(doctorId: string, socketId: string): Promise<void> {
    this.localSockets.delete(socketId);
    await this.bus.transact(async (m, events) => {
      await rows(m, `DELETE FROM doctor_sockets WHERE socket_id = $1`, [socketId]);
      await rows(m, `UPDATE doctor_presence SET last_socket_seen_at = $2 WHERE doctor_id = $1`, [
        doctorId,
        this.clock.now(),
      ]);
      events.add('doctor.disconnected', { doctorId });
    });
  }

  /**
   * `presence:set`. Going available starts the doctor's idle time (longest idle is offered first) and
   * asks for a dispatch; going away revokes a pending offer, which goes to the next doctor. Either ends
   * a wrap-up early (available keeps the idle time the completed consult started).
   */
  async set(doctorId: string, status: 'available' | 'away'): Promise<{ status: PresenceStatus }> {
    const now = this.clock.now();
    const changed: DomainEventMap['doctor.presence-changed'] = {
      doctorId,
      payload: { status, reason: 'set' },
    };
    await this.bus.transact(async (m, events) => {
      if (status === 'available') {
        await rows(
          m,
          `INSERT INTO doctor_presence (doctor_id, status, since, idle_since) VALUES ($1, 'available', $2, $2)
           ON CONFLICT (doctor_id) DO UPDATE SET
             idle_since = CASE WHEN doctor_presence.status = 'away' THEN $2 ELSE doctor_presence.idle_since END,
             since = CASE WHEN doctor_presence.status <> 'available' THEN $2 ELSE doctor_presence.since END,
             consecutive_misses = CASE WHEN doctor_presence.status = 'away' THEN 0 ELSE doctor_presence.consecutive_misses END,
             status = 'available', wrap_up_until = NULL`,
          [doctorId, now],
        );
        events.add('doctor.presence-changed', changed);
        return;
      }
      // The consult first, as everywhere that waits (the sweeper holds consults while it updates presence).
      const pending = await one<{ consult_id: string }>(
        m,
        `SELECT consult_id FROM consult_offers WHERE doctor_id = $1 AND status = 'pending'`,
        [doctorId],
      );
      if (pending) await this.offers.lockConsult(m, pending.consult_id);
      await rows(
        m,
        `INSERT INTO doctor_presence (doctor_id, status, since, idle_since) VALUES ($1, 'away', $2, $2)
         ON CONFLICT (doctor_id) DO UPDATE SET
           since = CASE WHEN doctor_presence.status <> 'away' THEN $2 ELSE doctor_presence.since END,
           status = 'away', wrap_up_until = NULL`,
        [doctorId, now],
      );
      if (!pending) {
        events.add('doctor.presence-changed', changed);
        return;
      }
      const offer = await one<{ id: string; consult_id: string }>(
        m,
        `UPDATE consult_offers SET status = 'revoked', answered_at = $2, reason = 'away'
         WHERE consult_id = $1 AND doctor_id = $3 AND status = 'pending' RETURNING id, consult_id`,
        [pending.consult_id, now, doctorId],
      );
      if (offer) {
        await this.offers.requeue(m, offer.consult_id, now);
        events.add('consult.offer-revoked', offerRevoked({ id: offer.id, doctor_id: doctorId }, 'away'));
      }
      events.add('doctor.presence-changed', changed);
    });
    return { status };
  }

  /** WRAP_UP_SECONDS: completing a consult (COMPLETE_SQL in consults.service) reads it. */
  get wrapUpSeconds(): number {
    return this.config.wrapUpSeconds;
  }

  /**
   * After the statement that completed a consult (and, if the doctor was available, put them in
   * `wrap_up`, see COMPLETE_SQL) has returned: tell the doctor's pages and the board.
   */
  announceWrapUp(
    doctorId: string,
    presence: { presence_status: PresenceStatus | null; wrap_up_until: Date | null },
  ): void {
    if (presence.presence_status !== 'wrap_up' || !presence.wrap_up_until) return;
    this.bus.publish('doctor.presence-changed', {
      doctorId,
      payload: {
        status: 'wrap_up',
        reason: 'completed',
        wrapUpUntil: new Date(presence.wrap_up_until).toISOString(),
      },
    });
  }

  /**
   * The doctor's presence as the server holds it, with the rostered consult window containing now and
   * the next one (`GET /api/consults/presence/me`; the console reads it on every (re)connect). Windows
   * come from the published consult roster, as the dispatcher's "on shift" (src/shifts onShiftSql) reads
   * it: an active doctor of the consult group; anyone else has none.
   */
  async stateOf(doctorId: string): Promise<PresenceStateDto> {
    const now = this.clock.now();
    const [presence, windows] = await Promise.all([
      one<{ status: PresenceStatus; since: Date; wrap_up_until: Date | null }>(
        this.db,
        `SELECT status, since, wrap_up_until FROM doctor_presence WHERE doctor_id = $1`,
        [doctorId],
      ),
      rows<WindowRow>(
        this.db,
        `SELECT ra.window_key, to_char(ra.date, 'YYYY-MM-DD') AS date, ra.starts_at, ra.ends_at
         FROM roster_assignments ra
         JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = 'consult'
         JOIN doctors d ON d.id = ra.doctor_id AND d."group" = 'consult' AND d.active
         WHERE ra.doctor_id = $1 AND ra.ends_at > $2
         ORDER BY ra.starts_at LIMIT 2`,
        [doctorId, now],
      ),
    ]);
    const current = windows[0] && windows[0].starts_at.getTime() <= now.getTime() ? windows[0] : undefined;
    const next = windows.find((w) => w.starts_at.getTime() > now.getTime());
    return {
      status: presence?.status ?? 'away',
      since: presence ? presence.since.toISOString() : null,
      wrapUpUntil:
        presence?.status === 'wrap_up' && presence.wrap_up_until
          ? presence.wrap_up_until.toISOString()
          : null,
      window: current ? this.windowView(current) : null,
      nextWindow: next ? this.windowView(next) : null,
    };
  }

  private windowView(w: WindowRow): PresenceWindowDto {
    const start = DateTime.fromJSDate(w.starts_at, { zone: this.config.operationsTz });
    return {
      key: w.window_key,
      date: w.date,
      weekday: start.weekday,
      startsAt: w.starts_at.toISOString(),
      endsAt: w.ends_at.toISOString(),
    };
  }

  /**
   * A doctor whose login was disabled or who was deactivated is away from now on: an offer they hold
   * is revoked and the consult goes to the next doctor (their sockets are being closed meanwhile).
   */
  @OnDomainEvent('auth.access-revoked')
  async accessRevoked(event: AccessRevokedEvent): Promise<void> {
    if (!event.doctorId) return;
    try {
      await this.set(event.doctorId, 'away');
    } catch (err) {
      // The offer then expires as usual; nothing is left half-done.
      this.log.warn({ err }, 'could not set a revoked doctor away');
    }
  }

  /**
   * Sweeper step (any process): purge the sockets of app processes that stopped heartbeating, then
   * turn away every available (or wrapping-up) doctor whose last socket has been gone for
   * PRESENCE_GRACE_MS, and end the wrap-ups whose time has come.
   */
  async sweep(): Promise<{ purgedInstances: number; setAway: number }> {
    const dead = await rows<{ id: string }>(
      this.db,
      `SELECT id FROM realtime_instances WHERE seen_at < now() - make_interval(secs => $1) AND id <> $2`,
      [INSTANCE_DEAD_AFTER_SECONDS, this.instanceId],
    );
    if (dead.length > 0) {
      await this.purgeInstances(
        dead.map((d) => d.id),
        true,
      );
    }
    const now = this.clock.now();
    const away = await this.bus.transact(async (m, events) => {
      const turned = await rows<{ doctor_id: string }>(
        m,
        `UPDATE doctor_presence p SET status = 'away', since = $1, wrap_up_until = NULL
         WHERE p.status IN ('available', 'wrap_up')
           AND NOT EXISTS (SELECT 1 FROM doctor_sockets s WHERE s.doctor_id = p.doctor_id)
           AND (p.last_socket_seen_at IS NULL OR p.last_socket_seen_at <= $2)
         RETURNING p.doctor_id`,
        [now, new Date(now.getTime() - PRESENCE_GRACE_MS)],
      );
      for (const { doctor_id: doctorId } of turned) {
        events.add('doctor.presence-changed', {
          doctorId,
          payload: { status: 'away', reason: 'disconnected' },
        });
      }
      // Wrap-ups whose time ran out: available again; the event kicks the dispatcher, so a queued
      // consult is offered to them at once.
      const ready = await rows<{ doctor_id: string }>(
        m,
        `UPDATE doctor_presence SET status = 'available', since = $1, wrap_up_until = NULL
         WHERE status = 'wrap_up' AND wrap_up_until <= $1 RETURNING doctor_id`,
        [now],
      );
      for (const { doctor_id: doctorId } of ready) {
        events.add('doctor.presence-changed', {
          doctorId,
          payload: { status: 'available', reason: 'wrap_up_ended' },
        });
      }
      return turned;
    });
    return { purgedInstances: dead.length, setAway: away.length };
  }

  /**
   * Deletes app processes' rows and the sockets they held. For a dead process (`revokeOffers`), the
   * pending offer of each doctor left with no socket anywhere is revoked and its consult re-queued:
   * nobody can answer it, and the caller should not wait out the whole offer timeout. (A graceful
   * stop keeps the offers: its clients reconnect to another process and are sent them again.)
   */
  private async purgeInstances(ids: string[], revokeOffers = false): Promise<void> {
    const now = this.clock.now();
    await this.bus.transact(async (m, events) => {
      const gone = await rows<{ doctor_id: string }>(
        m,
        `DELETE FROM doctor_sockets WHERE instance_id = ANY ($1::uuid[]) RETURNING doctor_id`,
        [ids],
      );
      const doctors = [...new Set(gone.map((g) => g.doctor_id))];
      if (doctors.length > 0) {
        await rows(
          m,
          `UPDATE doctor_presence SET last_socket_seen_at = $2 WHERE doctor_id = ANY ($1::uuid[])`,
          [doctors, now],
        );
      }
      await rows(m, `DELETE FROM realtime_instances WHERE id = ANY ($1::uuid[])`, [ids]);
      if (!revokeOffers) return;
      events.add('doctor.sockets-purged', { instanceIds: ids });
      if (doctors.length === 0) return;
      const stranded = await rows<{ consult_id: string; doctor_id: string }>(
        m,
        `SELECT o.consult_id, o.doctor_id FROM consult_offers o
         WHERE o.status = 'pending' AND o.doctor_id = ANY ($1::uuid[])
           AND NOT EXISTS (SELECT 1 FROM doctor_sockets s WHERE s.doctor_id = o.doctor_id)`,
        [doctors],
      );
      for (const { consult_id: consultId, doctor_id: doctorId } of stranded) {
        await this.offers.lockConsult(m, consultId);
        const offer = await one<OfferRow>(
          m,
          `UPDATE consult_offers SET status = 'revoked', answered_at = $2, reason = 'disconnected'
           WHERE consult_id = $1 AND doctor_id = $3 AND status = 'pending' RETURNING *`,
          [consultId, now, doctorId],
        );
        if (!offer) continue;
        await this.offers.requeue(m, consultId, now);
        events.add('consult.offer-revoked', offerRevoked(offer, 'disconnected'));
      }
    });
  }
}
