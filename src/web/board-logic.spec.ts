import fc from 'fast-check';
import {
  coalesce,
  formatWait,
  type Timers,
  WAIT_AMBER_SECONDS,
  WAIT_RED_SECONDS,
  waitLevel,
  waitNow,
} from '../../web/src/lib/board';
import { DICTIONARY } from '../../web/src/lib/i18n';
import { ROSTER_VIOLATION_CODES } from '../shifts';
import {
  describeViolation,
  loads,
  rankCandidates,
  VIOLATION_CODES,
  weekState,
  windowLabel,
} from '../../web/src/lib/roster-words';

describe('supervisor board logic', () => {
  it.each([
    [0, 'ok'],
    [119, 'ok'],
    [120, 'amber'],
    [299, 'amber'],
    [300, 'red'],
    [4000, 'red'],
  ])('a wait of %i s is %s', (seconds, level) => {
    expect(waitLevel(seconds)).toBe(level);
  });

  it('the level never goes down as the wait grows', () => {
    const rank = { ok: 0, amber: 1, red: 2 };
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank[waitLevel(lo)]).toBeLessThanOrEqual(rank[waitLevel(hi)]);
      }),
    );
    expect(WAIT_AMBER_SECONDS).toBe(120);
    expect(WAIT_RED_SECONDS).toBe(300);
  });

  it('formats waits as m:ss, or h:mm:ss from an hour', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(65)).toBe('1:05');
    expect(formatWait(3599)).toBe('59:59');
    expect(formatWait(3661)).toBe('1:01:01');
    expect(formatWait(-5)).toBe('0:00');
  });

  it('the wait ticks on from what the server said', () => {
    expect(waitNow(100, 1_000, 1_000)).toBe(100);
    expect(waitNow(100, 1_000, 4_500)).toBe(103);
    expect(waitNow(100, 5_000, 1_000)).toBe(100); // a device clock that went back adds nothing
  });

  /** A fake clock and timer queue. */
  function fakeTimers() {
    let now = 0;
    const queue: { at: number; fn: () => void; id: number }[] = [];
    let next = 1;
    const timers: Timers = {
      now: () => now,
      setTimeout: (fn, ms) => {
        const id = next++;
        queue.push({ at: now + ms, fn, id });
        return id;
      },
      clearTimeout: (id) => {
        const i = queue.findIndex((q) => q.id === id);
        if (i >= 0) queue.splice(i, 1);
      },
    };
    const advance = async (ms: number) => {
      const until = now + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const due = queue[0];
        if (!due || due.at > until) break;
        queue.shift();
        now = due.at;
        due.fn();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = until;
      await Promise.resolve();
    };
    return { timers, advance };
  }

  it('coalesce: a burst of requests costs one run now and one at the end of the gap', async () => {
    const { timers, advance } = fakeTimers();
    let runs = 0;
    const c = coalesce(
      async () => {
        runs++;
      },
      1000,
      timers,
    );
    c.request();
    expect(runs).toBe(1);
    await advance(10);
    for (let i = 0; i < 50; i++) c.request();
    expect(runs).toBe(1);
    await advance(2000);
    expect(runs).toBe(2);
    // quiet for longer than the gap: the next request runs at once
    c.request();
    expect(runs).toBe(3);
    c.request();
    c.cancel();
    await advance(5000);
    expect(runs).toBe(3);
  });

  it('coalesce: a request while a run is in flight runs once more after it, not in parallel', async () => {
    const { timers, advance } = fakeTimers();
    let inFlight = 0;
    let most = 0;
    let runs = 0;
    let finish: () => void = () => undefined;
    const c = coalesce(
      () => {
        runs++;
        inFlight++;
        most = Math.max(most, inFlight);
        return new Promise<void>((resolve) => {
          finish = () => {
            inFlight--;
            resolve();
          };
        });
      },
      1000,
      timers,
    );
    c.request();
    await advance(1500);
    c.request();
    c.request();
    expect(runs).toBe(1);
    finish();
    await advance(0);
    expect(runs).toBe(2);
    finish();
    await advance(0);
    expect(most).toBe(1);
  });
});

describe('roster words', () => {
  it('names a window as people say it', () => {
    expect(windowLabel('2026-12-07/15-17', 'vi')).toBe('Thứ Hai 07/12 · 15–17h');
    expect(windowLabel('2026-12-13/22-06', 'vi')).toBe('Chủ Nhật 13/12 · 22–06h');
    expect(windowLabel('2026-12-07/15-17', 'en')).toBe('Monday 07/12 · 15–17h');
    expect(windowLabel('not-a-key', 'vi')).toBe('not-a-key');
  });

  it('says each violation in words with the name, never the id or the code', () => {
    const id = '0b8e5c1e-8f7a-4c55-9d7e-1a2b3c4d5e6f';
    const names = new Map([[id, 'Lê Minh Châu']]);
    for (const constraint of [...VIOLATION_CODES, 'something_new']) {
      for (const lang of ['vi', 'en'] as const) {
        const text = describeViolation(
          { doctorId: id, windowKey: '2026-12-07/15-17', constraint },
          names,
          lang,
        );
        expect(text).not.toContain(id);
        expect(text).not.toContain(constraint);
        expect(text).not.toMatch(/\{\w+\}/);
        if (constraint !== 'unknown_window') expect(text).toContain('Lê Minh Châu');
      }
    }
    expect(
      describeViolation(
        { doctorId: id, windowKey: '2026-12-07/15-17', constraint: 'not_available' },
        names,
        'vi',
      ),
    ).toBe('Lê Minh Châu không đăng ký rảnh ca Thứ Hai 07/12 · 15–17h');
    // someone the page does not know: a word, not an id
    expect(
      describeViolation(
        { operatorId: id, windowKey: '2026-12-07/06-14', constraint: 'min_rest' },
        new Map(),
        'en',
        true,
      ),
    ).toBe('An operator would not rest long enough between shifts (Monday 07/12 · 06–14h)');
    for (const code of VIOLATION_CODES) expect(DICTIONARY[`rv.${code}`]).toBeDefined();
  });

  it("knows every code the server's violations may name (RosterViolationDto), each with its own sentence", () => {
    expect([...VIOLATION_CODES].sort()).toEqual([...ROSTER_VIOLATION_CODES].sort());
  });

  it('ranks candidates: available first, then the least loaded, then by name', () => {
    const ranked = rankCandidates([
      { id: 'a', fullName: 'Bình', available: false, load: 0 },
      { id: 'b', fullName: 'An', available: true, load: 3 },
      { id: 'c', fullName: 'Châu', available: true, load: 1 },
      { id: 'd', fullName: 'Anh', available: true, load: 1 },
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('counts each person’s windows on the grid', () => {
    expect(loads([{ personIds: ['a', 'b'] }, { personIds: ['a'] }, { personIds: [] }])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('a week is a draft if one is saved, else published if one is, else it has no roster', () => {
    expect(weekState([])).toBe('none');
    expect(weekState([{ status: 'published' }])).toBe('published');
    expect(weekState([{ status: 'published' }, { status: 'draft' }])).toBe('draft');
  });
});
