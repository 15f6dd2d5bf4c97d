import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { RosterGroup } from '../common/groups';
import { AppConfig } from '../config/app-config';
import { peopleOf } from './roster-people';
import { RequirementsDto, ShiftWindowDto, UnderstaffedWindowDto } from './dto/shifts.dto';
import { checkRange } from '../common/time/ranges';
import { resolveWindowKey, WindowInstance, windowsBetween } from '../common/time/windows';
import { rows } from '../common/sql';

/** Doctors a window needs when the coordinators have not said anything yet. */
export const DEFAULT_REQUIRED = 1;
/** Operators a shift needs by default: the hotline's three shifts of 6 (issue 13). */
export const DEFAULT_OPERATORS_REQUIRED = 6;
/** The longest range the window views read. */
export const MAX_VIEW_DAYS = 92;

export interface Requirements {
  group: RosterGroup;
  default: number;
  overrides: Map<string, number>;
}

/** Staffing requirements (a default per group, overrides per window) and the window views built on them. */
@Injectable()
export class RequirementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  windowsOf(group: RosterGroup, from: string, to: string): WindowInstance[] {
    return windowsBetween(from, to, this.config.shiftsFor(group), this.config.operationsTz);
  }

  async load(group: RosterGroup, tx: EntityManager = this.db.manager): Promise<Requirements> {
    const [row] = await rows<{
      default_required: number;
    }>(tx, `SELECT default_required FROM shift_requirements WHERE "group" = $1`, [group]);
    const overrides = await rows<{ window_key: string; required: number }>(
      tx,
      `SELECT window_key, required FROM shift_requirement_overrides WHERE "group" = $1 ORDER BY window_key`,
      [group],
    );
    return {
      group,
      default: row
        ? row.default_required
        : group === 'operators'
          ? DEFAULT_OPERATORS_REQUIRED
          : DEFAULT_REQUIRED,
      overrides: new Map(overrides.map((o) => [o.window_key, o.required])),
    };
  }

  static requiredFor(req: Requirements, windowKey: string): number {
    return req.overrides.get(windowKey) ?? req.default;
  }

  async get(group: RosterGroup): Promise<RequirementsDto> {
    return toDto(await this.load(group));
  }

  /** Replaces the group's default and every override; a key that is not a configured window refuses it all. */
  async put(body: RequirementsDto): Promise<RequirementsDto> {
    const specs = this.config.shiftsFor(body.group);
    const keys = Object.keys(body.overrides);
    const bad = keys.filter((k) => !resolveWindowKey(k, specs, this.config.operationsTz));
    if (bad.length) {
      throw DomainException.invalid(
        `overrides: ${bad.slice(0, 10).join(', ')} ${bad.length === 1 ? 'is not a window' : 'are not windows'} of the ${body.group} group (${specs.map((s) => s.label).join(', ')})`,
      );
    }
    await this.db.transaction(async (tx) => {
      await rows(
        tx,
        `INSERT INTO shift_requirements ("group", default_required, updated_at) VALUES ($1, $2, now())
         ON CONFLICT ("group") DO UPDATE SET default_required = EXCLUDED.default_required, updated_at = now()`,
        [body.group, body.default],
      );
      await rows(tx, `DELETE FROM shift_requirement_overrides WHERE "group" = $1`, [body.group]);
      if (keys.length) {
        await rows(
          tx,
          `INSERT INTO shift_requirement_overrides ("group", window_key, required)
           SELECT $1, k, n FROM unnest($2::text[], $3::int[]) AS t(k, n)`,
          [body.group, keys, keys.map((k) => body.overrides[k])],
        );
      }
    });
    return this.get(body.group);
  }

  /** Every window of the range with its requirement and the doctors of the published roster. */
  async windows(group: RosterGroup, from: string, to: string): Promise<ShiftWindowDto[]> {
    checkRange(from, to, MAX_VIEW_DAYS);
    const req = await this.load(group);
    const onRoster = await this.publishedDoctors(group, from, to);
    return this.windowsOf(group, from, to).map((w) => {
      const ids = onRoster.get(w.key)?.map((d) => d.doctorId) ?? [];
      return {
        key: w.key,
        group,
        startsAt: w.startsAt.toISOString(),
        endsAt: w.endsAt.toISOString(),
        required: RequirementsService.requiredFor(req, w.key),
        ...(group === 'operators' ? { doctorIds: [], operatorIds: ids } : { doctorIds: ids }),
      };
    });
  }

  /**
   * Every window of the range below its requirement right now: counts the active doctors of the
   * published roster, less those who asked for cover and are still waiting for it.
   */
  async understaffed(group: RosterGroup, from: string, to: string): Promise<UnderstaffedWindowDto[]> {
    checkRange(from, to, MAX_VIEW_DAYS);
    const req = await this.load(group);
    const onRoster = await this.publishedDoctors(group, from, to);
    const out: UnderstaffedWindowDto[] = [];
    for (const w of this.windowsOf(group, from, to)) {
      const required = RequirementsService.requiredFor(req, w.key);
      const found = onRoster.get(w.key) ?? [];
      const present = found.filter((r) => r.active && !r.coverRequestId);
      if (present.length >= required) continue;
      out.push({
        key: w.key,
        group,
        startsAt: w.startsAt.toISOString(),
        endsAt: w.endsAt.toISOString(),
        required,
        assigned: present.length,
        missing: required - present.length,
        doctorIds: present.map((r) => r.doctorId),
        openCoverRequestIds: found.flatMap((r) => (r.coverRequestId ? [r.coverRequestId] : [])),
      });
    }
    return out;
  }

  private async publishedDoctors(
    group: RosterGroup,
    from: string,
    to: string,
  ): Promise<Map<string, { doctorId: string; active: boolean; coverRequestId: string | null }[]>> {
    const people = peopleOf(group);
    const found = await rows<{
      window_key: string;
      doctor_id: string;
      active: boolean;
      cover_request_id: string | null;
    }>(
      this.db,
      `SELECT ra.window_key, ra.${people.column} AS doctor_id, d.active, c.id AS cover_request_id
         FROM roster_assignments ra
         JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published' AND r."group" = $1
         JOIN ${people.table} d ON d.id = ra.${people.column}
         LEFT JOIN cover_requests c
           ON c.status = 'open' AND c.requested_by = ra.doctor_id AND c.window_key = ra.window_key AND c."group" = $1
        WHERE ra.date BETWEEN $2 AND $3
        ORDER BY ra.window_key, ra.${people.column}`,
      [group, from, to],
    );
    const map = new Map<string, { doctorId: string; active: boolean; coverRequestId: string | null }[]>();
    for (const r of found) {
      const list = map.get(r.window_key) ?? [];
      list.push({ doctorId: r.doctor_id, active: r.active, coverRequestId: r.cover_request_id });
      map.set(r.window_key, list);
    }
    return map;
  }
}

function toDto(req: Requirements): RequirementsDto {
  return { group: req.group, default: req.default, overrides: Object.fromEntries(req.overrides) };
}
