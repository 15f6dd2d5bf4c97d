import { Injectable } from '@nestjs/common';
import {
  AccessPolicy,
  Resource,
  type AccessDecision,
  type Caller,
  type ResourcePolicy,
} from '../common/access';

/**
 * A doctor's own record (and their availability, shifts and calendar): a doctor reaches only their own
 * id, staff roles any. Decided from the id alone, so it can run before validation (`@RequireAccess`);
 * whether the doctor exists is the handler's 404.
 */
@AccessPolicy()
@Injectable()
export class DoctorPolicy implements ResourcePolicy {
  readonly resource = Resource.Doctor;
  readonly noun = 'doctor';

  check(caller: Caller, ids: readonly string[]): Promise<ReadonlyMap<string, AccessDecision>> {
    const own = (id: string): AccessDecision =>
      caller.role !== 'doctor' || id === caller.doctorId
        ? 'allowed'
        : { forbidden: 'a doctor may only see their own record' };
    return Promise.resolve(new Map(ids.map((id) => [id, own(id)])));
  }
}
