import type { TestApp } from './test-app';

let n = 0;

export interface DoctorInput {
  fullName?: string;
  phone?: string;
  email?: string;
  specialty?: string;
  yearsOfExperience?: number;
  group?: 'consult' | 'active_care';
  languages?: string[];
  maxWindowsPerWeek?: number;
  maxWindowsPerDay?: number;
  password?: string;
}

export interface CreatedDoctor {
  id: string;
  email: string;
  password: string;
  token: string;
  body: Record<string, unknown>;
}

export function doctorBody(
  overrides: DoctorInput = {},
): Required<Omit<DoctorInput, 'languages' | 'maxWindowsPerWeek' | 'maxWindowsPerDay'>> & DoctorInput {
  n++;
  return {
    fullName: `Bác sĩ Thử ${n}`,
    phone: `098${String((n * 7919) % 10_000_000).padStart(7, '0')}`,
    email: `doctor${n}-${process.pid}@test.local`,
    specialty: 'Internal medicine',
    yearsOfExperience: 10,
    group: 'consult',
    password: 'doctor-password-1',
    ...overrides,
  };
}

/** A doctor with a login, created through the API; returns the doctor's token too. */
export async function createDoctor(app: TestApp, overrides: DoctorInput = {}): Promise<CreatedDoctor> {
  const body = doctorBody(overrides);
  const res = await app.http.post('/api/doctors').auth(app.adminToken, { type: 'bearer' }).send(body);
  if (res.status !== 201) throw new Error(`createDoctor: ${res.status} ${JSON.stringify(res.body)}`);
  const token = await app.login(body.email, body.password);
  return {
    id: (res.body as { id: string }).id,
    email: body.email,
    password: body.password,
    token,
    body: res.body,
  };
}
