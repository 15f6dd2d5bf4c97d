import { DependencyStatus } from '../faults/dependency-status';
import { RepeatingJob } from './repeating-job';

describe('RepeatingJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it.each([
    ['an Error', () => new Error('bug')],
    ['a string', () => 'not even an Error'],
    ['undefined', () => undefined],
    ['a TypeError from a bad row', () => new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('survives a run that throws %s: the next run starts on time', async (_, make) => {
    const log = { error: jest.fn() };
    let calls = 0;
    const job = new RepeatingJob({
      name: 'test job',
      everyMs: 1000,
      log,
      run: async () => {
        calls++;
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a job must survive whatever is thrown
        if (calls === 1) throw make();
      },
    });
    job.start();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(calls).toBe(1);
    expect(log.error).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    await flush();
    expect(calls).toBe(2);
    for (let i = 0; i < 3; i++) {
      jest.advanceTimersByTime(1000);
      await flush();
    }
    expect(calls).toBe(5);
    expect(log.error).toHaveBeenCalledTimes(1);
    await job.stop();
  });

  it('never overlaps runs: a slow run makes the ticks during it no-ops', async () => {
    let active = 0;
    let maxActive = 0;
    let finish: () => void = () => undefined;
    const job = new RepeatingJob({
      name: 'slow',
      everyMs: 100,
      log: { error: jest.fn() },
      run: () => {
        active++;
        maxActive = Math.max(maxActive, active);
        return new Promise<void>((r) => (finish = () => (active--, r())));
      },
    });
    job.start();
    jest.advanceTimersByTime(500);
    await flush();
    expect(maxActive).toBe(1);
    finish();
    await flush();
    jest.advanceTimersByTime(100);
    await flush();
    expect(maxActive).toBe(1);
    finish();
    await job.stop();
  });

  it('reports a database outage once per change of state, not an error line per run', async () => {
    const log = { error: jest.fn() };
    const dependencies = new DependencyStatus();
    const logger = (dependencies as unknown as { log: { warn: () => void; log: () => void } }).log;
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    jest.spyOn(logger, 'log').mockImplementation(() => undefined);
    let down = true;
    const job = new RepeatingJob({
      name: 'sweeper',
      everyMs: 100,
      log,
      dependencies,
      run: async () => {
        if (down)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    });
    for (let i = 0; i < 10; i++) await job.runOnce();
    expect(log.error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(dependencies.status('database')).toBe('down');
    down = false;
    await job.runOnce();
    expect(dependencies.status('database')).toBe('up');
    await job.stop();
  });
});
