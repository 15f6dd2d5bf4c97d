import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessPolicy,
  Resource,
  type AccessDecision,
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

  async check(
    caller: Caller,
    ids: readonly string[],
    db: AccessReader = this.db,
  ): Promise<ReadonlyMap<string, AccessDecision>> {
    // asked as a guard, before the id is validated: a malformed id is simply no operator
    const wellFormed = ids.filter((id) => UUID_PATTERN.test(id));
    const rows = await db.query<{ id: string; user_id: string | null }[]>(
      `SELECT id, user_id FROM operators WHERE id = ANY($1::uuid[])`,
      [wellFormed],
    );
    const owner = new Map(rows.map((r) => [r.id, r.user_id]));
    return new Map(
      ids.map((id): [string, AccessDecision] => {
        if (!owner.has(id)) return [id, 'not_found'];
        if (caller.role === 'operator' && owner.get(id) !== caller.id)
          return [id, { forbidden: 'an operator may only see their own record' }];
        return [id, 'allowed'];
      }),
    );
  }
}
