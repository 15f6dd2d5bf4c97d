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
import type { DoctorGroup } from '../common/groups';
import { CoverService } from './cover.service';

/**
 * A cover request: staff roles see every one; a doctor one they asked for, covered, or could take now
 * (anything else is 404). Whether they may take it is the accept's own rule (409), not access.
 */
@AccessPolicy()
@Injectable()
export class CoverRequestPolicy implements ResourcePolicy {
  readonly resource = Resource.CoverRequest;
  readonly noun = 'cover request';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cover: CoverService,
  ) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    return decideByRow<{
      id: string;
      requested_by: string;
      covered_by: string | null;
      group: DoctorGroup;
      window_key: string;
    }>(
      db,
      `SELECT id, requested_by, covered_by, "group", window_key FROM cover_requests WHERE id = ANY($1::uuid[])`,
      [ids],
      async (r) =>
        caller.role !== 'doctor' ||
        r.requested_by === caller.doctorId ||
        r.covered_by === caller.doctorId ||
        (!!caller.doctorId &&
          (await this.cover.eligibleDoctors(r.group, r.window_key)).includes(caller.doctorId))
          ? 'allowed'
          : 'not_found',
    );
  }
}
