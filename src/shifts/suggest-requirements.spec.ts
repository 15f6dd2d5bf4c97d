import { SeededRandom } from '../common/random';
import { agentsNeeded, serviceLevel, trafficErlangs } from './erlang-c';
import { DEFAULT_SUGGEST_OPTIONS, ErlangTarget, suggestRequirements } from './suggest-requirements';
import { parseShiftSpecs, windowsBetween } from '../common/time/windows';

const ZONE = 'Asia/Ho_Chi_Minh';
const SPECS = parseShiftSpecs('09-11,15-17,19-21');
// the week to staff: Monday 2027-03-01 to Sunday 2027-03-07; history: the 4 weeks before
const TARGET = windowsBetween('2027-03-01', '2027-03-07', SPECS, ZONE);
const HISTORY_WINDOWS = windowsBetween('2027-02-01', '2027-02-28', SPECS, ZONE);

/** Generated history: `perWindow(w)` consults spread over each past window, each handled in `handle` seconds. */
function generate(perWindow: (key: string) => number, handle: (i: number) => number | null, seed = 1) {
  const rnd = new SeededRandom(seed);
  const rows = [];
  let i = 0;
  for (const w of HISTORY_WINDOWS) {
    const n = perWindow(w.key);
    for (let k = 0; k < n; k++) {
      const at = w.startsAt.getTime() + Math.floor(rnd.next() * (w.endsAt.getTime() - w.startsAt.getTime()));
      rows.push({ createdAt: new Date(at), handleSeconds: handle(i++) });
    }
  }
  return rows;
}

function recorder() {
  const calls: ErlangTarget[] = [];
  const agentsNeeded = (t: ErlangTarget) => {
    calls.push(t);
    return Math.ceil((t.callsPerHour * t.averageHandleSeconds) / 3600) + 1;
  };
  return { calls, agentsNeeded };
}

describe('suggestRequirements', () => {
  it('suggests 0 everywhere without history, and never asks Erlang C', () => {
    const { calls, agentsNeeded } = recorder();
    const s = suggestRequirements(TARGET, HISTORY_WINDOWS, [], agentsNeeded);
    expect(s.consultsInHistory).toBe(0);
    expect(s.averageHandleSeconds).toBe(DEFAULT_SUGGEST_OPTIONS.defaultHandleSeconds);
    expect(s.windows).toHaveLength(21);
    expect(s.windows.every((w) => w.suggested === 0 && w.callsPerHour === 0)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('averages each weekday-and-shift slot over the weeks and passes the rate, handling time and targets to Erlang C', () => {
    // Mondays 19-21 get 16 consults each; every other window gets 4
    const history = generate(
      (key) =>
        key.endsWith('/19-21') && new Date(`${key.slice(0, 10)}T00:00:00Z`).getUTCDay() === 1 ? 16 : 4,
      () => 300,
    );
    const { calls, agentsNeeded } = recorder();
    const s = suggestRequirements(TARGET, HISTORY_WINDOWS, history, agentsNeeded);
    expect(s.consultsInHistory).toBe(history.length);
    expect(s.averageHandleSeconds).toBe(300);
    const monday = s.windows.find((w) => w.windowKey === '2027-03-01/19-21');
    const tuesday = s.windows.find((w) => w.windowKey === '2027-03-02/19-21');
    expect(monday?.callsPerHour).toBe(8); // 16 a window / 2 h
    expect(tuesday?.callsPerHour).toBe(2);
    expect(calls).toHaveLength(21);
    expect(calls[0]).toEqual({
      callsPerHour: 2,
      averageHandleSeconds: 300,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 60,
    });
    expect(calls.find((c) => c.callsPerHour === 8)).toEqual({
      callsPerHour: 8,
      averageHandleSeconds: 300,
      targetServiceLevel: 0.8,
      targetAnswerSeconds: 60,
    });
    expect(calls.filter((c) => c.callsPerHour === 8)).toHaveLength(1);
  });

  it("uses a slot's own handling time once it has enough samples, the overall mean otherwise, and ignores unhandled consults", () => {
    // Saturdays 09-11: 10 consults a week handled in 900 s; elsewhere 1 a window handled in 60 s; every 5th never handled
    const sat = (key: string) =>
      new Date(`${key.slice(0, 10)}T00:00:00Z`).getUTCDay() === 6 && key.endsWith('/09-11');
    const history = generate(
      (key) => (sat(key) ? 10 : 1),
      () => null,
    ).map((row, i) => {
      const key = HISTORY_WINDOWS.find((w) => w.startsAt <= row.createdAt && row.createdAt < w.endsAt)
        ?.key as string;
      return { ...row, handleSeconds: i % 5 === 4 ? null : sat(key) ? 900 : 60 };
    });
    const s = suggestRequirements(TARGET, HISTORY_WINDOWS, history, recorder().agentsNeeded);
    const saturday = s.windows.find((w) => w.windowKey === '2027-03-06/09-11');
    const other = s.windows.find((w) => w.windowKey === '2027-03-06/15-17');
    expect(saturday?.averageHandleSeconds).toBe(900);
    expect(other?.averageHandleSeconds).toBe(s.averageHandleSeconds);
    expect(s.averageHandleSeconds).toBeGreaterThan(60);
    expect(s.averageHandleSeconds).toBeLessThan(900);
  });

  it('puts a consult in the window it came in, in the operations zone', () => {
    // 09:30 local on Monday 2027-02-22 is 02:30Z; 08:59 local is before the first window and counts nowhere
    const history = [
      { createdAt: new Date('2027-02-22T02:30:00Z'), handleSeconds: 100 },
      { createdAt: new Date('2027-02-22T01:59:00Z'), handleSeconds: 100 },
    ];
    const s = suggestRequirements(TARGET, HISTORY_WINDOWS, history, recorder().agentsNeeded);
    expect(s.windows.filter((w) => w.callsPerHour > 0).map((w) => [w.windowKey, w.callsPerHour])).toEqual([
      ['2027-03-01/09-11', 0.125],
    ]);
  });

  it('with Erlang C on generated history: busier slots never get fewer doctors, and each suggestion meets 80 % in 60 s', () => {
    const rnd = new SeededRandom(42);
    const volume = new Map<string, number>(); // per slot: same weekday and shift
    const slot = (key: string) => `${new Date(`${key.slice(0, 10)}T00:00:00Z`).getUTCDay()} ${key.slice(11)}`;
    for (const w of HISTORY_WINDOWS) if (!volume.has(slot(w.key))) volume.set(slot(w.key), rnd.int(0, 120));
    const history = generate(
      (key) => volume.get(slot(key)) as number,
      () => 300,
      9,
    );
    const s = suggestRequirements(TARGET, HISTORY_WINDOWS, history, agentsNeeded);
    const byRate = [...s.windows].sort((a, b) => a.callsPerHour - b.callsPerHour);
    for (let i = 1; i < byRate.length; i++)
      expect(byRate[i].suggested).toBeGreaterThanOrEqual(byRate[i - 1].suggested);
    for (const w of s.windows) {
      const traffic = trafficErlangs(w.callsPerHour, w.averageHandleSeconds);
      if (w.callsPerHour === 0) {
        expect(w.suggested).toBe(0);
        continue;
      }
      expect(serviceLevel(w.suggested, traffic, w.averageHandleSeconds, 60)).toBeGreaterThanOrEqual(
        0.8 - 1e-9,
      );
      expect(serviceLevel(w.suggested - 1, traffic, w.averageHandleSeconds, 60)).toBeLessThan(0.8);
    }
  });
});
