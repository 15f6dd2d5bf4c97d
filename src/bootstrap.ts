import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { buildOpenApiDocument } from './openapi/document';
import { RealtimeIoAdapter } from './realtime/realtime.adapter';

/**
 * Builds the app exactly as it runs, for `main.ts` and for the e2e tests alike:
 * global prefix, strict validation, one error filter, OpenAPI, helmet, CSV bodies.
 */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Socket.IO: Redis adapter with REDIS_URL, Postgres adapter with SOCKET_ADAPTER=postgres, else in memory.
  const wsAdapter = new RealtimeIoAdapter(app, options.config, options.databaseUrl);
  await wsAdapter.connect();
  app.useWebSocketAdapter(wsAdapter);
  app.setGlobalPrefix('api', { exclude: [] });
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useBodyParser('text', { type: 'text/csv', limit: '5mb' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
