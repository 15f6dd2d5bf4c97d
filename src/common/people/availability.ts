import { DomainException } from '../errors/domain.exception';
import type { RosterGroup } from '../groups';
import { resolveWindowKey, type ShiftSpec, type WindowInstance } from '../time/windows';

/** The longest range one availability request may replace or read. */
export const MAX_AVAILABILITY_DAYS = 92;

/**
 * The windows a person's availability keys name: each must be a configured shift of their group
 * dated between `from` and `to`; one bad key refuses them all (400 naming `windows`), so nothing is
 * written. Shared by doctors and operators.
 */
export function availabilityWindows(
  keys: readonly string[],
  range: { from: string; to: string },
  group: RosterGroup,
  specs: readonly ShiftSpec[],
  zone: string,
): WindowInstance[] {
  const windows: WindowInstance[] = [];
  const bad: string[] = [];
  for (const key of keys) {
    const w = resolveWindowKey(key, specs, zone);
    if (!w || w.date < range.from || w.date > range.to) bad.push(key);
    else windows.push(w);
  }
  if (bad.length) {
    const allowed = specs.map((s) => s.label).join(', ');
    throw DomainException.invalid(
      `windows: ${bad.slice(0, 10).join(', ')} ${bad.length === 1 ? 'is not a window' : 'are not windows'} of the ${group} group (${allowed}) between ${range.from} and ${range.to}`,
    );
  }
  return windows;
}
