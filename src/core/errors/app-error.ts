import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes.js';

/** Seconds a client is asked to wait when the database is unreachable. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER = 5;

export interface FieldError {
  /** Path of the offending input field, relative to the argument: `email`, `phases.1.title`. */
  field: string;
  message: string;
}

/**
 * The one exception type of the domain: it carries a contract error code, and the error
 * formatter passes it to the client as it is. Anything else that escapes a resolver is an
 * INTERNAL_SERVER_ERROR with a generic message.
 */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }

  static unauthenticated(message = 'You must be signed in to do this.'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }

  static forbidden(message = 'You are not allowed to do this.'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} was not found.`);
  }

  static conflict(message: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message);
  }

  /** Past a rate limit; `retryAfter` is in whole seconds (at least 1). */
  static rateLimited(retryAfter: number): AppError {
    return new AppError(
      ErrorCode.RATE_LIMITED,
      `Too many requests: try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
      { retryAfter },
    );
  }

  /**
   * The database is unreachable, or (with a message) the service is too busy: nothing was done,
   * and the client may retry after `retryAfter` seconds.
   */
  static serviceUnavailable(
    message = 'The service cannot reach its database right now: nothing was changed, try again shortly.',
    retryAfter = SERVICE_UNAVAILABLE_RETRY_AFTER,
  ): AppError {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, message, { retryAfter });
  }

  static badInput(fieldErrors: FieldError[], message = 'The input is not valid.'): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, { fieldErrors });
  }

  static badField(field: string, message: string): AppError {
    return AppError.badInput([{ field, message }]);
  }
}
