import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents } from '../common/events';
import { EVENT_ROUTES } from './event-routes';
import { RealtimeGateway } from './realtime.gateway';

/**
 * Turns every domain event (published by services after commit) into Socket.IO room emits, using the
 * routing table in event-routes.ts. With the Redis/Postgres adapter a room emit reaches the sockets of
 * every process. At most once, like Socket.IO itself: clients re-read state on reconnect.
 */
@Injectable()
export class RealtimeListener implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(RealtimeListener.name);
  private readonly handlers: [string, (e: unknown) => void][] = [];

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly gateway: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    for (const key of Object.keys(DomainEvents) as (keyof typeof DomainEvents)[]) {
      const route = EVENT_ROUTES[key];
      const handler = (event: unknown) => {
        const server = this.gateway.server as RealtimeGateway['server'] | undefined;
        if (!server) return;
        try {
          for (const emit of route(event)) server.to(emit.room).emit(emit.event, emit.data);
        } catch (err) {
          this.log.warn({ err, event: DomainEvents[key] }, 'realtime emit failed');
        }
      };
      this.emitter.on(DomainEvents[key], handler);
      this.handlers.push([DomainEvents[key], handler]);
    }
  }

  onModuleDestroy(): void {
    for (const [name, handler] of this.handlers) this.emitter.off(name, handler);
  }
}
