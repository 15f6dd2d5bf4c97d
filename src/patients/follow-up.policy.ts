import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AccessPolicy,
  decideByRow,
  Resource,
  type AccessDecisions,
  type AccessReader,
  type Caller,
  type ResourcePolicy,
} from '../common/access';

/** A follow-up: staff roles reach every one; a doctor only one assigned to them (403 otherwise). */
@AccessPolicy()
@Injectable()
export class FollowUpPolicy implements ResourcePolicy {
  readonly resource = Resource.FollowUp;
  readonly noun = 'follow-up';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    return decideByRow<{ id: string; doctor_id: string | null }>(
      db,
      `SELECT id, doctor_id FROM follow_ups WHERE id = ANY($1::uuid[])`,
      [ids],
      (f) =>
        caller.role !== 'doctor' || f.doctor_id === caller.doctorId
          ? 'allowed'
          : { forbidden: 'this follow-up is assigned to another doctor' },
    );
  }
}
