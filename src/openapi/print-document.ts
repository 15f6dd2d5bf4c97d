import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { buildOpenApiDocument } from './document';

/**
 * Writes the OpenAPI document (the same as GET /api/docs-json) without a database: Nest's preview
 * mode registers modules and routes but instantiates no provider, so nothing connects anywhere.
 * `npm run api:types` turns it into web/src/api/schema.d.ts.
 */
async function main(): Promise<void> {
  const config = AppConfig.fromEnv({ JWT_SECRET: 'openapi-export-only-not-a-secret-0123456789' });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: 'postgres://unused.invalid/none' }),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix('api');
  const out = process.argv[2];
  if (!out) throw new Error('usage: print-document.ts OUT.json');
  writeFileSync(out, JSON.stringify(buildOpenApiDocument(app), null, 2) + '\n');
  await app.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
