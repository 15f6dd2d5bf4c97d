/**
 * Roster grid colouring: each window cell is coloured by how many doctors it has against how many it
 * needs, and always carries the same information as text ("2/3", "thiếu 1"), never colour alone.
 */
export type CoverageLevel = 'none' | 'empty' | 'short' | 'full' | 'over';

export function coverageLevel(assigned: number, required: number): CoverageLevel {
  if (required <= 0) return assigned > 0 ? 'over' : 'none';
  if (assigned <= 0) return 'empty';
  if (assigned < required) return 'short';
  if (assigned === required) return 'full';
  return 'over';
}

export function missing(assigned: number, required: number): number {
  return Math.max(0, required - assigned);
}

export interface CoverageSummary {
  windows: number;
  required: number;
  covered: number;
  shortWindows: number;
}

/** Totals over a grid: places covered = Σ min(assigned, required), the solver's first objective. */
export function summarise(cells: { assigned: number; required: number }[]): CoverageSummary {
  let required = 0;
  let covered = 0;
  let shortWindows = 0;
  for (const c of cells) {
    required += Math.max(0, c.required);
    covered += Math.min(c.assigned, Math.max(0, c.required));
    if (c.assigned < c.required) shortWindows++;
  }
  return { windows: cells.length, required, covered, shortWindows };
}
