import {
  parametersScoringThree,
  scoreAirOrOxygen,
  scoreConsciousness,
  scoreNews2,
  scorePulse,
  scoreRespiratoryRate,
  scoreSpo2Scale1,
  scoreSystolicBp,
  scoreTemperature,
} from './news2';
import type { Consciousness } from './triage.types';

// Every band edge of the NEWS2 chart in TRIAGE.md, with the value one step outside it.
describe('NEWS2 chart, parameter by parameter', () => {
  it.each([
    [0, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [80, 3],
  ])('breathing rate %p /min scores %p', (rate, score) => {
    expect(scoreRespiratoryRate(rate)).toBe(score);
  });

  it.each([
    [50, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('SpO2 scale 1 %p %% scores %p', (spo2, score) => {
    expect(scoreSpo2Scale1(spo2)).toBe(score);
  });

  it.each([
    [false, 0],
    [true, 2],
  ])('on oxygen %p scores %p', (onOxygen, score) => {
    expect(scoreAirOrOxygen(onOxygen)).toBe(score);
  });

  it.each([
    [40, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [300, 3],
  ])('systolic BP %p mmHg scores %p', (sbp, score) => {
    expect(scoreSystolicBp(sbp)).toBe(score);
  });

  it.each([
    [20, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [250, 3],
  ])('pulse %p /min scores %p', (pulse, score) => {
    expect(scorePulse(pulse)).toBe(score);
  });

  it.each<[Consciousness, number]>([
    ['alert', 0],
    ['confusion', 3],
    ['voice', 3],
    ['pain', 3],
    ['unresponsive', 3],
  ])('consciousness %p scores %p', (level, score) => {
    expect(scoreConsciousness(level)).toBe(score);
  });

  it.each([
    [30.0, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [45.0, 2],
  ])('temperature %p °C scores %p', (celsius, score) => {
    expect(scoreTemperature(celsius)).toBe(score);
  });

  it.each([
    [38.05, 1],
    [35.05, 1],
    [20.5, 2],
  ])('a value between two charted bands (%p) takes the band above the edge it passed', (value, score) => {
    const scorer = value > 30 ? scoreTemperature : scoreRespiratoryRate;
    expect(scorer(value)).toBe(score);
  });
});

describe('scoreNews2', () => {
  it('scores missing optional values as null and adds nothing for them; oxygen missing is air', () => {
    expect(scoreNews2({ spo2: 94, respiratoryRate: 22 })).toEqual({
      total: 3,
      scores: { rr: 2, spo2: 1, oxygen: 0, sbp: null, pulse: null, consciousness: null, temperature: null },
    });
  });

  it('treats null like undefined', () => {
    const withNulls = scoreNews2({
      spo2: 97,
      respiratoryRate: 16,
      heartRate: null,
      temperature: null,
      systolicBp: null,
      consciousness: null,
      onOxygen: null,
    });
    expect(withNulls).toEqual(scoreNews2({ spo2: 97, respiratoryRate: 16 }));
    expect(withNulls.total).toBe(0);
  });

  it('adds every parameter', () => {
    const news2 = scoreNews2({
      spo2: 91,
      respiratoryRate: 25,
      onOxygen: true,
      systolicBp: 95,
      heartRate: 131,
      consciousness: 'voice',
      temperature: 39.5,
    });
    expect(news2.scores).toEqual({
      rr: 3,
      spo2: 3,
      oxygen: 2,
      sbp: 2,
      pulse: 3,
      consciousness: 3,
      temperature: 2,
    });
    expect(news2.total).toBe(18);
    expect(parametersScoringThree(news2)).toEqual(['rr', 'spo2', 'pulse', 'consciousness']);
  });

  it('names no parameter when none scored 3', () => {
    expect(parametersScoringThree(scoreNews2({ spo2: 92, respiratoryRate: 22, onOxygen: true }))).toEqual([]);
  });
});
