import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { UsersService } from './auth/users.service';
import { createApp } from './bootstrap';
import { Clock, SystemClock } from './common/clock';
import { AppConfig } from './config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { DEMO_PASSWORD_FILE, DemoLogin, seedDemoData } from './database/seed/demo-seed';
import { seedShiftsDemo } from './shifts/shifts.demo-seed';
import { seedPatientsDemo } from './patients/patients.demo-seed';
import { seedConsultsDemo } from './consults/consults.demo-seed';
import { seedHotlineDemo } from './hotline/hotline.demo-seed';

export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  /** the embedded PostgreSQL's files, when DATABASE_URL was unset */
  embeddedDataDir?: string;
  logins: DemoLogin[];
  /** where the demo logins' password is kept, when the demo data is on */
  demoPasswordFile?: string;
  close(): Promise<void>;
}

/**
 * Everything `npm start` does, in order: validate the configuration, find or start the database,
 * migrate it, build the app, make sure an admin exists, seed the demo data when asked, listen.
 */
export async function startServer(
  env: Record<string, string | undefined>,
  clock: Clock = new SystemClock(),
): Promise<RunningServer> {
  const config = AppConfig.fromEnv(env);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(join(config.dataDir, 'pg'), 'donghanh');
    databaseUrl = embedded.url;
  }
  try {
    await runMigrations(databaseUrl);
    const app = await createApp({ config, databaseUrl, clock });
    const logins: DemoLogin[] = [];
    const admin = await app.get(UsersService).ensureAdmin(config.adminEmail, config.adminPassword);
    if (admin.created) {
      logins.push({
        role: 'admin',
        email: config.adminEmail,
        password: admin.generatedPassword ?? '(ADMIN_PASSWORD)',
        note: admin.generatedPassword ? 'generated now; shown only this once' : undefined,
      });
    }
    const demo = config.demoSeed ?? embedded !== undefined;
    if (demo) {
      const seeded = await seedDemoData(app.get<DataSource>(getDataSourceToken()), config, clock.now());
      if (seeded) {
        logins.push(...seeded);
        await seedShiftsDemo(app, clock.now());
        await seedPatientsDemo(app, clock.now());
        await seedConsultsDemo(app, clock.now());
        await seedHotlineDemo(app, clock.now());
      }
    }
    await app.listen(config.port);
    const address = app.getHttpServer().address() as { port: number };
    return {
      app,
      url: `http://localhost:${address.port}`,
      databaseUrl,
      embeddedDataDir: embedded?.dataDir,
      logins,
      demoPasswordFile: demo ? resolve(config.dataDir, DEMO_PASSWORD_FILE) : undefined,
      close: async () => {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
