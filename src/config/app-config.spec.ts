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
    expect(c.mfaRequiredRoles).toEqual([]);
  });

  it('reads MFA_REQUIRED_ROLES as a list of roles', () => {
    expect(AppConfig.fromEnv({ MFA_REQUIRED_ROLES: ' admin, coordinator ,admin' }).mfaRequiredRoles).toEqual([
      'admin',
      'coordinator',
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
  ])('stops the start when %s=%j, naming the variable', (name, value) => {
    expect(() => AppConfig.fromEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
