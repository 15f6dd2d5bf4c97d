import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SeededRandom } from '../common/random';
import { AppConfig } from '../config/app-config';
import { addDays, localDateOf, windowsBetween } from '../common/time/windows';
import { CONSULT_OUTCOMES } from './consult.dto';
import { rows } from '../common/sql';

const CALLERS = [
  'Nguyễn Thị Lan',
  'Trần Văn Hùng',
  'Lê Thị Mai',
  'Phạm Minh Tuấn',
  'Hoàng Thị Hoa',
  'Võ Văn Nam',
  null,
];
const REASONS = [
  'Fever for three days, cough',
  'Short of breath when walking',
  'Positive rapid test, elderly mother at home',
  'Loss of smell, mild headache',
  'SpO2 94% on a home oximeter',
  'Child with fever 39°C',
];
/** Demo consult-group doctors: numbers not divisible by 3 (see src/database/seed/demo-seed.ts). */
const demoConsultDoctor = (rnd: SeededRandom): string => {
  let n = rnd.int(1, 300);
  while (n % 3 === 0) n = rnd.int(1, 300);
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
};

/**
 * Demo consults (only on a freshly seeded database): a week of answered calls in the consult windows
 * (completed, a few cancelled), each with its accepted offer, and two calls waiting in the queue now,
 * so a demo doctor on shift who connects and goes available gets an offer at once.
 */
export async function seedConsultsDemo(app: INestApplicationContext, now: Date): Promise<void> {
  const config = app.get(AppConfig);
  const db = app.get<DataSource>(getDataSourceToken());
  const rnd = new SeededRandom(3);
  const today = localDateOf(now, config.operationsTz);
  const windows = windowsBetween(
    addDays(today, -7),
    today,
    config.consultWindows,
    config.operationsTz,
  ).filter((w) => w.endsAt.getTime() <= now.getTime());
  const timeout = config.offerTimeoutSeconds * 1000;
  let count = 0;
  await db.transaction(async (m) => {
    for (const w of windows) {
      const calls = rnd.int(2, 6);
      for (let i = 0; i < calls; i++) {
        const created = new Date(
          w.startsAt.getTime() + rnd.int(0, w.endsAt.getTime() - w.startsAt.getTime() - 30 * 60_000),
        );
        const phone = `+8498${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`;
        const caller = rnd.pick(CALLERS);
        const reason = rnd.pick(REASONS);
        if (rnd.chance(0.06)) {
          await rows(
            m,
            `INSERT INTO consults (status, caller_name, caller_phone, reason, created_at, queued_at, cancelled_at)
             VALUES ('cancelled', $1, $2, $3, $4, $4, $5)`,
            [caller, phone, reason, created, new Date(created.getTime() + rnd.int(30, 300) * 1000)],
          );
          count++;
          continue;
        }
        const doctorId = demoConsultDoctor(rnd);
        const offered = new Date(created.getTime() + rnd.int(1, 40) * 1000);
        const assigned = new Date(offered.getTime() + rnd.int(2, Math.max(3, timeout / 1000 - 1)) * 1000);
        const completed = new Date(assigned.getTime() + rnd.int(4, 20) * 60_000);
        const [row] = await rows<{ id: string }>(
          m,
          `INSERT INTO consults (status, caller_name, caller_phone, reason, language, created_at, queued_at,
             assigned_doctor_id, assigned_at, completed_at, outcome)
           VALUES ('completed', $1, $2, $3, 'vi', $4, $4, $5, $6, $7, $8) RETURNING id`,
          [caller, phone, reason, created, doctorId, assigned, completed, rnd.pick(CONSULT_OUTCOMES)],
        );
        await rows(
          m,
          `INSERT INTO consult_offers (consult_id, doctor_id, status, created_at, expires_at, answered_at)
           VALUES ($1, $2, 'accepted', $3, $4, $5)`,
          [row.id, doctorId, offered, new Date(offered.getTime() + timeout), assigned],
        );
        count++;
      }
    }
    for (const minutesAgo of [3, 1]) {
      const created = new Date(now.getTime() - minutesAgo * 60_000);
      await rows(
        m,
        `INSERT INTO consults (status, caller_name, caller_phone, reason, created_at, queued_at) VALUES ('queued', $1, $2, $3, $4, $4)`,
        [
          rnd.pick(CALLERS),
          `+8498${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`,
          rnd.pick(REASONS),
          created,
        ],
      );
    }
  });
  new Logger('ConsultsDemoSeed').log(`seeded ${count} past consults and 2 waiting in the queue`);
}
