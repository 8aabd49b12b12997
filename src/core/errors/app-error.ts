import { GraphQLError } from 'graphql';
import { isMessageKey, type MessageKey } from '../i18n/translate.js';
import {
  english,
  fieldProblemText,
  render,
  text,
  withFieldLabel,
  type Text,
} from '../i18n/text.js';
import { Locale } from '../i18n/locale.js';
import { ErrorCode, UnauthenticatedReason } from './error-codes.js';
import { describeFieldErrors } from './field-errors-message.js';

/** Seconds a client is asked to wait when the database is unreachable. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER = 5;

/** A field problem as the client reads it, in `extensions.fieldErrors`. */
export interface FieldError {
  /** Path of the offending input field, relative to the argument: `email`, `phases.1.title`. */
  field: string;
  message: string;
}

/**
 * A field problem as code states it: the field and a catalogue text, rendered in the reader's
 * language. (A FieldError's English sentence, as class-validator writes it, is read back into
 * a text by fieldProblemText.)
 */
export interface FieldProblem {
  field: string;
  problem: Text;
}

/** `field` has `problem`: the key of a `field.*` message, its `field` parameter the field's name. */
export function fieldProblem(
  field: string,
  key: MessageKey,
  params: Record<string, string | number> = {},
): FieldProblem {
  return {
    field,
    problem: text(key, { field: field.slice(field.lastIndexOf('.') + 1), ...params }),
  };
}

/**
 * An error's message: a catalogue key, or a key and its parameters. (A plain sentence is still
 * taken, as it is, from code not yet converted; test/i18n's scan lists every such call.)
 */
export type ErrorMessage = MessageKey | Text;

/** The kinds of things NOT_FOUND names, one message each (`error.notFound.<thing>`). */
export type NotFoundThing = MessageKey extends infer K
  ? K extends `error.notFound.${infer T}`
    ? T
    : never
  : never;

/** A catalogue key or key and parameters; a plain string only from badInput's English summary. */
function asText(message: Text | string): Text | null {
  if (typeof message !== 'string') return message;
  return isMessageKey(message) ? text(message) : null;
}

function asProblem(error: FieldError | FieldProblem): FieldProblem | FieldError {
  if ('problem' in error) return error;
  const read = fieldProblemText(error.message);
  return read ? { field: error.field, problem: read } : error;
}

/**
 * The one exception type of the domain: it carries a contract error code, and the error
 * formatter passes it to the client as it is. Anything else that escapes a resolver is an
 * INTERNAL_SERVER_ERROR with a generic message.
 *
 * Its message is a catalogue text: `message` holds the English rendering (for logs and the
 * CLI), and the error formatter renders `messageIn(reader's locale)` and `fieldErrorsIn(...)`
 * for the client (format-error.ts).
 */
export class AppError extends GraphQLError {
  /** The message as a catalogue text; null for a sentence code wrote itself. */
  readonly text: Text | null;
  /** BAD_USER_INPUT: each bad field and its problem, the message then describes them. */
  readonly problems: readonly (FieldProblem | FieldError)[];

  constructor(
    readonly code: ErrorCode,
    message: Text | string,
    extra: Record<string, unknown> = {},
    /** The failure behind it, for the logs (never shown to the client). */
    cause?: Error,
    problems: readonly (FieldProblem | FieldError)[] = [],
  ) {
    const given = asText(message);
    super(given ? english(given) : (message as string), {
      extensions: { code, ...extra },
      originalError: cause,
    });
    this.text = given;
    this.problems = problems;
  }

  /** The message in `locale`. */
  messageIn(locale: Locale): string {
    if (this.problems.length && !this.text) {
      return describeFieldErrors(this.fieldErrorsIn(locale), locale);
    }
    return this.text ? render(locale, this.text) : this.message;
  }

  /** `extensions.fieldErrors` in `locale` (empty unless BAD_USER_INPUT). */
  fieldErrorsIn(locale: Locale): FieldError[] {
    return this.problems.map((error) =>
      'problem' in error
        ? { field: error.field, message: render(locale, withFieldLabel(locale, error.problem)) }
        : error,
    );
  }

  /** The same error with more extensions (an HTTP status for Apollo), its text kept. */
  withExtensions(extra: Record<string, unknown>): AppError {
    return new AppError(
      this.code,
      this.text ?? this.message,
      { ...this.extensions, ...extra },
      this.originalError ?? undefined,
      this.problems,
    );
  }

  /** `extensions.reason` says why, and so what the client should do (UnauthenticatedReason). */
  static unauthenticated(
    reason = UnauthenticatedReason.SIGN_IN_REQUIRED,
    message: ErrorMessage = `error.unauthenticated.${reason}`,
  ): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message, { reason });
  }

  static forbidden(message: ErrorMessage = 'error.forbidden'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  /** `thing` was not found (`error.notFound.<thing>`, one message per kind of thing). */
  static notFound(thing: NotFoundThing): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `error.notFound.${thing}` as MessageKey);
  }

  static conflict(message: ErrorMessage | (string & {})): AppError {
    return new AppError(ErrorCode.CONFLICT, message);
  }

  /** Past a rate limit; `retryAfter` is in whole seconds (at least 1). */
  static rateLimited(retryAfter: number): AppError {
    return new AppError(ErrorCode.RATE_LIMITED, text('error.rateLimited', { retryAfter }), {
      retryAfter,
    });
  }

  /**
   * The database is unreachable, or (with a message) the service is too busy: nothing was done,
   * and the client may retry after `retryAfter` seconds.
   */
  static serviceUnavailable(
    message: ErrorMessage = 'error.databaseUnavailable',
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
      'error.databaseUnavailable',
      { retryAfter: SERVICE_UNAVAILABLE_RETRY_AFTER },
      cause instanceof Error ? cause : undefined,
    );
  }

  /**
   * The message names the first bad field and its problem; `fieldErrors` names them all. Each
   * problem is a catalogue text, or a sentence class-validator wrote (read back into one).
   */
  static badInput(fieldErrors: readonly (FieldProblem | FieldError)[]): AppError {
    const problems = fieldErrors.map(asProblem);
    const inEnglish = problems.map((error) =>
      'problem' in error ? { field: error.field, message: english(error.problem) } : error,
    );
    return new AppError(
      ErrorCode.BAD_USER_INPUT,
      describeFieldErrors(inEnglish),
      { fieldErrors: inEnglish },
      undefined,
      problems,
    );
  }

  /** One bad field: `key` a `field.*` message, whose `field` parameter is the field's name. */
  static badField(
    field: string,
    key: MessageKey | (string & {}),
    params: Record<string, string | number> = {},
  ): AppError {
    if (isMessageKey(key)) return AppError.badInput([fieldProblem(field, key, params)]);
    return AppError.badInput([{ field, message: key }]);
  }
}
