import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { EventBus } from './transact';

/** Domain events (./event-map.ts), published through the EventBus (./transact.ts), available everywhere. */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: false })],
  providers: [EventBus],
  exports: [EventBus],
})
export class EventsModule {}
