import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainException } from '../errors/domain.exception';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's `Idempotency-Key` (undefined when absent). A malformed key is a 400 naming the
 * header. Use with `@Idempotent()` on the route and `IdempotencyService.run` in the service.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const raw = ctx.switchToHttp().getRequest<Request>().headers['idempotency-key'];
    if (raw === undefined) return undefined;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!VALID_KEY.test(key))
      throw DomainException.invalid([`${IDEMPOTENCY_HEADER} must be 1 to 255 visible ASCII characters`]);
    return key;
  },
);

/** Documents a route that takes an `Idempotency-Key` (OpenAPI header and the 422 of a reused key). */
export const Idempotent = () =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        'Any unique string (a UUID). The same key from the same user within 24 h returns the first answer and writes nothing more.',
    }),
    ApiUnprocessableEntityResponse({ description: 'the Idempotency-Key was used for a different request' }),
  );
