import { io, Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { type Clock, SystemClock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { addDays, localDateOf, windowsBetween } from '../../src/common/time/windows';
import { createDoctor, CreatedDoctor, doctorBody, DoctorInput } from '../support/factories';
import { loginAt } from '../support/processes';
import { startTestApp, type TestApp } from '../support/test-app';
import { ConsultJobs } from '../../src/consults/consult-jobs';
import { SOCKET_EVENTS_PER_SECOND } from '../../src/realtime/event-rate';

/**
 * Helpers for the consult tests. Rosters are published by inserting rows directly (the roster API is
 * another module); everything else goes through the real HTTP API and real Socket.IO clients.
 */

/**
 * Puts `doctorIds` on the published consult roster in every configured window from `from` to `to`
 * (local dates; default yesterday to tomorrow). The database allows one published roster per group and
 * day, so the test app's single published consult roster is created once and widened as needed.
 */
/** What publishing a roster needs: a test app, or a bare database handle with the config and a clock. */
export type RosterTarget =
  Pick<TestApp, 'db' | 'config' | 'clock'> | { db: DataSource; config: AppConfig; clock: Clock };

export async function publishRoster(
  app: RosterTarget,
  doctorIds: string[],
  from?: string,
  to?: string,
): Promise<string> {
  const zone = app.config.operationsTz;
  const today = localDateOf(app.clock.now(), zone);
  const fromDate = from ?? addDays(today, -1);
  const toDate = to ?? addDays(today, 1);
  const existing = await app.db.query<{ id: string }[]>(
    `SELECT id FROM rosters WHERE "group" = 'consult' AND status = 'published' LIMIT 1`,
  );
  let rosterId: string;
  if (existing.length > 0) {
    rosterId = existing[0].id;
    await app.db.query(
      `UPDATE rosters SET from_date = LEAST(from_date, $2::date), to_date = GREATEST(to_date, $3::date) WHERE id = $1`,
      [rosterId, fromDate, toDate],
    );
  } else {
    const [roster] = await app.db.query<{ id: string }[]>(
      `INSERT INTO rosters ("group", from_date, to_date, status, published_at) VALUES ('consult', $1, $2, 'published', now()) RETURNING id`,
      [fromDate, toDate],
    );
    rosterId = roster.id;
  }
  const windows = windowsBetween(fromDate, toDate, app.config.consultWindows, zone);
  for (const doctorId of doctorIds) {
    for (const w of windows) {
      await app.db.query(
        `INSERT INTO roster_assignments (roster_id, doctor_id, window_key, date, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [rosterId, doctorId, w.key, w.date, w.startsAt, w.endsAt],
      );
    }
  }
  return rosterId;
}

/**
 * A consult-group doctor created through a running app process (multi-process tests), on the
 * published all-day roster, with their token.
 */
export async function consultDoctorAt(
  url: string,
  adminToken: string,
  db: DataSource,
): Promise<{ id: string; token: string }> {
  const body = doctorBody({ group: 'consult' });
  const res = await fetch(`${url}/api/doctors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create doctor: ${res.status}`);
  const { id } = (await res.json()) as { id: string };
  const config = AppConfig.fromEnv({ CONSULT_WINDOWS: '00-24' });
  await publishRoster({ db, config, clock: new SystemClock() }, [id]);
  return { id, token: await loginAt(url, body.email, body.password) };
}

/** A consult-group doctor on the published roster for today (±1 day). */
export async function rosteredDoctor(app: TestApp, overrides: DoctorInput = {}): Promise<CreatedDoctor> {
  const doctor = await createDoctor(app, { group: 'consult', ...overrides });
  await publishRoster(app, [doctor.id]);
  return doctor;
}

export interface Offered {
  offerId: string;
  expiresAt: string;
  consult: Record<string, unknown> & { id: string };
}

export interface Ack {
  ok: boolean;
  error?: string;
  message?: string;
  [key: string]: unknown;
}

/** A real socket.io-client that records every event it receives and can wait for the next one. */
export class TestClient {
  readonly received: { event: string; data: unknown }[] = [];
  private waiters: { event: string; resolve: (data: unknown) => void; from: number }[] = [];
  private cursor = new Map<string, number>();

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, data: unknown) => {
      this.received.push({ event, data });
      this.waiters = this.waiters.filter((w) => {
        if (w.event !== event) return true;
        w.resolve(data);
        return false;
      });
    });
  }

  /** Events of one name received so far. */
  all<T>(event: string): T[] {
    return this.received.filter((r) => r.event === event).map((r) => r.data as T);
  }

  /** The next `event` not yet consumed by `next` (already received, or waits for it). */
  next<T>(event: string, timeoutMs = 8000): Promise<T> {
    const seen = this.cursor.get(event) ?? 0;
    const list = this.all<T>(event);
    if (list.length > seen) {
      this.cursor.set(event, seen + 1);
      return Promise.resolve(list[seen]);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        event,
        from: seen,
        resolve: (data) => {
          clearTimeout(timer);
          this.cursor.set(event, seen + 1);
          resolve(data as T);
        },
      });
    });
  }

  /** Skip whatever of `event` has arrived so far (the next `next` waits for a new one). */
  skip(event: string): void {
    this.cursor.set(event, this.all(event).length);
  }

  /**
   * Sends and waits for the ack, at most SOCKET_EVENTS_PER_SECOND - 2 events in any second, as a real
   * client would: above the contract's rate the server disconnects the socket, and a test that happens
   * to run fast must not trip that (test/web/security covers the limit itself with a raw socket).
   */
  async emit(event: string, body: unknown, timeoutMs = 8000): Promise<Ack> {
    await this.pace();
    return (await this.socket.timeout(timeoutMs).emitWithAck(event, body)) as Ack;
  }

  private readonly sent: number[] = [];

  private async pace(): Promise<void> {
    const limit = SOCKET_EVENTS_PER_SECOND - 2;
    for (;;) {
      const now = Date.now();
      while (this.sent.length && now - this.sent[0] >= 1000) this.sent.shift();
      if (this.sent.length < limit) {
        this.sent.push(now);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000 - (now - this.sent[0]) + 5));
    }
  }

  async setPresence(status: 'available' | 'away'): Promise<Ack> {
    const ack = await this.emit('presence:set', { status });
    if (!ack.ok) throw new Error(`presence:set failed: ${JSON.stringify(ack)}`);
    return ack;
  }

  close(): void {
    this.socket.disconnect();
  }
}

export function connect(url: string, token: string | undefined): Promise<TestClient> {
  const socket = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const client = new TestClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** A doctor connected, registered in the database and available. */
export async function availableDoctor(
  app: TestApp,
  doctor: CreatedDoctor,
  url = app.url,
): Promise<TestClient> {
  const client = await connect(url, doctor.token);
  await client.setPresence('available');
  return client;
}

export async function createConsult(
  app: TestApp,
  token: string,
  body: Record<string, unknown> = {},
): Promise<{ id: string; status: string } & Record<string, unknown>> {
  const res = await app.http
    .post('/api/consults')
    .auth(token, { type: 'bearer' })
    .send({
      callerPhone: '0889556655',
      callerName: 'Trần Thị Bình',
      reason: 'Fever and cough for three days',
      ...body,
    });
  if (res.status !== 201) throw new Error(`createConsult: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string };
}

/** Between tests: every doctor away, nothing queued, offered or assigned (the next test starts clean). */
export async function clearConsults(db: DataSource): Promise<void> {
  await db.query(`UPDATE doctor_presence SET status = 'away', wrap_up_until = NULL`);
  await db.query(
    `UPDATE consult_offers SET status = 'revoked', answered_at = now(), reason = 'cancelled' WHERE status = 'pending'`,
  );
  await db.query(
    `UPDATE consults SET status = 'cancelled', cancelled_at = now() WHERE status IN ('queued', 'offered')`,
  );
  await db.query(
    `UPDATE consults SET status = 'completed', completed_at = now(), outcome = 'advised' WHERE status = 'assigned'`,
  );
}

export const until = async (
  check: () => Promise<boolean> | boolean,
  timeoutMs = 8000,
  stepMs = 25,
): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
};

/**
 * Every invariant of CONTRACT.md "Consults", checked against the database. Returns the violations
 * (an empty list when all hold) so a failing test names what broke.
 */
export async function invariantViolations(db: DataSource): Promise<string[]> {
  const checks: [string, string][] = [
    [
      'a consult with more than one pending offer',
      `SELECT consult_id FROM consult_offers WHERE status = 'pending' GROUP BY consult_id HAVING count(*) > 1`,
    ],
    [
      'a doctor with more than one pending offer',
      `SELECT doctor_id FROM consult_offers WHERE status = 'pending' GROUP BY doctor_id HAVING count(*) > 1`,
    ],
    [
      'a doctor with more than one assigned consult',
      `SELECT assigned_doctor_id FROM consults WHERE status = 'assigned' GROUP BY assigned_doctor_id HAVING count(*) > 1`,
    ],
    [
      'an offer accepted more than once for one consult',
      `SELECT consult_id FROM consult_offers WHERE status = 'accepted' GROUP BY consult_id HAVING count(*) > 1`,
    ],
    [
      'an offered consult without exactly one pending offer',
      `SELECT c.id FROM consults c WHERE c.status = 'offered'
         AND (SELECT count(*) FROM consult_offers o WHERE o.consult_id = c.id AND o.status = 'pending') <> 1`,
    ],
    [
      'a pending offer on a consult that is not offered',
      `SELECT o.id FROM consult_offers o JOIN consults c ON c.id = o.consult_id WHERE o.status = 'pending' AND c.status <> 'offered'`,
    ],
    [
      'an assigned/completed consult without its accepted offer by the assigned doctor',
      `SELECT c.id FROM consults c WHERE c.status IN ('assigned', 'completed') AND NOT EXISTS (
         SELECT 1 FROM consult_offers o WHERE o.consult_id = c.id AND o.status = 'accepted' AND o.doctor_id = c.assigned_doctor_id)`,
    ],
    [
      'an accepted offer on a consult not assigned/completed',
      `SELECT o.id FROM consult_offers o JOIN consults c ON c.id = o.consult_id WHERE o.status = 'accepted' AND c.status NOT IN ('assigned', 'completed')`,
    ],
    [
      'a doctor holding a pending offer and an assigned consult',
      `SELECT o.doctor_id FROM consult_offers o JOIN consults c ON c.assigned_doctor_id = o.doctor_id AND c.status = 'assigned' WHERE o.status = 'pending'`,
    ],
    [
      'an offer made again to a doctor who declined or let expire this consult',
      `SELECT a.id FROM consult_offers a JOIN consult_offers b ON b.consult_id = a.consult_id AND b.doctor_id = a.doctor_id AND b.id <> a.id
         WHERE a.status IN ('declined', 'expired') AND b.created_at >= a.created_at`,
    ],
    [
      'an offer accepted after it expired',
      `SELECT id FROM consult_offers WHERE status = 'accepted' AND answered_at >= expires_at`,
    ],
  ];
  const violations: string[] = [];
  for (const [name, sql] of checks) {
    const found = await db.query<unknown[]>(sql);
    if (found.length > 0) violations.push(`${name}: ${JSON.stringify(found.slice(0, 3))}`);
  }
  return violations;
}

export async function expectInvariants(db: DataSource): Promise<void> {
  expect(await invariantViolations(db)).toEqual([]);
}

/**
 * One app for a file of consult tests, background jobs off (the tests drive the sweeps), started before
 * its tests and closed after them: read `.app`, `.coordinator` (a token) and `.jobs` inside the tests.
 * Sockets passed to `track` are closed after each test, which then leaves no doctor free and no consult
 * queued for the next.
 */
export function consultSuite(env: Record<string, string>): {
  app: TestApp;
  coordinator: string;
  jobs: ConsultJobs;
  track: (c: TestClient) => TestClient;
} {
  const clients: TestClient[] = [];
  const suite = {
    track: (c: TestClient) => {
      clients.push(c);
      return c;
    },
  } as ReturnType<typeof consultSuite>;
  beforeAll(async () => {
    suite.app = await startTestApp({ BACKGROUND_JOBS: '0', ...env });
    suite.coordinator = await suite.app.tokenFor('coordinator');
    suite.jobs = suite.app.server.app.get(ConsultJobs);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await clearConsults(suite.app.db);
  });
  afterAll(async () => {
    await suite.app?.close();
  });
  return suite;
}
