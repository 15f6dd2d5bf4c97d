import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { RosterGroup } from '../common/groups';
import { AppConfig } from '../config/app-config';
import { RequirementsService } from './requirements.service';
import { RostersService } from './rosters.service';
import { addDays, localDateOf, weekStart } from '../common/time/windows';

/** Demo staffing: enough to fill most windows from the demo doctors' availability; operators 6 a shift (the 1022 article). */
const DEMO_REQUIRED: Record<RosterGroup, number> = { consult: 6, active_care: 10, operators: 6 };

/**
 * Demo data for rosters (only on a freshly seeded database): requirements for the doctors' two groups
 * and the hotline's operators, and a published roster of each group for the current week, so a newcomer sees shifts at once.
 */
export async function seedShiftsDemo(app: INestApplicationContext, now: Date): Promise<void> {
  const config = app.get(AppConfig);
  const requirements = app.get(RequirementsService);
  const rosters = app.get(RostersService);
  const from = weekStart(localDateOf(now, config.operationsTz));
  const to = addDays(from, 6);
  for (const group of ['consult', 'active_care', 'operators'] as const) {
    await requirements.put({ group, default: DEMO_REQUIRED[group], overrides: {} });
    const draft = await rosters.create({ group, from, to }, null);
    const published = await rosters.publish(draft.id);
    new Logger('ShiftsDemoSeed').log(
      `published the ${group} roster ${from} to ${to}: ${published.stats.assigned} of ${published.stats.required} places`,
    );
  }
}
