import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { CoverRequestPolicy } from './cover-request.policy';
import { CoverService } from './cover.service';
import { CalendarFeedController, DoctorShiftsController } from './doctor-shifts.controller';
import { OperatorShiftsController } from './operator-shifts.controller';
import { RequirementsService } from './requirements.service';
import { RosterReadsService } from './roster-reads.service';
import { RostersController } from './rosters.controller';
import { RostersService } from './rosters.service';
import { ShiftsController } from './shifts.controller';
import { SuggestionsService } from './suggestions.service';

@Module({
  controllers: [
    ShiftsController,
    RostersController,
    DoctorShiftsController,
    OperatorShiftsController,
    CalendarFeedController,
  ],
  providers: [
    RequirementsService,
    RostersService,
    CoverService,
    CalendarService,
    SuggestionsService,
    CoverRequestPolicy,
    RosterReadsService,
  ],
  exports: [RequirementsService, RostersService],
})
export class ShiftsModule {}
