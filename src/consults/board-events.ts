import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../common/events';

/**
 * Tells coordinators (`board:doctor-changed`) when a doctor's presence changes or a doctor's socket
 * comes or goes, so the supervisor board re-reads at once. Offers and calls already reach them as
 * `queue:updated`; a doctor connecting while away (offline → away) would otherwise reach them not at all.
 */
@Injectable()
export class BoardEvents implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.bus.on('doctor.presence-changed', (e) =>
        this.bus.publish('doctor.board-changed', {
          payload: { doctorId: e.doctorId, change: 'presence', presence: e.payload.status },
        }),
      ),
      this.bus.on('doctor.connected', (e) =>
        this.bus.publish('doctor.board-changed', {
          payload: { doctorId: e.doctorId, change: 'connected', presence: e.status },
        }),
      ),
      this.bus.on('doctor.disconnected', (e) =>
        this.bus.publish('doctor.board-changed', {
          payload: { doctorId: e.doctorId, change: 'disconnected', presence: null },
        }),
      ),
    ];
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}
