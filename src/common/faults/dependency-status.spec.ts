import { BUSY_REPORT_WINDOW_MS, DependencyStatus } from './dependency-status';

const gone = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const lockTimeout = Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });

function quiet(status: DependencyStatus) {
  const logger = (
    status as unknown as { log: { warn: (...a: unknown[]) => void; log: (...a: unknown[]) => void } }
  ).log;
  return {
    warn: jest.spyOn(logger, 'warn').mockImplementation(() => undefined),
    log: jest.spyOn(logger, 'log').mockImplementation(() => undefined),
  };
}

describe('DependencyStatus', () => {
  afterEach(() => jest.useRealTimers());

  it('logs once per change of state, however many failures in between', () => {
    const status = new DependencyStatus();
    const { warn, log } = quiet(status);
    expect(status.status('redis')).toBe('unknown');
    status.up('redis');
    expect(log).not.toHaveBeenCalled(); // first report: nothing changed
    for (let i = 0; i < 100; i++) status.down('redis', gone);
    expect(warn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) status.up('redis');
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0][0])).toMatch(/100 failures/);
    expect(status.status('redis')).toBe('up');
  });

  it('a wait past its bound is "busy", not "down": one line per window with the count of the rest', () => {
    jest.useFakeTimers();
    const status = new DependencyStatus();
    const { warn } = quiet(status);
    status.up('database');
    for (let i = 0; i < 50; i++) status.databaseFailed(lockTimeout);
    expect(status.status('database')).toBe('up');
    expect(warn).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(BUSY_REPORT_WINDOW_MS + 1);
    status.databaseFailed(lockTimeout);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[1][1])).toMatch(/49 more/);
    status.databaseFailed(gone);
    expect(status.status('database')).toBe('down');
  });
});
