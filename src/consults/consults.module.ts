import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { BoardEvents } from './board-events';
import { ConsultBoard } from './board.queries';
import { ConsultJobs } from './consult-jobs';
import { ConsultsController } from './consults.controller';
import { ConsultPolicy, OfferPolicy } from './consult.policy';
import { ConsultsService } from './consults.service';
import { Dispatcher } from './dispatcher';
import { OffersService } from './offers.service';
import { PresenceController } from './presence.controller';
import { PresenceService } from './presence.service';
import { QueueStatsPublisher } from './queue-stats.publisher';
import { ConsultPathWarmUp } from './warm-up';

/** Live consults: the queue, the dispatcher, offers, doctor presence (the realtime module rings the bells). */
@Module({
  imports: [IdempotencyModule],
  controllers: [ConsultsController, PresenceController],
  providers: [
    ConsultsService,
    Dispatcher,
    OffersService,
    PresenceService,
    QueueStatsPublisher,
    ConsultJobs,
    ConsultPolicy,
    OfferPolicy,
    ConsultBoard,
    BoardEvents,
    ConsultPathWarmUp,
  ],
  exports: [ConsultsService, OffersService, PresenceService, Dispatcher, ConsultJobs],
})
export class ConsultsModule {}
