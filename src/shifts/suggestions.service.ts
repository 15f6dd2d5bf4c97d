import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { RosterGroup } from '../common/groups';
import { AppConfig } from '../config/app-config';
import { MAX_REQUIRED, SuggestedRequirementsDto } from './dto/shifts.dto';
import { agentsNeeded } from './erlang-c';
import { checkRange } from '../common/time/ranges';
import { MAX_VIEW_DAYS, RequirementsService } from './requirements.service';
import { ConsultHistoryRow, DEFAULT_SUGGEST_OPTIONS, suggestRequirements } from './suggest-requirements';
import { addDays, localDateOf } from '../common/time/windows';
import { rows } from '../common/sql';

/**
 * Suggested requirements for the consult group: the consults received in each weekday and window
 * over the past weeks, their handling time (assigned → completed), and Erlang C for the doctors
 * needed to answer 80 % of calls within 60 s. A suggestion only: the coordinator PUTs what they accept.
 */
@Injectable()
export class SuggestionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly requirements: RequirementsService,
  ) {}

  async suggest(group: RosterGroup, from: string, to: string): Promise<SuggestedRequirementsDto> {
    if (group !== 'consult')
      throw DomainException.invalid('group must be consult: only the consult group takes calls');
    checkRange(from, to, MAX_VIEW_DAYS);
    const zone = this.config.operationsTz;
    const today = localDateOf(this.clock.now(), zone);
    const weeks = DEFAULT_SUGGEST_OPTIONS.weeks;
    const historyFrom = addDays(today, -7 * weeks);
    const historyTo = addDays(today, -1);
    const history = await this.history(
      DateTime.fromISO(historyFrom, { zone }).toJSDate(),
      DateTime.fromISO(today, { zone }).toJSDate(),
    );
    const windows = this.requirements.windowsOf(group, from, to);
    const suggestion = suggestRequirements(
      windows,
      this.requirements.windowsOf(group, historyFrom, historyTo),
      history,
      (target) => agentsNeeded({ ...target, maxAgents: MAX_REQUIRED }),
    );
    const current = await this.requirements.load(group);
    return {
      group,
      from,
      to,
      historyFrom,
      historyTo,
      consultsInHistory: suggestion.consultsInHistory,
      averageHandleSeconds: suggestion.averageHandleSeconds,
      targetServiceLevel: DEFAULT_SUGGEST_OPTIONS.targetServiceLevel,
      targetAnswerSeconds: DEFAULT_SUGGEST_OPTIONS.targetAnswerSeconds,
      windows: suggestion.windows.map((w) => ({
        windowKey: w.windowKey,
        callsPerHour: w.callsPerHour,
        suggested: w.suggested,
        current: RequirementsService.requiredFor(current, w.windowKey),
      })),
      overrides: Object.fromEntries(suggestion.windows.map((w) => [w.windowKey, w.suggested])),
    };
  }

  /** Consults created in [from, to); none when the consults table is not there (yet). */
  private async history(from: Date, to: Date): Promise<ConsultHistoryRow[]> {
    const [{ present }] = await rows<{ present: boolean }>(
      this.db,
      `SELECT count(*) = 3 AS present FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'consults'
          AND column_name IN ('created_at', 'assigned_at', 'completed_at')`,
    );
    if (!present) return [];
    const found = await rows<{ created_at: Date; handle: number | null }>(
      this.db,
      `SELECT created_at, extract(epoch FROM completed_at - assigned_at)::float8 AS handle
         FROM consults WHERE created_at >= $1 AND created_at < $2`,
      [from, to],
    );
    return found.map((r) => ({ createdAt: r.created_at, handleSeconds: r.handle }));
  }
}
