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

/**
 * Parses a doctors CSV (pure: no database). Rows are validated with the same DTO as the API;
 * each bad row is reported by its line in the file (the header is line 1).
 * Throws on a file that is not CSV or lacks the header.
 */
export function parseDoctorsCsv(text: string): { rows: ParsedImportRow[]; errors: ImportRowError[] } {
  const records = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  if (records.length === 0) throw new Error('the file is empty: expected a header row');
  const header = records[0].record;
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !IMPORT_COLUMNS.includes(c));
  if (missing.length || unknown.length) {
    throw new Error(
      `the header must be ${IMPORT_COLUMNS.join(',')}` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  }
  const rows: ParsedImportRow[] = [];
  const errors: ImportRowError[] = [];
  const seenEmails = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
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
