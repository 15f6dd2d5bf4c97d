import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessPolicy,
  decideByRow,
  Resource,
  type AccessDecisions,
  type AccessReader,
  type Caller,
  type ResourcePolicy,
} from '../common/access';
import { UUID_PATTERN } from '../common/validation/decorators';

/**
 * An operator's own record (and their availability and shifts): an operator reaches only the record
 * of their own login, coordinators and admins any. A missing operator is a 404 for everyone. Run as a
 * guard (`@RequireAccess`), so an operator on another's record gets 403 whatever they sent.
 */
@AccessPolicy()
@Injectable()
export class OperatorPolicy implements ResourcePolicy {
  readonly resource = Resource.Operator;
  readonly noun = 'operator';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(caller: Caller, ids: readonly string[], db: AccessReader = this.db): Promise<AccessDecisions> {
    // asked as a guard, before the id is validated: a malformed id is simply no operator
    const wellFormed = ids.filter((id) => UUID_PATTERN.test(id));
    return decideByRow<{ id: string; user_id: string | null }>(
      db,
      `SELECT id, user_id FROM operators WHERE id = ANY($1::uuid[])`,
      [wellFormed],
      (o) =>
        caller.role === 'operator' && o.user_id !== caller.id
          ? { forbidden: 'an operator may only see their own record' }
          : 'allowed',
    );
  }
}
