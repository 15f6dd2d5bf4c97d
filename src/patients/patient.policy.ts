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

/**
 * A patient: staff roles reach every patient; a doctor one assigned to them, or one whose open
 * follow-up they hold (covering for the patient's own doctor). Anyone else's patient is 403.
 */
@AccessPolicy()
@Injectable()
export class PatientPolicy implements ResourcePolicy {
  readonly resource = Resource.Patient;
  readonly noun = 'patient';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    return decideByRow<{ id: string; mine: boolean }>(
      db,
      `SELECT p.id, (p.assigned_doctor_id = $2 OR EXISTS (
                SELECT 1 FROM follow_ups f WHERE f.patient_id = p.id AND f.status = 'open' AND f.doctor_id = $2
              )) IS TRUE AS mine
         FROM patients p WHERE p.id = ANY($1::uuid[])`,
      [ids, caller.role === 'doctor' ? caller.doctorId : null],
      (p) =>
        caller.role !== 'doctor' || p.mine
          ? 'allowed'
          : { forbidden: 'a doctor may only see the patients assigned to them' },
    );
  }
}

/**
 * Setting a patient's tier by hand: staff roles (the route's @Roles says which), or the patient's own
 * doctor; a doctor covering a follow-up sees the patient but may not override the tier.
 */
@AccessPolicy()
@Injectable()
export class PatientTierPolicy implements ResourcePolicy {
  readonly resource = Resource.PatientTier;
  readonly noun = 'patient';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    return decideByRow<{ id: string; assigned_doctor_id: string | null }>(
      db,
      `SELECT id, assigned_doctor_id FROM patients WHERE id = ANY($1::uuid[])`,
      [ids],
      (p) =>
        caller.role !== 'doctor' || p.assigned_doctor_id === caller.doctorId
          ? 'allowed'
          : { forbidden: "only the patient's own doctor or the care team may override the tier" },
    );
  }
}
