import fc from 'fast-check';
import { linePath, niceMax, scale, tickCount, ticks } from '../../web/src/lib/chart';
import { type Message, messageText } from '../../web/src/lib/messages';
import { ageOn, pageCount, timeline } from '../../web/src/lib/patient-page';

describe('chart scales', () => {
  it('rounds the axis up to 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 0.4, 1, 3, 7, 12, 48, 51, 420].map(niceMax)).toEqual([1, 1, 1, 5, 10, 20, 50, 100, 500]);
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e9, noNaN: true }), (v) => {
        const m = niceMax(v);
        expect(m).toBeGreaterThanOrEqual(v);
        expect(m).toBeLessThanOrEqual(Math.max(1, v * 5));
      }),
    );
  });

  it('ticks from 0 to the top, and scales within the height', () => {
    expect(ticks(20, 4)).toEqual([0, 5, 10, 15, 20]);
    expect(scale(5, 20, 100)).toBe(25);
    expect(scale(50, 20, 100)).toBe(100);
    expect(scale(3, 0, 100)).toBe(0);
  });

  it('steps each axis by a round number', () => {
    const steps = (max: number) => ticks(max, tickCount(max));
    expect(steps(1)).toEqual([0, 1]);
    expect(steps(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(steps(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(steps(20)).toEqual([0, 5, 10, 15, 20]);
    expect(steps(500)).toEqual([0, 100, 200, 300, 400, 500]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (v) => {
        const max = niceMax(v);
        for (const t of steps(max)) expect(Number.isInteger(t)).toBe(true);
      }),
    );
  });

  it('breaks the line where a value is missing', () => {
    expect(linePath([[0, 10], [5, 20], null, [15, 5]])).toBe('M0.0,10.0L5.0,20.0M15.0,5.0');
    expect(linePath([null, null])).toBe('');
  });
});

describe('patient page', () => {
  it('counts whole years to the day', () => {
    expect(ageOn('1960-03-15', '2026-03-14')).toBe(65);
    expect(ageOn('1960-03-15', '2026-03-15')).toBe(66);
    expect(ageOn('2026-01-01', '2026-12-31')).toBe(0);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
  });

  it('merges observations and tier changes newest first, the tier change first at the same instant', () => {
    const obs = [
      { at: '2026-11-26T02:00:00Z', id: 'o2' },
      { at: '2026-11-26T01:00:00Z', id: 'o1' },
    ];
    const changes = [
      { at: '2026-11-26T02:00:00Z', id: 't2' },
      { at: '2026-11-25T01:00:00Z', id: 't1' },
    ];
    expect(timeline(obs, changes).map((i) => i.item.id)).toEqual(['t2', 'o2', 'o1', 't1']);
  });

  it('has at least one page', () => {
    expect([pageCount(0, 50), pageCount(50, 50), pageCount(51, 50), pageCount(120, 50)]).toEqual([
      1, 1, 2, 3,
    ]);
  });
});

describe('messages as keys', () => {
  it('translates at render time, parameters written @key included', () => {
    const words: Record<string, string> = { 'ct.overridden': 'from {from} to {to}', 'tier.red': 'Red' };
    const t = (key: string, params: Record<string, string | number> = {}) =>
      (words[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => String(params[n]));
    const notice: Message = { kind: 'ok', key: 'ct.overridden', params: { from: '@tier.red', to: 'x' } };
    expect(messageText(t, notice)).toBe('from Red to x');
  });
});
