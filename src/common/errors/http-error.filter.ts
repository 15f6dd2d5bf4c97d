import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { DependencyStatus } from '../faults/dependency-status';
import { isDatabaseUnavailable } from '../faults/unavailable';
import { DomainException } from './domain.exception';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface HttpErrorFilterOptions {
  /** `Retry-After` of a 503, in seconds */
  retryAfterSeconds: number;
  /** told when the database is found unavailable (logged once per change, not per request) */
  dependencies?: DependencyStatus;
  /** told of every 403 (the audit trail) before the answer goes out */
  onDenied?: (req: Request, reason: unknown) => Promise<void>;
}

/**
 * A foreign key refusing an insert or update: `Key (patient_id)=(…) is not present in table "patients"`
 * becomes the API's field name (`patientId`) and the thing it should name (`patient`). No extra query
 * on the hot path: the database checks, and this tells the caller what it said.
 */
export function missingReference(exception: unknown): { field: string; what: string } | undefined {
  if (!(exception instanceof QueryFailedError)) return undefined;
  const driver = exception.driverError as { code?: string; detail?: string };
  if (driver?.code !== '23503') return undefined;
  const m = /^Key \(([a-z_]+)\)=\(.*\) is not present in table "([a-z_]+)"/.exec(driver.detail ?? '');
  if (!m) return undefined;
  const field = m[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return { field, what: m[2].replace(/s$/, '').replace(/_/g, ' ') };
}

/**
 * One place that turns errors into HTTP answers in Nest's shape `{ statusCode, error, message }`.
 * The database unreachable or a bounded wait passed (pool, lock, statement): 503 with `Retry-After`
 * (the request's transaction was rolled back, so nothing was written). Unknown errors become a 500
 * with an error id (logged with the stack, never sent).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(private readonly options: HttpErrorFilterOptions = { retryAfterSeconds: 2 }) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = this.toResponse(exception);
    const send = () => {
      if (res.headersSent) return;
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
      if (exception instanceof DomainException && exception.retryAfterSeconds)
        res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      res.status(status).json(body);
    };
    const onDenied = this.options.onDenied;
    if (status !== 403 || !onDenied) return send();
    onDenied(host.switchToHttp().getRequest<Request>(), body.message).then(send, (err: unknown) => {
      this.logger.error(
        { err: err instanceof Error ? { name: err.name, stack: err.stack } : err },
        'audit failed',
      );
      send();
    });
  }

  toResponse(exception: unknown): {
    status: number;
    body: Record<string, unknown>;
    headers?: Record<string, string>;
  } {
    if (exception instanceof DomainException) {
      const status = exception.status;
      const message = exception.messages.length === 1 ? exception.messages[0] : exception.messages;
      return {
        status,
        body: {
          statusCode: status,
          error: STATUS_TEXT[status],
          message,
          code: exception.code,
          ...exception.details,
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body =
        typeof response === 'string'
          ? { statusCode: status, error: STATUS_TEXT[status] ?? response, message: response }
          : { statusCode: status, ...(response as Record<string, unknown>) };
      return { status, body };
    }
    // A reference to a row that does not exist (`patientId` of a consult): the caller's mistake, named.
    const missing = missingReference(exception);
    if (missing) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: [`${missing.field} names no existing ${missing.what}`],
        },
      };
    }
    // A unique index is the database refusing a duplicate the code did not foresee: a conflict, not a crash.
    if (
      exception instanceof QueryFailedError &&
      (exception.driverError as { code?: string })?.code === '23505'
    ) {
      return {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'conflicts with existing data' },
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.options.dependencies?.databaseFailed(exception);
      return {
        status: 503,
        body: {
          statusCode: 503,
          error: STATUS_TEXT[503],
          message: 'The database is unavailable or busy; nothing was written. Retry later.',
        },
        headers: { 'Retry-After': String(this.options.retryAfterSeconds) },
      };
    }
    const errorId = randomUUID();
    this.logger.error(
      {
        errorId,
        err: exception instanceof Error ? { name: exception.name, stack: exception.stack } : exception,
      },
      'unhandled error',
    );
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      status,
      body: { statusCode: status, error: STATUS_TEXT[status], message: 'Internal server error', errorId },
    };
  }
}
