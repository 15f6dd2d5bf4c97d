import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { DoctorFieldsDto } from './dto/doctor.dto';

export const IMPORT_COLUMNS = [
  'fullName',
  'phone',
  'email',
  'specialty',
  'yearsOfExperience',
  'group',
  'languages',
];
const REQUIRED = IMPORT_COLUMNS.filter((c) => c !== 'languages');

export interface ParsedImportRow {
  line: number;
  fields: DoctorFieldsDto;
}
export interface ImportRowError {
  line: number;
  message: string;
}

/** Flattens class-validator errors into "field: reason" strings. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}),
    ...describeValidationErrors(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/** Why a file cannot be read at all, in words for the person who saved it (never the parser's own message). */
export class CsvRefused extends Error {}

/** The separators a spreadsheet writes: Excel uses `;` where the decimal separator is a comma (Vietnamese Windows). */
const SEPARATORS = [',', ';', '\t'] as const;
const SEPARATOR_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

const headerCells = (line: string, separator: string): string[] =>
  line.split(separator).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );

/**
 * The separator of the file, from its header line: the one that splits it into the most known column
 * names. Excel's `sep=;` first line, when present, says it outright.
 */
export function detectSeparator(text: string): { separator: string; fromLine: number } {
  const lines = text.split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new CsvRefused('the file is empty: expected a header row');
  const stated = /^sep=(.)\s*$/i.exec(lines[first]);
  if (stated) return { separator: stated[1], fromLine: first + 2 };
  const known = (separator: string) =>
    headerCells(lines[first], separator).filter((c) => IMPORT_COLUMNS.includes(c)).length;
  const best = SEPARATORS.map((separator) => ({ separator, known: known(separator) })).sort(
    (a, b) => b.known - a.known,
  )[0];
  if (best.known < 2) {
    const shown = lines[first].length > 80 ? `${lines[first].slice(0, 80)}…` : lines[first];
    throw new CsvRefused(
      `the first line must be the header ${IMPORT_COLUMNS.join(',')} (separated by commas, semicolons ` +
        `or tabs); the first line is "${shown}"`,
    );
  }
  return { separator: best.separator, fromLine: 1 };
}

/** The parser's failures (csv-parse codes) in words, with the line. */
function describeCsvError(err: unknown, separator: string): string {
  const { code, lines } = err as { code?: string; lines?: number };
  const at = typeof lines === 'number' ? `line ${lines}: ` : '';
  const name = SEPARATOR_NAMES[separator] ?? JSON.stringify(separator);
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return (
        'a double quote (") opens a field that is never closed, so the rows after it cannot be read' +
        (typeof lines === 'number' ? ` (the file ends at line ${lines})` : '') +
        '; close the quote or remove it'
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${at}a quoted field is followed by other text before the next ${name}; quote the whole field, and double any quote inside it ("")`;
    default:
      return `${at}this line cannot be read as CSV separated by ${name}s`;
  }
}

/** Cells Excel leaves after the last column (`a;b;c;;`) when the sheet was once wider. */
function dropTrailingEmpty(cells: string[], keep: number): string[] {
  let end = cells.length;
  while (end > keep && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/**
 * Parses a doctors CSV (pure: no database). Rows are validated with the same DTO as the API;
 * each bad row is reported by its line in the file (the header is line 1).
 * Reads what a spreadsheet saves: a UTF-8 byte order mark, CRLF line ends, and commas, semicolons
 * (Excel where the decimal separator is a comma, as on Vietnamese Windows) or tabs, detected from the
 * header line. Throws CsvRefused, in words, on a file it cannot read or without the header.
 */
export function parseDoctorsCsv(text: string): { rows: ParsedImportRow[]; errors: ImportRowError[] } {
  // Excel's plain "CSV" is saved in the Windows code page, and "Unicode text" in UTF-16: neither is UTF-8.
  if (text.includes('\uFFFD') || text.includes('\u0000')) {
    throw new CsvRefused(
      'the file is not UTF-8 text; in Excel, save it as "CSV UTF-8 (Comma delimited) (*.csv)"',
    );
  }
  const body = text.replace(/^\uFEFF/, '');
  const { separator, fromLine } = detectSeparator(body);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: separator,
      skip_empty_lines: true,
      relax_column_count: true,
      // a stray quote inside a field is kept as text (the field's check then names it), not a parse failure
      relax_quotes: true,
      trim: true,
      info: true,
      from_line: fromLine,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw new CsvRefused(describeCsvError(err, separator));
  }
  if (records.length === 0) throw new CsvRefused('the file is empty: expected a header row');
  const header = dropTrailingEmpty(records[0].record, 0);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !IMPORT_COLUMNS.includes(c));
  if (missing.length || unknown.length) {
    throw new CsvRefused(
      `the header must be ${IMPORT_COLUMNS.join(',')}` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown: ${unknown.map((c) => c || '(an empty name)').join(', ')}` : ''),
    );
  }
  const rows: ParsedImportRow[] = [];
  const errors: ImportRowError[] = [];
  const seenEmails = new Map<string, number>();
  for (const { record: cells, info } of records.slice(1)) {
    const line = info.lines;
    // a row Excel wrote for cells once used and now empty (`;;;;;;`) is no row
    if (cells.every((c) => c === '')) continue;
    const record = dropTrailingEmpty(cells, header.length);
    if (record.length !== header.length) {
      errors.push({ line, message: `expected ${header.length} columns, found ${record.length}` });
      continue;
    }
    const raw = Object.fromEntries(header.map((column, i) => [column, record[i]]));
    const plain = {
      ...raw,
      yearsOfExperience: /^\d{1,3}$/.test(raw.yearsOfExperience ?? '')
        ? Number(raw.yearsOfExperience)
        : raw.yearsOfExperience,
      languages: raw.languages ? raw.languages.split('|').map((l) => l.trim()) : undefined,
    };
    const fields = plainToInstance(DoctorFieldsDto, plain);
    const problems = describeValidationErrors(
      validateSync(fields, { whitelist: true, forbidNonWhitelisted: true }),
    );
    const email = fields.email?.toLowerCase();
    const firstLine = email ? seenEmails.get(email) : undefined;
    if (firstLine !== undefined) problems.push(`email ${email} is already on line ${firstLine}`);
    if (problems.length) {
      errors.push({ line, message: problems.join('; ') });
      continue;
    }
    seenEmails.set(email, line);
    rows.push({ line, fields });
  }
  return { rows, errors };
}
