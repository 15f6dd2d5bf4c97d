/**
 * The replay of the seed's five days through the public API only (HTTP and Socket.IO, as the
 * hotline's people would use it): an admin records each contact with its original `receivedAt`
 * (an import), operators answer questions and forward violation reports, district officers
 * acknowledge and handle what reaches their district over `report:forwarded`, and doctors on a
 * roster published for the window open now take the branch-3 consults over `consult:offered`.
 * Used by `npm run replay` (bench/replay.ts) and by test/hotline/replay.e2e-spec.ts.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { ApiClient, inParallel } from './api-client';
import { PlannedContact, plannedByDate, replayPlan, ReplayTotals, SEED_FIGURES } from './replay-plan';

export interface ReplayOptions {
  url: string;
  admin: { email: string; password: string };
  /** 1 = the seed's 2,088 contacts */
  scale: number;
  /** OPERATIONS_TZ of the app: the days are local days there */
  zone: string;
  /** contacts recorded at once (operators' lines), default 8 */
  lines?: number;
  doctors?: number;
  operators?: number;
  /** how long to wait for officers and doctors to finish once everything is recorded, default 120 s */
  drainSeconds?: number;
  log?: (line: string) => void;
}

/** One day of GET /api/stats/daily, the fields the replay reads. */
export interface DailyHotlineStats {
  date: string;
  contactsReceived: number;
  contactsResolved: number;
  contactsForwarded: number;
  contactsTransferred: number;
  byBranch: Record<string, number>;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  forwardedHandled: number;
  forwardedOverdue: number;
}

export interface ReplayResult {
  planned: ReplayTotals;
  plannedByDate: Map<string, ReplayTotals>;
  plan: PlannedContact[];
  stats: DailyHotlineStats[];
  /** what the statistics say, summed over the five days (answered: see answeredOf) */
  measured: ReplayTotals & { handled: number; transferred: number; resolved: number; branch3: number };
  consultsPlanned: number;
  consultsCompleted: number;
  forwardsHandledByOfficers: number;
  timings: { setupSeconds: number; recordSeconds: number; drainSeconds: number; totalSeconds: number };
}

interface Area {
  name: string;
  wards: { name: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const password = () => `replay-${randomBytes(12).toString('base64url')}`;

/**
 * "Answered" in the seed's sense is every contact the hotline dealt with itself: questions resolved by
 * the operators, branch 1 and 2 calls transferred to 115 and the CDC, and branch 3 calls taken by the
 * doctors (byBranch["3"]); the rest were forwarded. So answered = resolved + transferred + branch 3,
 * which, once nothing is left open, is received − forwarded.
 */
export function answeredOf(day: DailyHotlineStats): number {
  return day.contactsResolved + day.contactsTransferred + (day.byBranch['3'] ?? 0);
}

async function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: true, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The consult window of the app open now (from GET /api/shifts/windows), or null. */
async function windowOpenNow(admin: ApiClient): Promise<{ key: string; date: string } | null> {
  const now = Date.now();
  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  const windows = await admin.get<{ key: string; startsAt: string; endsAt: string }[]>(
    `/api/shifts/windows?group=consult&from=${day(-1)}&to=${day(1)}`,
  );
  const open = windows.find((w) => Date.parse(w.startsAt) <= now && now < Date.parse(w.endsAt) - 60_000);
  return open ? { key: open.key, date: open.key.slice(0, 10) } : null;
}

export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const log = options.log ?? (() => undefined);
  const lines = options.lines ?? 8;
  const started = performance.now();
  const tag = Date.now().toString(36);
  const plan = replayPlan(options.scale, options.zone);
  const api = new ApiClient(options.url);
  const admin = await api.login(options.admin.email, options.admin.password);
  const sockets: Socket[] = [];
  try {
    // The official list decides the districts and wards; each planned contact picks one by its number.
    const { districts } = await admin.get<{ districts: Area[] }>('/api/areas');
    const placeOf = (c: PlannedContact) => {
      const d = districts[c.place % districts.length];
      const ward = d.wards.length
        ? d.wards[Math.floor(c.place / districts.length) % d.wards.length].name
        : undefined;
      return { district: d.name, ward };
    };

    // Staff: operators, one officer per district that gets a report, doctors when a window is open.
    const operatorCount = options.operators ?? 6;
    const operators = await inParallel(
      Array.from({ length: operatorCount }, (_, i) => i),
      2,
      async (i) => {
        const email = `op${i + 1}-${tag}@replay.local`;
        const pw = password();
        await admin.post('/api/users', {
          email,
          password: pw,
          fullName: `Điện thoại viên ${i + 1}`,
          role: 'operator',
        });
        return api.login(email, pw);
      },
    );
    const forwardedTo = [
      ...new Set(plan.filter((c) => c.fate === 'forward').map((c) => placeOf(c).district)),
    ];
    let handled = 0;
    const handling = new Set<string>();
    const handle = async (officer: ApiClient, id: string) => {
      if (handling.has(id)) return;
      handling.add(id);
      await officer.post(`/api/contacts/${id}/acknowledge`, {}, [200, 201]);
      await officer.post(
        `/api/contacts/${id}/handled`,
        { result: 'Đã xử lý, nhắc nhở người vi phạm' },
        [200, 201],
      );
      handled++;
    };
    const officers = await inParallel(forwardedTo, 2, async (district, i) => {
      const email = `cb${i + 1}-${tag}@replay.local`;
      const pw = password();
      await admin.post('/api/users', {
        email,
        password: pw,
        fullName: `Cán bộ ${district}`,
        role: 'district_officer',
        district,
      });
      const officer = await api.login(email, pw);
      const socket = await connect(options.url, officer.token as string);
      sockets.push(socket);
      socket.on(
        'report:forwarded',
        (payload: { contactId?: string; id?: string; contact?: { id: string } }) => {
          const id = payload.contactId ?? payload.contact?.id ?? payload.id;
          if (id)
            void handle(officer, id).catch((err: unknown) => log(`officer ${district}: ${String(err)}`));
        },
      );
      return { district, officer };
    });

    const consultsPlanned = plan.filter((c) => c.fate === 'consult').length;
    let consultsCompleted = 0;
    const window = consultsPlanned > 0 ? await windowOpenNow(admin) : null;
    if (consultsPlanned > 0 && !window) {
      log(
        'no consult window is open now: the branch-3 consults stay in the queue (the figures do not depend on it)',
      );
    }
    if (window) {
      const doctorCount = options.doctors ?? 12;
      const doctors = await inParallel(
        Array.from({ length: doctorCount }, (_, i) => i),
        2,
        async (i) => {
          const email = `bs${i + 1}-${tag}@replay.local`;
          const pw = password();
          const doctor = await admin.post<{ id: string }>('/api/doctors', {
            fullName: `Bác sĩ ${i + 1}`,
            phone: `+8491${String(Number.parseInt(tag.slice(-4), 36) % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`,
            email,
            specialty: 'Nội khoa',
            yearsOfExperience: 10,
            group: 'consult',
            password: pw,
          });
          await admin.put(`/api/doctors/${doctor.id}/availability`, {
            from: window.date,
            to: window.date,
            windows: [window.key],
          });
          return { id: doctor.id, email, pw };
        },
      );
      const requirements = await admin.get<{ default: number; overrides: Record<string, number> }>(
        '/api/shifts/requirements?group=consult',
      );
      await admin.put('/api/shifts/requirements', {
        group: 'consult',
        default: requirements.default,
        overrides: { ...requirements.overrides, [window.key]: doctorCount },
      });
      const roster = await admin.post<{ id: string }>('/api/rosters', {
        group: 'consult',
        from: window.date,
        to: window.date,
      });
      await admin.post(`/api/rosters/${roster.id}/publish`, {}, [200, 201]);
      await inParallel(doctors, 2, async (d) => {
        const doctor = await api.login(d.email, d.pw);
        const socket = await connect(options.url, doctor.token as string);
        sockets.push(socket);
        socket.on('consult:offered', (offer: { offerId: string; consult: { id: string } }) => {
          void (async () => {
            const ack = (await socket
              .timeout(30_000)
              .emitWithAck('consult:accept', { offerId: offer.offerId })) as {
              ok: boolean;
            };
            if (!ack.ok) return;
            await doctor.post(
              `/api/consults/${offer.consult.id}/complete`,
              { outcome: 'advised' },
              [200, 201],
            );
            consultsCompleted++;
          })().catch((err: unknown) => log(`doctor: ${String(err)}`));
        });
        await socket.timeout(30_000).emitWithAck('presence:set', { status: 'available' });
      });
    }
    const setupDone = performance.now();
    log(
      `set up ${operators.length} operators, ${officers.length} district officers, ${window ? (options.doctors ?? 12) : 0} doctors in ${((setupDone - started) / 1000).toFixed(1)} s`,
    );

    // The contacts, in order of receipt, on `lines` lines at once.
    let recorded = 0;
    await inParallel(plan, lines, async (c) => {
      const { district, ward } = placeOf(c);
      const contact = await admin.post<{ id: string; status: string }>('/api/contacts', {
        channel: c.channel,
        branch: c.branch,
        category: c.category,
        district,
        ...(ward ? { ward } : {}),
        callerPhone: c.callerPhone,
        summary: `Replay ${SEED_FIGURES.from}…${SEED_FIGURES.to} #${c.seq + 1}: ${c.category}`,
        receivedAt: c.receivedAt.toISOString(),
      });
      const operator = operators[c.seq % operators.length];
      if (c.fate === 'resolve') {
        await operator.post(`/api/contacts/${contact.id}/resolve`, { answer: 'Đã giải đáp' }, [200, 201]);
      } else if (c.fate === 'forward') {
        await operator.post(
          `/api/contacts/${contact.id}/forward`,
          { district, ...(ward ? { ward } : {}) },
          [200, 201],
        );
      }
      if (++recorded % 500 === 0) log(`recorded ${recorded} of ${plan.length}`);
    });
    const recordDone = performance.now();

    // Officers and doctors finish; a report whose push was missed is found in the officer's list.
    const forwards = plan.filter((c) => c.fate === 'forward').length;
    const deadline = performance.now() + (options.drainSeconds ?? 120) * 1000;
    let swept = false;
    while (
      performance.now() < deadline &&
      (handled < forwards || (window && consultsCompleted < consultsPlanned))
    ) {
      if (!swept && handled < forwards && performance.now() - recordDone > 5000) {
        swept = true;
        for (const { officer } of officers) {
          for (let page = 1; ; page++) {
            const list = await officer.get<{ items: { id: string }[]; total: number }>(
              `/api/contacts?status=forwarded&limit=200&page=${page}`,
            );
            for (const item of list.items) await handle(officer, item.id);
            if (page * 200 >= list.total) break;
          }
        }
      }
      await sleep(100);
    }
    const drainDone = performance.now();

    const stats = await admin.get<DailyHotlineStats[]>(
      `/api/stats/daily?from=${SEED_FIGURES.from}&to=${SEED_FIGURES.to}`,
    );
    const sum = (f: (d: DailyHotlineStats) => number) => stats.reduce((a, d) => a + f(d), 0);
    return {
      planned: {
        received: plan.length,
        forwarded: forwards,
        answered: plan.length - forwards,
      },
      plannedByDate: plannedByDate(plan, (at) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: options.zone }).format(at),
      ),
      plan,
      stats,
      measured: {
        received: sum((d) => d.contactsReceived),
        answered: sum(answeredOf),
        forwarded: sum((d) => d.contactsForwarded),
        handled: sum((d) => d.forwardedHandled),
        transferred: sum((d) => d.contactsTransferred),
        resolved: sum((d) => d.contactsResolved),
        branch3: sum((d) => d.byBranch['3'] ?? 0),
      },
      consultsPlanned,
      consultsCompleted,
      forwardsHandledByOfficers: handled,
      timings: {
        setupSeconds: (setupDone - started) / 1000,
        recordSeconds: (recordDone - setupDone) / 1000,
        drainSeconds: (drainDone - recordDone) / 1000,
        totalSeconds: (drainDone - started) / 1000,
      },
    };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}
