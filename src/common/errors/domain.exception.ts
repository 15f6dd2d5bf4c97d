/**
 * Typed domain errors: services throw these with a code; one filter maps codes to HTTP
 * (and the realtime gateway maps them to `{ ok: false, error }`). No HTTP in services.
 */
export enum DomainError {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  Forbidden = 'forbidden',
  Unauthorized = 'unauthorized',
  Conflict = 'conflict',
  ConstraintViolated = 'constraint_violated',
  /** an Idempotency-Key sent again with a different request */
  IdempotencyKeyReused = 'idempotency_key_reused',
  /** a token good only for choosing a new password (after an admin reset) */
  PasswordChangeRequired = 'password_change_required',
  /** a token good only for setting up TOTP (the role must use a second factor) */
  OtpEnrolmentRequired = 'otp_enrolment_required',
  TooManyRequests = 'too_many_requests',
  Unavailable = 'unavailable',
}

const HTTP_STATUS: Record<DomainError, number> = {
  [DomainError.ValidationFailed]: 400,
  [DomainError.Unauthorized]: 401,
  [DomainError.Forbidden]: 403,
  [DomainError.NotFound]: 404,
  [DomainError.Conflict]: 409,
  [DomainError.ConstraintViolated]: 409,
  [DomainError.IdempotencyKeyReused]: 422,
  [DomainError.PasswordChangeRequired]: 403,
  [DomainError.OtpEnrolmentRequired]: 403,
  [DomainError.TooManyRequests]: 429,
  [DomainError.Unavailable]: 503,
};

export class DomainException extends Error {
  constructor(
    readonly code: DomainError,
    message: string | string[],
    /** extra machine-readable detail returned in the body (e.g. roster violations) */
    readonly details?: Record<string, unknown>,
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = Array.isArray(message) ? message : [message];
  }

  readonly messages: string[];
  /** seconds, sent as `Retry-After` (429, 503) */
  retryAfterSeconds?: number;

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  static notFound(what: string): DomainException {
    return new DomainException(DomainError.NotFound, `${what} not found`);
  }

  static invalid(messages: string | string[]): DomainException {
    return new DomainException(DomainError.ValidationFailed, messages);
  }

  static conflict(message: string, details?: Record<string, unknown>): DomainException {
    return new DomainException(DomainError.Conflict, message, details);
  }

  static forbidden(message = 'Forbidden'): DomainException {
    return new DomainException(DomainError.Forbidden, message);
  }

  /** 429 or 503 with `Retry-After`. */
  static retryLater(
    code: DomainError.TooManyRequests | DomainError.Unavailable,
    message: string,
    seconds: number,
  ): DomainException {
    const e = new DomainException(code, message);
    e.retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return e;
  }
}
