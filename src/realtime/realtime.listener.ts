import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../common/events';
import { EVENT_ROUTES, SOCKET_EVENTS } from './event-routes';
import { RealtimeGateway } from './realtime.gateway';

/**
 * Turns every domain event (published by services after commit) into Socket.IO room emits, using the
 * routing table in event-routes.ts. With the Redis/Postgres adapter a room emit reaches the sockets of
 * every process. At most once, like Socket.IO itself: clients re-read state on reconnect.
 */
@Injectable()
export class RealtimeListener implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(RealtimeListener.name);
  private unsubscribe?: () => void;

  constructor(
    private readonly bus: EventBus,
    private readonly gateway: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.on(SOCKET_EVENTS, (event, name) => {
      const server = this.gateway.server as RealtimeGateway['server'] | undefined;
      if (!server) return;
      try {
        for (const emit of EVENT_ROUTES[name](event)) server.to(emit.room).emit(emit.event, emit.data);
      } catch (err) {
        this.log.warn({ err, event: name }, 'realtime emit failed');
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
