/** Scales for the hand-drawn SVG charts: pure arithmetic, no DOM. */

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1), so the axis ends on a round number. */
export function niceMax(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * How many steps an axis from 0 to a `niceMax` has so each step is round: whole steps up to 5
 * (counts are whole), then steps of 2, 5 or 10 × 10ⁿ.
 */
export function tickCount(max: number): number {
  if (max <= 5) return Math.max(1, Math.round(max));
  const lead = Math.round(max / 10 ** Math.floor(Math.log10(max)));
  return lead === 2 ? 4 : 5;
}

/** `count` + 1 evenly spaced values from 0 to `max` inclusive (the axis labels). */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => Math.round(((max * i) / count) * 100) / 100);
}

/** Maps a value in [0, max] onto a pixel height in [0, height]. */
export function scale(value: number, max: number, height: number): number {
  return max > 0 ? (Math.max(0, Math.min(value, max)) / max) * height : 0;
}

/** The SVG path of a line through the points, broken where a value is missing (an hour without a wait). */
export function linePath(points: readonly (readonly [number, number] | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
    pen = true;
  }
  return d;
}
