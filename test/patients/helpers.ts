import { EventEmitter2 } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import { io, Socket } from 'socket.io-client';
import { localDateOf } from '../../src/common/time/windows';
import { createDoctor, CreatedDoctor } from '../support/factories';
import type { TestApp } from '../support/test-app';

/**
 * Helpers for the patient tests. Care rosters are published by inserting rows (the roster API is
 * another module); everything else goes through the real HTTP API.
 */

let n = 0;

export function patientBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    fullName: `Bệnh nhân Thử ${n}`,
    phone: `091${String((n * 7919 + 1234) % 10_000_000).padStart(7, '0')}`,
    dateOfBirth: '1990-05-01',
    sex: n % 2 ? 'female' : 'male',
    district: 'Hoàng Mai',
    careSetting: 'home',
    vaccineDoses: 2,
    ...overrides,
  };
}

export interface Patient {
  id: string;
  riskTier: string;
  tierSource: string;
  assignedDoctorId: string | null;
  status: string;
  [key: string]: unknown;
}

export async function createPatient(
  app: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<Patient> {
  const res = await app.http
    .post('/api/patients')
    .auth(token, { type: 'bearer' })
    .send(patientBody(overrides));
  if (res.status !== 201) throw new Error(`createPatient: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Patient;
}

export function careDoctor(app: TestApp): Promise<CreatedDoctor> {
  return createDoctor(app, { group: 'active_care', yearsOfExperience: 3 });
}

/**
 * Puts doctors on the published active care roster from `startsAt` to `endsAt` (instants). One
 * published roster per group may cover a day, so every shift goes into one wide test roster.
 */
export async function publishCareShift(
  app: TestApp,
  doctorIds: string[],
  startsAt: Date,
  endsAt: Date,
): Promise<string> {
  const zone = app.config.operationsTz;
  const date = localDateOf(startsAt, zone);
  let [roster] = await app.db.query<{ id: string }[]>(
    `SELECT id FROM rosters WHERE "group" = 'active_care' AND status = 'published' ORDER BY created_at LIMIT 1`,
  );
  if (!roster) {
    [roster] = await app.db.query<{ id: string }[]>(
      `INSERT INTO rosters ("group", from_date, to_date, status, published_at)
       VALUES ('active_care', '2000-01-01', '2099-12-31', 'published', now()) RETURNING id`,
    );
  }
  const hour = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('HH');
  const key = `${date}/${hour(startsAt)}-${hour(endsAt)}`;
  for (const doctorId of doctorIds) {
    await app.db.query(
      `INSERT INTO roster_assignments (roster_id, doctor_id, window_key, date, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (roster_id, doctor_id, window_key) WHERE doctor_id IS NOT NULL DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at`,
      [roster.id, doctorId, key, date, startsAt, endsAt],
    );
  }
  return roster.id;
}

/** Records every domain event of the given names published by the app. */
export function recordEvents(app: TestApp, names: string[]): { name: string; event: unknown }[] {
  const emitter = app.server.app.get(EventEmitter2);
  const seen: { name: string; event: unknown }[] = [];
  for (const name of names) emitter.on(name, (event: unknown) => seen.push({ name, event }));
  return seen;
}

export const hours = (h: number) => h * 3_600_000;
export const minutes = (m: number) => m * 60_000;

export function auth(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** A socket.io client that keeps every event it receives. */
export async function connectSocket(
  url: string,
  token: string,
): Promise<{ socket: Socket; received: { event: string; data: unknown }[] }> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: { event: string; data: unknown }[] = [];
  socket.onAny((event: string, data: unknown) => received.push({ event, data }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return { socket, received };
}

export async function waitFor<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
