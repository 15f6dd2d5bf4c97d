import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { availabilityWindows, MAX_AVAILABILITY_DAYS } from '../common/people/availability';
import { checkRange } from '../common/time/ranges';
import { availabilityKeys, replaceAvailability } from './availability.queries';
import type { Doctor } from './doctors.queries';

@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Replaces the doctor's availability between two dates. Every key must be a configured window of the
   * doctor's group dated within the range; one bad key refuses the whole request and nothing changes.
   */
  async replace(doctor: Doctor, from: string, to: string, keys: string[]): Promise<string[]> {
    checkRange(from, to, MAX_AVAILABILITY_DAYS);
    const windows = availabilityWindows(
      keys,
      { from, to },
      doctor.group,
      this.config.shiftsFor(doctor.group),
      this.config.operationsTz,
    );
    await this.db.transaction((tx) => replaceAvailability(tx, doctor.id, from, to, windows));
    return windows.map((w) => w.key).sort();
  }

  async list(doctorId: string, from: string, to: string): Promise<string[]> {
    checkRange(from, to, MAX_AVAILABILITY_DAYS);
    return availabilityKeys(this.db, doctorId, from, to);
  }
}
