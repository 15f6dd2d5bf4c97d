import { runReplay, ReplayResult } from '../../bench/lib/replay';
import { scaledTotals } from '../../bench/lib/replay-plan';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

// `npm run replay` at a tenth of the seed's 2,088 contacts (the full replay takes longer than a test
// should on this machine; README "Replay" has its time), through the public API of a real app.
const SCALE = 0.1;

describe('the replay of the seed (npm run replay), scaled down', () => {
  let app: TestApp;
  let result: ReplayResult;

  beforeAll(async () => {
    app = await startTestApp({ CONSULT_WINDOWS: '00-24', BACKGROUND_JOBS: '1' });
    result = await runReplay({
      url: app.url,
      admin: ADMIN,
      scale: SCALE,
      zone: app.config.operationsTz,
      doctors: 4,
      operators: 3,
      drainSeconds: 60,
    });
  }, 180_000);
  afterAll(() => app.close());

  it('replays the seed’s figures, scaled: received, answered and forwarded', () => {
    expect(result.planned).toEqual(scaledTotals(SCALE));
    expect(result.planned).toEqual({ received: 209, answered: 158, forwarded: 51 });
  });

  it('shows in the statistics exactly what was replayed, day by day', () => {
    expect(result.stats.map((d) => d.date)).toEqual([
      '2021-08-19',
      '2021-08-20',
      '2021-08-21',
      '2021-08-22',
      '2021-08-23',
    ]);
    for (const day of result.stats) {
      const planned = result.plannedByDate.get(day.date);
      const of = result.plan.filter(
        (c) =>
          new Intl.DateTimeFormat('en-CA', { timeZone: app.config.operationsTz }).format(c.receivedAt) ===
          day.date,
      );
      const count = (key: (c: (typeof of)[number]) => string) =>
        of.reduce<Record<string, number>>((m, c) => ({ ...m, [key(c)]: (m[key(c)] ?? 0) + 1 }), {});
      expect(day.contactsReceived).toBe(planned?.received);
      expect(day.contactsForwarded).toBe(planned?.forwarded);
      expect(day.contactsResolved).toBe(of.filter((c) => c.fate === 'resolve').length);
      expect(day.contactsTransferred).toBe(of.filter((c) => c.fate === 'transfer').length);
      expect(day.forwardedHandled).toBe(planned?.forwarded);
      expect(day.forwardedOverdue).toBe(0);
      expect(day.byBranch).toEqual({ '1': 0, '2': 0, '3': 0, '4': 0, ...count((c) => String(c.branch)) });
      expect(day.byChannel).toEqual({ phone: 0, zalo: 0, web: 0, sms: 0, ...count((c) => c.channel) });
      expect(day.byCategory).toMatchObject(count((c) => c.category));
    }
    expect(result.measured).toMatchObject({ received: 209, answered: 158, forwarded: 51, handled: 51 });
  });

  it('had every report handled by its district’s officer and every branch-3 call answered by a doctor', async () => {
    expect(result.forwardsHandledByOfficers).toBe(51);
    expect(result.consultsCompleted).toBe(result.consultsPlanned);
    const [{ n }] = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM consults WHERE status = 'completed'`,
    );
    expect(n).toBe(result.consultsPlanned);
  });
});
