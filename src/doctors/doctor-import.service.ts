import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { CsvRefused, parseDoctorsCsv } from './doctor-import';
import { type DoctorFields, doctorsByEmailForUpdate, insertDoctor, updateDoctor } from './doctors.queries';
import { doctorRecord } from './doctors.service';
import type { ImportResultDto } from './dto/doctor.dto';

const COMPARED: (keyof DoctorFields)[] = [
  'fullName',
  'phone',
  'specialty',
  'yearsOfExperience',
  'group',
  'languages',
];

/**
 * CSV import keyed by email: new emails are created, known ones updated only where a field differs,
 * so re-importing the same file changes nothing. Good rows are written in one transaction.
 * Imported doctors have no login yet; an admin gives one with PATCH or a new POST.
 */
@Injectable()
export class DoctorImportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async import(csv: unknown): Promise<ImportResultDto> {
    if (typeof csv !== 'string' || csv.trim() === '') {
      throw DomainException.invalid('body must be text/csv with a header row');
    }
    let parsed: ReturnType<typeof parseDoctorsCsv>;
    try {
      parsed = parseDoctorsCsv(csv);
    } catch (err) {
      if (err instanceof CsvRefused) throw DomainException.invalid(`body: ${err.message}`);
      throw err;
    }
    const { rows, errors } = parsed;
    let created = 0;
    let updated = 0;
    await this.db.transaction(async (tx) => {
      const emails = rows.map((r) => r.fields.email.toLowerCase());
      const existing = new Map((await doctorsByEmailForUpdate(tx, emails)).map((d) => [d.email, d]));
      for (const { fields } of rows) {
        const next = doctorRecord(fields);
        const current = existing.get(next.email);
        if (!current) {
          await insertDoctor(tx, next);
          created++;
          continue;
        }
        // Fields the CSV does not carry (caps, active) keep their current values.
        const changed = COMPARED.filter((k) => JSON.stringify(current[k]) !== JSON.stringify(next[k]));
        if (changed.length === 0) continue;
        await updateDoctor(tx, current.id, Object.fromEntries(changed.map((k) => [k, next[k]])));
        updated++;
      }
    });
    return { created, updated, errors };
  }
}
