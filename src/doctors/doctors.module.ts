import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { AvailabilityService } from './availability.service';
import { DoctorImportService } from './doctor-import.service';
import { DoctorsController } from './doctors.controller';
import { DoctorPolicy } from './doctor.policy';
import { DoctorsService } from './doctors.service';

@Module({
  imports: [AuthModule],
  controllers: [DoctorsController],
  providers: [DoctorsService, AvailabilityService, DoctorImportService, DoctorPolicy],
  exports: [DoctorsService, AvailabilityService],
})
export class DoctorsModule {}
