import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { AuditService } from './audit/audit.service';
import type { AuthedRequest } from './auth/auth.decorators';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { securityHeaders } from './common/http-security';
import { httpCompression } from './common/http-compression';
import { DependencyStatus } from './common/faults/dependency-status';
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
  // The broker is connected in the background: the app starts and serves without it.
  const wsAdapter = new RealtimeIoAdapter(
    app,
    options.config,
    options.databaseUrl,
    app.get(DependencyStatus),
  );
  wsAdapter.connect();
  app.useWebSocketAdapter(wsAdapter);
  app.setGlobalPrefix('api', { exclude: [] });
  // Behind a reverse proxy: the client's address and scheme come from X-Forwarded-* (TRUST_PROXY hops).
  app.set('trust proxy', options.config.trustProxy);
  app.use(securityHeaders());
  app.use(httpCompression());
  app.useBodyParser('text', { type: 'text/csv', limit: '5mb' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  const audit = app.get(AuditService);
  app.useGlobalFilters(
    new HttpErrorFilter({
      retryAfterSeconds: options.config.retryAfterSeconds,
      dependencies: app.get(DependencyStatus),
      // A 403 on patient data is written to the audit trail before the answer goes out.
      onDenied: (req: AuthedRequest, reason) => audit.denied(req.user, req.method, req.originalUrl, reason),
    }),
  );
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
