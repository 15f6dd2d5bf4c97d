import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { RosterGroup } from '../common/groups';
import { rows } from '../common/sql';
import { checkRange } from '../common/time/ranges';
import { PersonAvailabilityDto, RosterSummaryDto } from './dto/roster-reads.dto';
import { MAX_ROSTER_DAYS } from './rosters.service';
import { peopleOf } from './roster-people';
import { isoOrNull } from '../common/time/instants';

/**
 * What the roster screen needs to tell the truth about a week: which rosters (drafts and the published
 * one) cover it, and who is available when, so candidates for a window can be ranked. Read-only; plus
 * deleting a draft, which nothing else refers to.
 */
@Injectable()
export class RosterReadsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Drafts and published rosters of the group overlapping [from, to], newest first (superseded ones left out). */
  async list(group: RosterGroup, from: string, to: string): Promise<RosterSummaryDto[]> {
    checkRange(from, to, MAX_ROSTER_DAYS);
    const found = await rows<{
      id: string;
      group: RosterGroup;
      from: string;
      to: string;
      status: 'draft' | 'published';
      created_at: Date;
      published_at: Date | null;
    }>(
      this.db,
      `SELECT id, "group", from_date::text AS "from", to_date::text AS "to", status, created_at, published_at
         FROM rosters
        WHERE "group" = $1 AND status IN ('draft', 'published') AND from_date <= $3 AND to_date >= $2
        ORDER BY created_at DESC, id`,
      [group, from, to],
    );
    return found.map((r) => ({
      id: r.id,
      group: r.group,
      from: r.from,
      to: r.to,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      publishedAt: isoOrNull(r.published_at),
    }));
  }

  /** The active people of the group with any availability in [from, to], by id. */
  async availability(group: RosterGroup, from: string, to: string): Promise<PersonAvailabilityDto[]> {
    checkRange(from, to, MAX_ROSTER_DAYS);
    const found = await rows<{
      id: string;
      max_windows_per_week: number;
      max_windows_per_day: number;
      available: string[];
    }>(this.db, peopleOf(group).availableSql, [group, from, to]);
    return found.map((p) => ({
      id: p.id,
      maxWindowsPerWeek: p.max_windows_per_week,
      maxWindowsPerDay: p.max_windows_per_day,
      windows: p.available,
    }));
  }

  /**
   * Deletes a draft (its assignments go with it). The status test sits in the DELETE itself, so a
   * publish that commits first wins; a published or superseded roster is history: 409.
   */
  async deleteDraft(id: string): Promise<void> {
    const gone = await rows<{ id: string }>(
      this.db,
      `DELETE FROM rosters WHERE id = $1 AND status = 'draft' RETURNING id`,
      [id],
    );
    if (gone.length) return;
    const [row] = await rows<{ status: string }>(this.db, `SELECT status FROM rosters WHERE id = $1`, [id]);
    if (!row) throw DomainException.notFound('roster');
    throw DomainException.conflict(`roster is ${row.status}; only a draft can be deleted`);
  }
}
