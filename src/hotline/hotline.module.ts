import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { ConsultsModule } from '../consults';
import { ContactPolicy } from './contact.policy';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { OverdueReports } from './overdue-reports';

/** Hotline 1022: contacts, forwarding to the districts, overdue reports. */
@Module({
  imports: [IdempotencyModule, ConsultsModule],
  controllers: [ContactsController],
  providers: [ContactsService, ContactPolicy, OverdueReports],
  exports: [ContactsService],
})
export class HotlineModule {}
