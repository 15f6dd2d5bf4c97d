import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { ConsultsModule } from '../consults';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeListener } from './realtime.listener';

/** Socket.IO: the gateway (auth, rooms, client events) and the domain-event → room fan-out. */
@Module({
  imports: [AuthModule, ConsultsModule],
  providers: [RealtimeGateway, RealtimeListener],
})
export class RealtimeModule {}
