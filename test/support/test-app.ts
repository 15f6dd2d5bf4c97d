import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AdjustableClock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { demoPassword } from '../../src/database/seed/demo-seed';
import { RunningServer, startServer } from '../../src/server';
import { createTestDatabase } from './database';

export const ADMIN = { email: 'admin@donghanh.local', password: 'admin-password-1' };

export interface TestApp {
  server: RunningServer;
  url: string;
  databaseUrl: string;
  db: DataSource;
  clock: AdjustableClock;
  config: AppConfig;
  http: ReturnType<typeof request>;
  adminToken: string;
  login(email: string, password: string): Promise<string>;
  /**
   * A staff login of the given role, created through the API; returns its token. A district officer
   * is of `district` (default `Cầu Giấy`); one login per role and district.
   */
  tokenFor(
    role: 'admin' | 'coordinator' | 'care_team' | 'operator' | 'district_officer',
    district?: string,
  ): Promise<string>;
  /** the demo logins' password of this install (DEMO_SEED=on) */
  demoPassword(): string;
  close(): Promise<void>;
}

/** The real app on a fresh database, listening on a free port, with a clock the test can move. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const clock = new AdjustableClock();
  const server = await startServer(
    {
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'dh-test-')),
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DEMO_SEED: 'off',
      DB_POOL_SIZE: '8',
      // no wrap-up unless a test is about it (test/consults/wrap-up.e2e-spec.ts)
      WRAP_UP_SECONDS: '0',
      ...env,
      DATABASE_URL: databaseUrl,
    },
    clock,
  );
  const http = request(server.url);
  const login = async (email: string, password: string) => {
    const res = await http.post('/api/auth/login').send({ email, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  };
  const adminToken = await login(ADMIN.email, ADMIN.password);
  const staff = new Map<string, string>();
  return {
    server,
    url: server.url,
    databaseUrl,
    db: server.app.get<DataSource>(getDataSourceToken()),
    clock,
    config: server.app.get(AppConfig),
    http,
    adminToken,
    login,
    async tokenFor(role, district = 'Cầu Giấy') {
      if (role === 'admin') return adminToken;
      const key = role === 'district_officer' ? `${role}/${district}` : role;
      const known = staff.get(key);
      if (known) return known;
      const email = `${role.replace('_', '-')}-${staff.size}@test.local`;
      await http
        .post('/api/users')
        .auth(adminToken, { type: 'bearer' })
        .send({
          email,
          password: 'staff-password-1',
          fullName: `Test ${role}`,
          role,
          ...(role === 'district_officer' ? { district } : {}),
        })
        .expect(201);
      const token = await login(email, 'staff-password-1');
      staff.set(key, token);
      return token;
    },
    demoPassword: () => demoPassword(server.app.get(AppConfig)),
    close: () => server.close(),
  };
}
