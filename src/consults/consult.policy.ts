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

/** A consult: staff roles reach every one; a doctor only one assigned to them (anything else is 404). */
@AccessPolicy()
@Injectable()
export class ConsultPolicy implements ResourcePolicy {
  readonly resource = Resource.Consult;
  readonly noun = 'Consult';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    return decideByRow<{ id: string; assigned_doctor_id: string | null }>(
      db,
      `SELECT id, assigned_doctor_id FROM consults WHERE id = ANY($1::uuid[])`,
      [ids],
      (c) => (caller.role !== 'doctor' || c.assigned_doctor_id === caller.doctorId ? 'allowed' : 'not_found'),
    );
  }
}

/** An offer: only the doctor it was made to (anyone else's offer is 404; staff may not answer offers). */
@AccessPolicy()
@Injectable()
export class OfferPolicy implements ResourcePolicy {
  readonly resource = Resource.Offer;
  readonly noun = 'Offer';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    if (caller.role !== 'doctor' || !caller.doctorId) return new Map();
    return decideByRow(
      db,
      `SELECT id FROM consult_offers WHERE id = ANY($1::uuid[]) AND doctor_id = $2`,
      [ids, caller.doctorId],
      () => 'allowed',
    );
  }
}
