import { GraphQLError } from 'graphql';
import { ErrorCode, UnauthenticatedReason } from './error-codes.js';
import { describeFieldErrors } from './field-errors-message.js';

/** Seconds a client is asked to wait when the database is unreachable. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER = 5;

const DATABASE_UNAVAILABLE =
  'The service cannot reach its database right now: nothing was changed, try again shortly.';

/** What each UNAUTHENTICATED reason tells the person, and what their client should do. */
const UNAUTHENTICATED_MESSAGES: Record<UnauthenticatedReason, string> = {
  [UnauthenticatedReason.SIGN_IN_REQUIRED]: 'You must be signed in to do this.',
  [UnauthenticatedReason.INVALID_CREDENTIALS]: 'The email or password is wrong.',
  [UnauthenticatedReason.TOKEN_EXPIRED]:
    'The access token has expired: get a new one with refreshSession and try again.',
  [UnauthenticatedReason.TOKEN_INVALID]: 'The token is not valid: sign in again.',
  [UnauthenticatedReason.SESSION_REVOKED]:
    'The session of this token has ended (signed out or revoked): sign in again.',
  [UnauthenticatedReason.SESSION_EXPIRED]:
    'The session has expired after too long without a refresh: sign in again.',
  [UnauthenticatedReason.REFRESH_TOKEN_REUSED]:
    'The session was ended because one of its refresh tokens was used a second time, as happens when a token is stolen and replayed: sign in again.',
};

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
    /** The failure behind it, for the logs (never shown to the client). */
    cause?: Error,
  ) {
    super(message, { extensions: { code, ...extra }, originalError: cause });
  }

  /** `extensions.reason` says why, and so what the client should do (UnauthenticatedReason). */
  static unauthenticated(
    reason = UnauthenticatedReason.SIGN_IN_REQUIRED,
    message = UNAUTHENTICATED_MESSAGES[reason],
  ): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message, { reason });
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
    message = DATABASE_UNAVAILABLE,
    retryAfter = SERVICE_UNAVAILABLE_RETRY_AFTER,
  ): AppError {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, message, { retryAfter });
  }

  /**
   * SERVICE_UNAVAILABLE because of `cause`, a failure to reach the database: the error formatter
   * logs the cause as the server fault it is.
   */
  static databaseUnavailable(cause: unknown): AppError {
    return new AppError(
      ErrorCode.SERVICE_UNAVAILABLE,
      DATABASE_UNAVAILABLE,
      { retryAfter: SERVICE_UNAVAILABLE_RETRY_AFTER },
      cause instanceof Error ? cause : undefined,
    );
  }

  /** The message names the first bad field and its problem; `fieldErrors` names them all. */
  static badInput(fieldErrors: FieldError[], message = describeFieldErrors(fieldErrors)): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, { fieldErrors });
  }

  static badField(field: string, message: string): AppError {
    return AppError.badInput([{ field, message }]);
  }
}
