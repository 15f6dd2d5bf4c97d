import { type Roster, type RosterGroup, type ShiftWindow } from '../../api';
import { parseWindowKey } from '../../lib/dates';

export interface Cell {
  key: string;
  date: string;
  shift: string;
  required: number;
  /** the doctors, or on the operators' roster the operators, on this window */
  personIds: string[];
  startsAt?: string;
  endsAt?: string;
}

export interface Requirements {
  group: RosterGroup;
  default: number;
  overrides: Record<string, number>;
}

export function buildCells(windows: ShiftWindow[], draft: Roster | null): Map<string, Cell> {
  const map = new Map<string, Cell>();
  for (const w of windows) {
    const p = parseWindowKey(w.key);
    if (p)
      map.set(w.key, {
        key: w.key,
        date: p.date,
        shift: p.shift,
        required: w.required,
        personIds: [...w.doctorIds, ...(w.operatorIds ?? [])],
        startsAt: w.startsAt,
        endsAt: w.endsAt,
      });
  }
  if (draft) {
    for (const c of map.values()) c.personIds = [];
    for (const cov of draft.coverage) {
      const cell = map.get(cov.windowKey);
      if (cell) cell.required = cov.required;
    }
    for (const a of draft.assignments) {
      const id = a.doctorId ?? a.operatorId;
      if (id) map.get(a.windowKey)?.personIds.push(id);
    }
  }
  return map;
}

/** Someone who can be put on a roster: a doctor or an operator. */
export interface Person {
  id: string;
  fullName: string;
  active: boolean;
}

/** One person on one window, as the cell panel says it; `assignment` names the person as the API wants. */
export interface Placement {
  personId: string;
  windowKey: string;
}

export const assignment = (group: RosterGroup, p: Placement) =>
  group === 'operators'
    ? { operatorId: p.personId, windowKey: p.windowKey }
    : { doctorId: p.personId, windowKey: p.windowKey };

/** The daily shifts of a group the console config does not list (the operators'), from the week's windows, by start. */
export function shiftsOf(windows: readonly ShiftWindow[]): string[] {
  const shifts = new Set(windows.map((w) => w.key.split('/')[1]).filter(Boolean));
  return [...shifts].sort();
}
