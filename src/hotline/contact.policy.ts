import { Injectable } from '@nestjs/common';
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
 * The district rule, in one place: a district officer reaches only the contacts forwarded to their
 * own district (anything else is "not found", so they cannot even learn it exists); every other role
 * that may call a contact route reaches every contact.
 */
@AccessPolicy()
@Injectable()
export class ContactPolicy implements ResourcePolicy {
  readonly resource = Resource.Contact;
  readonly noun = 'Contact';

  /** The district a caller's lists are limited to (a district officer's), or null for all. */
  officerScope(caller: Caller): string | null {
    if (caller.role !== 'district_officer') return null;
    // an officer without a district (cannot happen: a CHECK ties them) sees nothing
    return caller.district ?? '\u0000';
  }

  async check(caller: Caller, ids: readonly string[], db?: AccessReader): Promise<AccessDecisions> {
    if (!db) throw new Error('ContactPolicy needs a database reader');
    const scope = this.officerScope(caller);
    return decideByRow<{ id: string; forward_district: string | null }>(
      db,
      `SELECT id, forward_district FROM contacts WHERE id = ANY($1::uuid[])`,
      [ids],
      (c) => (scope === null || c.forward_district === scope ? 'allowed' : 'not_found'),
    );
  }
}
