import { AppConfig } from './app-config';

describe('AppConfig', () => {
  it('has the defaults of CONTRACT.md', () => {
    const c = AppConfig.fromEnv({});
    expect(c.port).toBe(3000);
    expect(c.operationsTz).toBe('Asia/Ho_Chi_Minh');
    expect(c.consultWindows.map((s) => s.label)).toEqual(['09-11', '15-17', '19-21']);
    expect(c.careShifts.map((s) => s.label)).toEqual(['08-20']);
    expect(c.offerTimeoutSeconds).toBe(30);
    expect(c.adminEmail).toBe('admin@donghanh.local');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demoSeed).toBeUndefined();
    expect(c.dataDir).toBe('./.data');
    expect(c.db).toEqual({
      acquireTimeoutMs: 2000,
      statementTimeoutMs: 10000,
      lockTimeoutMs: 2000,
      idleInTransactionTimeoutMs: 15000,
    });
    expect(c.retryAfterSeconds).toBe(2);
    expect(c.mfaRequiredRoles).toEqual([]);
  });

  it('reads FORWARD_ACK_HOURS and FORWARD_DONE_HOURS (2 and 24 by default, decimals allowed) and AREAS_FILE', () => {
    const d = AppConfig.fromEnv({});
    expect([d.forwardAckHours, d.forwardDoneHours, d.areasFile]).toEqual([2, 24, undefined]);
    const c = AppConfig.fromEnv({
      FORWARD_ACK_HOURS: '0.25',
      FORWARD_DONE_HOURS: '1.5',
      AREAS_FILE: '/x.json',
    });
    expect([c.forwardAckHours, c.forwardDoneHours, c.areasFile]).toEqual([0.25, 1.5, '/x.json']);
  });

  it.each([
    [{ FORWARD_ACK_HOURS: '0' }, /FORWARD_ACK_HOURS/],
    [{ FORWARD_ACK_HOURS: '-1' }, /FORWARD_ACK_HOURS/],
    [{ FORWARD_DONE_HOURS: 'soon' }, /FORWARD_DONE_HOURS/],
    [{ FORWARD_DONE_HOURS: '1e3' }, /FORWARD_DONE_HOURS/],
    [
      { FORWARD_ACK_HOURS: '5', FORWARD_DONE_HOURS: '4' },
      /FORWARD_DONE_HOURS must be at least FORWARD_ACK_HOURS/,
    ],
  ])('refuses %j', (env, message) => {
    expect(() => AppConfig.fromEnv(env)).toThrow(message);
  });

  it('reads MFA_REQUIRED_ROLES as a list of roles', () => {
    expect(AppConfig.fromEnv({ MFA_REQUIRED_ROLES: ' admin, coordinator ,admin' }).mfaRequiredRoles).toEqual([
      'admin',
      'coordinator',
    ]);
  });

  it('reads CORS_ORIGINS and TRUST_PROXY (same origin and no proxy by default)', () => {
    expect(AppConfig.fromEnv({}).corsOrigins).toEqual([]);
    expect(AppConfig.fromEnv({}).trustProxy).toBe(0);
    const c = AppConfig.fromEnv({
      CORS_ORIGINS: 'https://console.example.org, http://localhost:5173/',
      TRUST_PROXY: '1',
    });
    expect(c.corsOrigins).toEqual(['https://console.example.org', 'http://localhost:5173']);
    expect(c.trustProxy).toBe(1);
    expect(AppConfig.fromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
  });

  it('reads typed values', () => {
    const c = AppConfig.fromEnv({
      PORT: '8080',
      CONSULT_WINDOWS: '00-24',
      OFFER_TIMEOUT_SECONDS: '5',
      DEMO_SEED: 'off',
    });
    expect(c.port).toBe(8080);
    expect(c.consultWindows.map((s) => s.label)).toEqual(['00-24']);
    expect(c.offerTimeoutSeconds).toBe(5);
    expect(c.wrapUpSeconds).toBe(30);
    expect(AppConfig.fromEnv({ WRAP_UP_SECONDS: '0' }).wrapUpSeconds).toBe(0);
    expect(c.demoSeed).toBe(false);
    expect(c.shiftsFor('active_care').map((s) => s.label)).toEqual(['08-20']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['OPERATIONS_TZ', 'Mars/Olympus'],
    ['CONSULT_WINDOWS', '9-11'],
    ['CONSULT_WINDOWS', '09-09'],
    ['CARE_SHIFTS', '08-20,08-20'],
    ['OFFER_TIMEOUT_SECONDS', '0'],
    ['DATABASE_URL', 'mysql://x'],
    ['JWT_SECRET', 'short'],
    ['ADMIN_PASSWORD', 'short'],
    ['ADMIN_PASSWORD', '1qaz2wsx3edc'],
    ['MFA_REQUIRED_ROLES', 'admin,wizard'],
    ['MFA_REQUIRED_ROLES', 'admin;coordinator'],
    ['DEMO_SEED', 'maybe'],
    ['REDIS_URL', 'http://x'],
    ['CORS_ORIGINS', 'console.example.org'],
    ['CORS_ORIGINS', 'https://a.example.org/path'],
    ['CORS_ORIGINS', 'ftp://a.example.org'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', 'yes please'],
    ['TRUST_PROXY', '10.0.0.0/200'],
    ['DB_ACQUIRE_TIMEOUT_MS', '0'],
    ['DB_LOCK_TIMEOUT_MS', 'soon'],
    ['DB_STATEMENT_TIMEOUT_MS', '-1'],
    ['DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', '10'],
    ['RETRY_AFTER_SECONDS', '0'],
    ['WRAP_UP_SECONDS', '-1'],
    ['WRAP_UP_SECONDS', '3601'],
    ['WRAP_UP_SECONDS', 'half a minute'],
  ])('stops the start when %s=%j, naming the variable', (name, value) => {
    expect(() => AppConfig.fromEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
