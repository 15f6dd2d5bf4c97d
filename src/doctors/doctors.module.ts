import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth';
import { AvailabilityEntity } from './availability.entity';
import { AvailabilityService } from './availability.service';
import { DoctorImportService } from './doctor-import.service';
import { DoctorEntity } from './doctor.entity';
import { DoctorsController } from './doctors.controller';
import { DoctorPolicy } from './doctor.policy';
import { DoctorsService } from './doctors.service';

@Module({
  imports: [TypeOrmModule.forFeature([DoctorEntity, AvailabilityEntity]), AuthModule],
  controllers: [DoctorsController],
  providers: [DoctorsService, AvailabilityService, DoctorImportService, DoctorPolicy],
  exports: [DoctorsService, AvailabilityService],
})
export class DoctorsModule {}
