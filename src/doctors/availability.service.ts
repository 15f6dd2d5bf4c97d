import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { availabilityWindows } from '../common/people/availability';
import { daysBetween } from '../common/time/windows';
import { availabilityKeys, replaceAvailability } from './availability.queries';
import type { Doctor } from './doctors.queries';

/** The longest range one request may replace or read. */
const MAX_RANGE_DAYS = 92;

@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  private checkRange(from: string, to: string): void {
    const days = daysBetween(from, to);
    if (days < 0) throw DomainException.invalid('to must not be before from');
    if (days >= MAX_RANGE_DAYS)
      throw DomainException.invalid(`from and to may span at most ${MAX_RANGE_DAYS} days`);
  }

  /**
   * Replaces the doctor's availability between two dates. Every key must be a configured window of the
   * doctor's group dated within the range; one bad key refuses the whole request and nothing changes.
   */
  async replace(doctor: Doctor, from: string, to: string, keys: string[]): Promise<string[]> {
    this.checkRange(from, to);
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
    this.checkRange(from, to);
    return availabilityKeys(this.db, doctorId, from, to);
  }
}
