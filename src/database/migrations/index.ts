import { Foundation1764100000000 } from './1764100000000-Foundation';
import { Rosters1764100001000 } from './1764100001000-Rosters';
import { RosterCover1764100001500 } from './1764100001500-RosterCover';
import { Consults1764100002000 } from './1764100002000-Consults';
import { Patients1764100003000 } from './1764100003000-Patients';
import { Accounts1764300000000 } from './1764300000000-Accounts';
import { AuditTrail1764310000000 } from './1764310000000-AuditTrail';
import { IdempotencyKeys1764400000000 } from './1764400000000-IdempotencyKeys';
import { HotlineRoles1764500000000 } from './1764500000000-HotlineRoles';
import { Contacts1764500001000 } from './1764500001000-Contacts';
import { Operators1764510000000 } from './1764510000000-Operators';
import { PresenceWrapUp1764720000000 } from './1764720000000-PresenceWrapUp';

/** Every migration, in order. Listed by hand so the build and the tests run the very same set. */
export const MIGRATIONS = [
  Foundation1764100000000,
  Rosters1764100001000,
  RosterCover1764100001500,
  Consults1764100002000,
  Patients1764100003000,
  Accounts1764300000000,
  AuditTrail1764310000000,
  IdempotencyKeys1764400000000,
  HotlineRoles1764500000000,
  Contacts1764500001000,
  Operators1764510000000,
  PresenceWrapUp1764720000000,
];
