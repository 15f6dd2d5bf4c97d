import fc from 'fast-check';
import { agentsNeeded, erlangB, erlangC, serviceLevel, trafficErlangs } from './erlang-c';

/** Textbook Erlang C from powers and factorials: fine for small n, an independent check. */
function erlangCByFormula(n: number, a: number): number {
  let series = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < n; k++) {
    series += term;
    term *= a / (k + 1);
  }
  const top = term * (n / (n - a)); // a^n / n! · n / (n − a)
  return top / (series + top);
}

describe('Erlang C', () => {
  it('turns calls and handling time into Erlangs', () => {
    expect(trafficErlangs(100, 180)).toBe(5);
    expect(trafficErlangs(200, 180)).toBe(10);
  });

  // The worked example of callcentrehelper.com "Erlang C formula made simple": 100 calls in 30 min,
  // AHT 180 s (A = 10 Erlangs), 80 % answered in 20 s → 14 agents.
  it.each([
    [11, 0.6821, 0.3896],
    [12, 0.4494, 0.6402],
    [13, 0.2853, 0.7956],
    [14, 0.1741, 0.8884],
  ])('A = 10, %i agents: waits %f, answers %f within 20 s', (agents, wait, level) => {
    expect(erlangC(agents, 10)).toBeCloseTo(wait, 4);
    expect(serviceLevel(agents, 10, 180, 20)).toBeCloseTo(level, 4);
  });

  it.each([
    // callsPerHour, AHT, target, answer seconds, agents
    [200, 180, 0.8, 20, 14],
    [100, 180, 0.8, 20, 8],
    [100, 180, 0.8, 60, 7], // 5 Erlangs: 6 agents answer 57.9 % within 60 s, 7 agents 83.4 %
    [100, 180, 0.9, 60, 8],
    [12, 600, 0.8, 60, 4], // 2 Erlangs of consults
    [1, 600, 0.8, 60, 1],
  ])('%i calls/h at %i s, %f within %i s → %i agents', (callsPerHour, aht, level, answer, agents) => {
    const n = agentsNeeded({
      callsPerHour,
      averageHandleSeconds: aht,
      targetServiceLevel: level,
      targetAnswerSeconds: answer,
    });
    expect(n).toBe(agents);
    const a = trafficErlangs(callsPerHour, aht);
    expect(serviceLevel(n, a, aht, answer)).toBeGreaterThanOrEqual(level);
    if (n > 1) expect(serviceLevel(n - 1, a, aht, answer)).toBeLessThan(level);
  });

  it('uses 80 % within 60 s by default and needs nobody when no calls come', () => {
    expect(agentsNeeded({ callsPerHour: 100, averageHandleSeconds: 180 })).toBe(7);
    expect(agentsNeeded({ callsPerHour: 0, averageHandleSeconds: 180 })).toBe(0);
    expect(agentsNeeded({ callsPerHour: 10, averageHandleSeconds: 0 })).toBe(0);
  });

  it('stops at maxAgents', () => {
    expect(agentsNeeded({ callsPerHour: 2000, averageHandleSeconds: 180, maxAgents: 20 })).toBe(20);
  });

  it('refuses impossible targets', () => {
    expect(() => agentsNeeded({ callsPerHour: 10, averageHandleSeconds: 60, targetServiceLevel: 1 })).toThrow(
      RangeError,
    );
    expect(() => agentsNeeded({ callsPerHour: Number.NaN, averageHandleSeconds: 60 })).toThrow(RangeError);
  });

  it('gives no service when the agents cannot keep up', () => {
    expect(erlangC(5, 5)).toBe(1);
    expect(serviceLevel(4, 5, 180, 60)).toBe(0);
    expect(serviceLevel(0, 0, 180, 60)).toBe(1);
  });

  it('stays finite for a city-sized load where n! and A^n overflow', () => {
    const a = trafficErlangs(20000, 300); // 1,667 Erlangs
    const n = agentsNeeded({ callsPerHour: 20000, averageHandleSeconds: 300, targetAnswerSeconds: 20 });
    expect(n).toBeGreaterThan(a);
    expect(n).toBeLessThan(a * 1.05);
    expect(Number.isFinite(erlangB(n, a))).toBe(true);
  });

  it('agrees with the factorial formula on small loads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (n, utilisation) => {
          const a = n * utilisation;
          expect(erlangC(n, a)).toBeCloseTo(erlangCByFormula(n, a), 10);
        },
      ),
      { seed: 34, numRuns: 200 },
    );
  });

  it('never needs fewer agents for more calls, nor answers worse with more agents', () => {
    const staffing = fc.record({
      calls: fc.double({ min: 0, max: 2000, noNaN: true }),
      more: fc.double({ min: 0, max: 500, noNaN: true }),
      aht: fc.integer({ min: 30, max: 1800 }),
      level: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
      answer: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(staffing, ({ calls, more, aht, level, answer }) => {
        const target = { averageHandleSeconds: aht, targetServiceLevel: level, targetAnswerSeconds: answer };
        const n = agentsNeeded({ ...target, callsPerHour: calls });
        expect(agentsNeeded({ ...target, callsPerHour: calls + more })).toBeGreaterThanOrEqual(n);
        const a = trafficErlangs(calls, aht);
        expect(serviceLevel(n + 1, a, aht, answer)).toBeGreaterThanOrEqual(serviceLevel(n, a, aht, answer));
      }),
      { seed: 35, numRuns: 300 },
    );
  });
});
