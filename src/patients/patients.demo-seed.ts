import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth';
import { SeededRandom } from '../common/random';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, MOBILE_PREFIXES } from '../database/seed/vietnamese-names';
import type { Comorbidity, Symptom } from '../triage';
import { AppConfig } from '../config/app-config';
import { COMORBIDITIES } from '../triage';
import type { ObservationInputDto } from './dto/observation.dto';
import type { CreatePatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

export const DEMO_PATIENTS = 300;
const SEED = 2021;

/** Districts of Hanoi with a few of their wards. */
const HANOI: Record<string, string[]> = {
  'Ba Đình': ['Cống Vị', 'Kim Mã', 'Ngọc Hà'],
  'Hoàn Kiếm': ['Hàng Bạc', 'Phúc Tân', 'Tràng Tiền'],
  'Tây Hồ': ['Bưởi', 'Nhật Tân', 'Xuân La'],
  'Long Biên': ['Bồ Đề', 'Gia Thụy', 'Ngọc Lâm'],
  'Cầu Giấy': ['Dịch Vọng', 'Nghĩa Đô', 'Yên Hoà'],
  'Đống Đa': ['Kim Liên', 'Láng Thượng', 'Văn Miếu'],
  'Hai Bà Trưng': ['Bạch Mai', 'Minh Khai', 'Thanh Nhàn'],
  'Hoàng Mai': ['Định Công', 'Giáp Bát', 'Tương Mai'],
  'Thanh Xuân': ['Khương Trung', 'Nhân Chính', 'Thượng Đình'],
  'Nam Từ Liêm': ['Mỹ Đình 1', 'Mễ Trì', 'Phú Đô'],
  'Bắc Từ Liêm': ['Cổ Nhuế 1', 'Đông Ngạc', 'Xuân Đỉnh'],
  'Hà Đông': ['Mộ Lao', 'Văn Quán', 'Yên Nghĩa'],
};

/** Vital signs typical of each tier's patients (the rules decide the tier). */
function observationFor(
  rnd: SeededRandom,
  profile: 'well' | 'mild' | 'unwell' | 'severe',
): ObservationInputDto {
  const symptoms: Symptom[] = [];
  switch (profile) {
    case 'well':
      return {
        spo2: rnd.int(97, 99),
        respiratoryRate: rnd.int(13, 18),
        heartRate: rnd.int(62, 88),
        temperature: 36.5,
        consciousness: 'alert',
      };
    case 'mild':
      symptoms.push(rnd.pick(['cough', 'fever', 'sore_throat', 'fatigue', 'loss_of_smell'] as const));
      return {
        spo2: rnd.int(96, 98),
        respiratoryRate: rnd.int(16, 20),
        heartRate: rnd.int(85, 100),
        temperature: 37.8,
        symptoms,
      };
    case 'unwell':
      symptoms.push('cough', 'fever');
      return {
        spo2: 96,
        respiratoryRate: 20,
        heartRate: rnd.int(112, 118),
        temperature: 39.2,
        systolicBp: 105,
        symptoms,
      };
    case 'severe':
      symptoms.push('cough', rnd.pick(['difficulty_breathing', 'chest_pain_persistent'] as const));
      return {
        spo2: rnd.int(88, 94),
        respiratoryRate: rnd.int(24, 30),
        heartRate: rnd.int(105, 125),
        temperature: 38.9,
        symptoms,
      };
  }
}

/** Breathing rate and pulse normal for a child's age band (vn-moh-2021.2 judges children by age). */
function childVitals(
  rnd: SeededRandom,
  years: number,
): Pick<ObservationInputDto, 'respiratoryRate' | 'heartRate'> {
  if (years < 1) return { respiratoryRate: rnd.int(30, 40), heartRate: rnd.int(110, 140) };
  if (years < 5) return { respiratoryRate: rnd.int(22, 30), heartRate: rnd.int(90, 115) };
  return { respiratoryRate: rnd.int(18, 24), heartRate: rnd.int(75, 100) };
}

/**
 * Demo patients (only on a freshly seeded database): a few hundred people under home care across
 * the districts of Hanoi, most with a first observation, so every tier, follow-ups and a few open
 * escalations are there to click through. Assigned to the demo active care doctors by the usual rule.
 */
export async function seedPatientsDemo(app: INestApplicationContext, now: Date): Promise<void> {
  const db = app.get<DataSource>(getDataSourceToken());
  const [user] = await db.query<{ id: string; email: string }[]>(
    `SELECT id, email FROM users WHERE role = 'care_team' ORDER BY created_at LIMIT 1`,
  );
  if (!user) return;
  const actor: AuthUser = {
    id: user.id,
    email: user.email,
    role: 'care_team',
    doctorId: null,
    district: null,
  };
  const patients = app.get(PatientsService);
  const rnd = new SeededRandom(SEED);
  const today = DateTime.fromJSDate(now).setZone(app.get(AppConfig).operationsTz);
  const districts = Object.keys(HANOI);
  for (let i = 0; i < DEMO_PATIENTS; i++) {
    const sex = rnd.chance(0.52) ? 'female' : 'male';
    const district = rnd.pick(districts);
    const age = rnd.chance(0.08) ? rnd.int(0, 11) : rnd.chance(0.3) ? rnd.int(50, 90) : rnd.int(12, 49);
    const dateOfBirth = today.minus({ years: age, days: rnd.int(1, 360) }).toISODate() as string;
    const comorbidities: Comorbidity[] = [];
    if (age >= 40 && rnd.chance(0.35)) comorbidities.push(rnd.pick(COMORBIDITIES));
    if (age >= 60 && rnd.chance(0.3)) comorbidities.push(rnd.pick(COMORBIDITIES));
    const input: CreatePatientDto = {
      fullName: `${rnd.pick(FAMILY_NAMES)} ${rnd.pick(MIDDLE_NAMES[sex])} ${rnd.pick(GIVEN_NAMES[sex])}`,
      phone: `${rnd.pick(MOBILE_PREFIXES)}${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`,
      dateOfBirth,
      sex,
      district,
      ward: rnd.pick(HANOI[district]),
      careSetting: rnd.chance(0.85) ? 'home' : 'quarantine_center',
      confirmedAt: today.minus({ days: rnd.int(0, 10), hours: rnd.int(0, 23) }).toISO() as string,
      comorbidities: [...new Set(comorbidities)],
      pregnant: sex === 'female' && age >= 20 && age <= 40 && rnd.chance(0.05),
      vaccineDoses: age < 12 ? 0 : rnd.chance(0.1) ? 0 : rnd.int(1, 3),
    };
    const created = await patients.create(input, actor);
    const roll = rnd.next();
    if (roll < 0.2) continue; // not seen yet: the first follow-up is due now
    const profile = roll < 0.6 ? 'well' : roll < 0.84 ? 'mild' : roll < 0.95 ? 'unwell' : 'severe';
    const observation = observationFor(rnd, profile);
    const childNormal = age < 12 && (profile === 'well' || profile === 'mild');
    await patients.observe(
      created.id,
      childNormal ? { ...observation, ...childVitals(rnd, age) } : observation,
      actor,
    );
  }
  const tiers = await db.query<{ risk_tier: string; n: number }[]>(
    `SELECT risk_tier, count(*)::int AS n FROM patients GROUP BY 1 ORDER BY 1`,
  );
  new Logger('PatientsDemoSeed').log(
    `seeded ${DEMO_PATIENTS} demo patients: ${tiers.map((t) => `${t.n} ${t.risk_tier}`).join(', ')}`,
  );
}
