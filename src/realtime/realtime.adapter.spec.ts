import fc from 'fast-check';
import { channelFor, redisReconnectDelay } from './realtime.adapter';

describe('redisReconnectDelay', () => {
  it.each([
    [0, 100],
    [1, 200],
    [3, 800],
    [5, 3200],
    [6, 5000],
    [50, 5000],
  ])('after %i retries waits about %i ms (no jitter)', (retries, ms) => {
    expect(redisReconnectDelay(retries, () => 0.5)).toBe(ms);
  });

  it('never gives up and stays within 75 ms … 6.25 s, whatever the retry count', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retries, r) => {
        const delay = redisReconnectDelay(retries, () => r);
        return Number.isInteger(delay) && delay >= 75 && delay <= 6250;
      }),
    );
  });
});

describe('channelFor', () => {
  it('is one channel per database', () => {
    expect(channelFor('postgres://u@h:5432/donghanh')).toBe('donghanh:donghanh');
    expect(channelFor('postgres://u@h:5432/')).toBe('donghanh:postgres');
  });
});
