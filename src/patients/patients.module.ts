import { Module } from '@nestjs/common';
import { AssessmentsService } from './assessments.service';
import { EscalationsController } from './escalations.controller';
import { EscalationsService } from './escalations.service';
import { FollowUpPlanner } from './follow-up.planner';
import { FollowUpScheduler } from './follow-up.scheduler';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { PatientsController } from './patients.controller';
import { FollowUpPolicy } from './follow-up.policy';
import { PatientPolicy, PatientTierPolicy } from './patient.policy';
import { PatientsService } from './patients.service';

/** Patients, triage applied to them, follow-ups, escalations and the follow-up scheduler. */
@Module({
  controllers: [PatientsController, FollowUpsController, EscalationsController],
  providers: [
    PatientsService,
    AssessmentsService,
    FollowUpPlanner,
    FollowUpsService,
    EscalationsService,
    FollowUpScheduler,
    PatientPolicy,
    PatientTierPolicy,
    FollowUpPolicy,
  ],
  exports: [PatientsService, FollowUpScheduler],
})
export class PatientsModule {}
