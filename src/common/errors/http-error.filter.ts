import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainException } from './domain.exception';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * One place that turns errors into HTTP answers in Nest's shape `{ statusCode, error, message }`.
 * Unknown errors become a 500 with an error id (logged with the stack, never sent).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toResponse(exception);
    if (res.headersSent) return;
    if (exception instanceof DomainException && exception.retryAfterSeconds)
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(status).json(body);
  }

  toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
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
