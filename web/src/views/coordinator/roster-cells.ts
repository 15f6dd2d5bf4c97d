import { type Group, type Roster, type ShiftWindow } from '../../api';
import { parseWindowKey } from '../../lib/dates';

export interface Cell {
  key: string;
  date: string;
  shift: string;
  required: number;
  doctorIds: string[];
  startsAt?: string;
  endsAt?: string;
}

export interface Requirements {
  group: Group;
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
        doctorIds: w.doctorIds,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
      });
  }
  if (draft) {
    for (const c of map.values()) c.doctorIds = [];
    for (const cov of draft.coverage) {
      const cell = map.get(cov.windowKey);
      if (cell) cell.required = cov.required;
    }
    // an operators' roster names operatorId (issue 13); the grid shows whoever is on the window
    for (const a of draft.assignments) map.get(a.windowKey)?.doctorIds.push(a.doctorId ?? a.operatorId ?? '');
  }
  return map;
}

export const shortName = (full: string): string => full.trim().split(/\s+/).slice(-1)[0] ?? full;
