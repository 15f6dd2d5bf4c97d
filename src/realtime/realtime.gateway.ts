import { Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../auth';
import { UserAccessService } from '../auth';
import { AuthEvents, type AccessChangedEvent } from '../common/events';
import { DomainException } from '../common/errors/domain.exception';
import { isDatabaseUnavailable } from '../common/faults/unavailable';
import { UUID_PATTERN } from '../common/validation/decorators';
import { ConsultsService, OffersService, PresenceService } from '../consults';
import { EventRateLimiter } from './event-rate';
import { COORDINATORS_ROOM, districtRoom, doctorRoom } from './event-routes';

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: string; message?: string };

interface SocketData {
  user: AuthUser;
  /** kept to check again when the user's access changes */
  token: string;
  expiresAt: Date;
  /** ends the socket when its token expires */
  expiry?: NodeJS.Timeout;
  /** resolves once the socket is registered in the database (presence, re-sent offer) */
  ready?: Promise<void>;
}

/** Event maps left open (payload types live in consult.mapper.ts); `data` carries the verified caller. */
type AnyEvents = Record<string, (...args: unknown[]) => void>;
type AppSocket = Socket<AnyEvents, AnyEvents, Record<string, never>, SocketData>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Socket.IO, default namespace, path /socket.io. Authenticates in the handshake middleware (Nest
 * guards do not run on connection), puts doctors in `doctor:<id>`, district officers in
 * `district:<name>` and coordinators/admins in `coordinators`. Handlers are thin: validate, call a service, answer the ack.
 */
// CORS and the origin check: RealtimeIoAdapter (CORS_ORIGINS).
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger(RealtimeGateway.name);
  @WebSocketServer() server: Server;

  constructor(
    private readonly access: UserAccessService,
    private readonly presence: PresenceService,
    private readonly offers: OffersService,
    private readonly consults: ConsultsService,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const token = isObject(auth) && typeof auth.token === 'string' ? auth.token : undefined;
      this.access.authenticate(token).then(
        (caller) => {
          if (!caller || !token || (caller.user.role === 'doctor' && !caller.user.doctorId))
            return next(new Error('unauthorized'));
          // A token good only for choosing a password or enrolling TOTP opens no socket.
          if (caller.restriction) return next(new Error(`${caller.restriction}_required`));
          Object.assign(socket.data as SocketData, { user: caller.user, token, expiresAt: caller.expiresAt });
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
  }

  handleConnection(socket: AppSocket): void {
    this.limitEvents(socket);
    const user = socket.data.user;
    // Node timers hold at most ~24.8 days; tokens last hours.
    const ttl = Math.min(socket.data.expiresAt.getTime() - Date.now(), 2 ** 31 - 1);
    socket.data.expiry = setTimeout(() => socket.disconnect(true), Math.max(0, ttl));
    socket.data.expiry.unref();
    if (user.role === 'doctor' && user.doctorId) {
      const doctorId = user.doctorId;
      void socket.join(doctorRoom(doctorId));
      socket.data.ready = (async () => {
        await this.presence.socketConnected(doctorId, socket.id);
        // The database is the truth: whatever was pushed before (or lost), ring the bell again.
        const pending = await this.offers.pendingOfferFor(doctorId);
        if (pending && socket.connected) socket.emit('consult:offered', pending);
      })().catch((err: unknown) => this.log.warn({ err }, 'doctor socket registration failed'));
    } else if (user.role === 'district_officer' && user.district) {
      // their district's forwarded reports, and nothing else
      void socket.join(districtRoom(user.district));
    } else if (user.role === 'coordinator' || user.role === 'admin') {
      void socket.join(COORDINATORS_ROOM);
      this.consults.queueStatistics().then(
        (stats) => socket.emit('queue:updated', stats),
        (err: unknown) => this.log.warn({ err }, 'queue stats on connect failed'),
      );
    }
  }

  /** More than SOCKET_EVENTS_PER_SECOND events in a second from one socket: dropped and disconnected. */
  private limitEvents(socket: AppSocket): void {
    const limiter = new EventRateLimiter();
    socket.use((_packet, next) => {
      if (limiter.allow(Date.now())) return next();
      if (socket.connected)
        this.log.warn({ userId: socket.data.user?.id }, 'socket over its event rate: disconnected');
      socket.disconnect(true);
    });
  }

  handleDisconnect(socket: AppSocket): void {
    if (socket.data.expiry) clearTimeout(socket.data.expiry);
    const doctorId = socket.data.user?.doctorId;
    if (socket.data.user?.role !== 'doctor' || !doctorId) return;
    void (async () => {
      await socket.data.ready;
      await this.presence.socketDisconnected(doctorId, socket.id);
    })().catch((err: unknown) => this.log.warn({ err }, 'doctor socket unregistration failed'));
  }

  /**
   * A user's access changed (on this process, or another: the NOTIFY reaches every process): this
   * process's sockets of that user (of everyone, after the listener was down) whose token no longer
   * holds are closed.
   */
  @OnEvent(AuthEvents.AccessChanged)
  async recheckSockets(event: AccessChangedEvent): Promise<void> {
    const server = this.server as Server | undefined;
    if (!server) return;
    const sockets = [...server.sockets.sockets.values()] as unknown as AppSocket[];
    await Promise.all(
      sockets
        .filter((s) => s.data.user && (event.userId === null || s.data.user.id === event.userId))
        .map(async (s) => {
          const caller = await this.access.authenticate(s.data.token).catch(() => undefined);
          if (caller === null || caller?.restriction) s.disconnect(true);
        }),
    );
  }

  @SubscribeMessage('presence:set')
  presenceSet(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.answer(socket, async (doctorId) => {
      const status = isObject(body) ? body.status : undefined;
      if (status !== 'available' && status !== 'away')
        throw DomainException.invalid(['status must be available or away']);
      return this.presence.set(doctorId, status);
    });
  }

  @SubscribeMessage('consult:accept')
  accept(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.answer(socket, async () => {
      const offerId = offerIdOf(body);
      const { consult } = await this.offers.accept(offerId, socket.data.user);
      return { consult };
    });
  }

  @SubscribeMessage('consult:decline')
  decline(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.answer(socket, async () => {
      const offerId = offerIdOf(body);
      const reason = isObject(body) ? body.reason : undefined;
      if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
        throw DomainException.invalid(['reason must be a string of at most 500 characters']);
      }
      const { offer } = await this.offers.decline(offerId, socket.data.user, reason);
      return { offer };
    });
  }

  /** Runs a doctor's request and turns the result (or a DomainException) into the ack. */
  private async answer(
    socket: AppSocket,
    run: (doctorId: string) => Promise<Record<string, unknown>>,
  ): Promise<Ack> {
    const doctorId = socket.data.user.doctorId;
    if (socket.data.user.role !== 'doctor' || !doctorId)
      return { ok: false, error: 'forbidden', message: 'only doctors may do this' };
    try {
      await socket.data.ready;
      return { ok: true, ...(await run(doctorId)) };
    } catch (err) {
      if (err instanceof DomainException) return { ok: false, error: err.code, message: err.message };
      // The database away or busy past its bound: nothing was written, retry later (like HTTP's 503).
      if (isDatabaseUnavailable(err))
        return { ok: false, error: 'unavailable', message: 'the database is unavailable; retry later' };
      this.log.error({ err }, 'socket handler failed');
      return { ok: false, error: 'internal', message: 'internal error' };
    }
  }
}

function offerIdOf(body: unknown): string {
  const offerId = isObject(body) ? body.offerId : undefined;
  if (typeof offerId !== 'string' || !UUID_PATTERN.test(offerId))
    throw DomainException.invalid(['offerId must be a UUID']);
  return offerId;
}
