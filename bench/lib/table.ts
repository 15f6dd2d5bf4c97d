/**
 * A Markdown table for benchmark output, so a run can be pasted into a README as is. Numbers are
 * right-aligned (and so are strings that read as numbers), text left-aligned.
 */

export type TableCell = string | number;

export function formatTable(
  title: string,
  columns: readonly string[],
  rows: readonly (readonly TableCell[])[],
): string {
  const text = rows.map((row) => columns.map((_, i) => (row[i] === undefined ? '' : String(row[i]))));
  const numeric = columns.map((_, i) =>
    rows.every((row) => row[i] === undefined || typeof row[i] === 'number' || NUMERIC.test(String(row[i]))),
  );
  const widths = columns.map((c, i) => Math.max(3, c.length, ...text.map((r) => r[i].length)));
  const pad = (cell: string, i: number) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]));
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [`${title}`, '', line(columns), rule, ...text.map(line)].join('\n');
}

export function printTable(
  title: string,
  columns: readonly string[],
  rows: readonly (readonly TableCell[])[],
): void {
  console.log(`\n${formatTable(title, columns, rows)}\n`);
}

// "1,234", "-5", "0.25", "12.5 ms", "3 %" — a number with an optional short unit
const NUMERIC = /^[-+]?[\d,]*\.?\d+( ?[a-zA-Z%]{1,3})?$/;
