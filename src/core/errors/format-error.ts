import { Kind, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-codes.js';
import { Locale } from '../i18n/locale.js';
import { translate } from '../i18n/translate.js';
import { isDatabaseUnavailable, isUnstorableCharacter } from './postgres-errors.js';

/** Codes that Apollo or graphql-js produce themselves and that are safe to pass through. */
const PASS_THROUGH_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * graphql-js's suggestions, in every form it writes them ('Did you mean "title"?', 'Did you
 * mean the enum value "ACCEPTED"?', 'Did you mean to use an inline fragment on "Proposal"?'),
 * up to the question mark, which stays: what graphql-armor's mask leaves over HTTP.
 */
const SUGGESTION = /Did you mean [^?]*"(?=\?)/g;
const SUGGESTION_MASK = '[Suggestion hidden]';

export interface FormatErrorOptions {
  /** Stack traces are shown in development only. */
  exposeStack: boolean;
  onInternalError?: (error: unknown) => void;
  /** A request failed because the database is unreachable (a server fault, if not a bug). */
  onDatabaseUnavailable?: (error: unknown) => void;
  /**
   * Mask graphql-js's "Did you mean ...?" suggestions, which map the schema for a scraper
   * (production), in every form, over HTTP and the WebSocket alike: graphql-armor's mask
   * (query-limits.ts) knows the field and argument ones only, and graphql-ws never consults it.
   */
  hideSuggestions?: boolean;
  /**
   * The language of whoever reads the error (readerLocale): Apollo's formatError has no
   * context, so the GraphQL module records it per error when the request meets them. English
   * when not given.
   */
  localeOf?: (original: unknown) => Locale;
}

/** The AppError behind `original`: itself, or the error graphql-js wrapped it in. */
function appErrorOf(original: unknown): AppError | null {
  if (original instanceof AppError) return original;
  const inner = (original as { originalError?: unknown } | null)?.originalError;
  return inner instanceof AppError ? inner : null;
}

/** graphql-js's token limit states its maximum: "more that 2000 tokens". */
const TOKEN_MAXIMUM = /more tha[nt] (\d+) tokens/;

/**
 * The single mapper from thrown errors to what a client sees. Known codes pass; anything else
 * (a bug, a database error) becomes INTERNAL_SERVER_ERROR with a generic message, so neither SQL
 * nor stack traces leak outside development.
 */
export function formatGraphqlError(
  given: GraphQLFormattedError,
  original: unknown,
  options: FormatErrorOptions,
): GraphQLFormattedError {
  const formatted = asLimitError(
    options.hideSuggestions
      ? { ...given, message: given.message.replace(SUGGESTION, SUGGESTION_MASK) }
      : given,
  );
  const rawCode = formatted.extensions?.code;
  const code = typeof rawCode === 'string' ? rawCode : '';
  const locale = options.localeOf?.(original) ?? Locale.EN;
  if (PASS_THROUGH_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // Answered SERVICE_UNAVAILABLE where the database failed (the auth guard): still a fault.
    if (code === ErrorCode.SERVICE_UNAVAILABLE && isDatabaseUnavailable(original)) {
      options.onDatabaseUnavailable?.(original);
    }
    // `http` is Apollo's instruction for the status code, not for the client.
    const { stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
    const read = inReadersLanguage(formatted, appErrorOf(original), locale);
    return {
      ...formatted,
      message: read.message,
      extensions: {
        ...(options.exposeStack ? { ...extensions, stacktrace } : extensions),
        ...read.extensions,
      },
    };
  }
  if (isUnstorableCharacter(original)) {
    return {
      message: translate(locale, 'error.unstorableCharacter'),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  if (isDatabaseUnavailable(original)) {
    options.onDatabaseUnavailable?.(original);
    const unavailable = AppError.serviceUnavailable();
    return {
      message: unavailable.messageIn(locale),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...unavailable.extensions },
    };
  }
  options.onInternalError?.(original);
  return {
    message: options.exposeStack ? formatted.message : translate(locale, 'error.internal'),
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(options.exposeStack ? { stacktrace: formatted.extensions?.stacktrace } : {}),
    },
  };
}

/**
 * The message (and field errors) of a passed-through error in the reader's language: an
 * AppError's catalogue text, graphql-js's token limit; anything else (graphql-js's own
 * validation and syntax errors, written for developers) as it is.
 */
function inReadersLanguage(
  formatted: GraphQLFormattedError,
  error: AppError | null,
  locale: Locale,
): { message: string; extensions: Record<string, unknown> } {
  if (error) {
    return {
      message: error.messageIn(locale),
      extensions: error.problems.length ? { fieldErrors: error.fieldErrorsIn(locale) } : {},
    };
  }
  const tokens =
    formatted.extensions?.limit === 'tokens' ? TOKEN_MAXIMUM.exec(formatted.message) : null;
  if (tokens) {
    return {
      message: translate(locale, 'error.queryLimit.tokens', { maximum: tokens[1] }),
      extensions: {},
    };
  }
  return { message: formatted.message, extensions: {} };
}

const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/**
 * A document refused by a query limit (src/core/graphql/query-limits.ts) is QUERY_TOO_COMPLEX,
 * whatever code Apollo gave it on the way (it files validation-rule errors under
 * GRAPHQL_VALIDATION_FAILED, and graphql-js's token limit is a syntax error).
 */
function asLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const limit =
    typeof extensions.limit === 'string'
      ? extensions.limit
      : TOKEN_LIMIT.test(formatted.message)
        ? 'tokens'
        : undefined;
  if (!limit) return formatted;
  return {
    ...formatted,
    extensions: { ...extensions, code: ErrorCode.QUERY_TOO_COMPLEX, limit },
  };
}

/**
 * A GraphQLError that graphql-js raised while coercing a variable ("Variable "$id" got invalid
 * value ..."). Apollo gives these BAD_USER_INPUT over HTTP; graphql-ws leaves them bare.
 */
function isVariableCoercionError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  return (
    node?.kind === Kind.VARIABLE_DEFINITION &&
    error.message.startsWith(`Variable "$${node.variable.name.value}" `)
  );
}

/**
 * The errors of a result sent over the WebSocket, as formatGraphqlError shapes them over HTTP.
 * graphql-ws never calls Apollo's formatError: without this, a subscription's internal error
 * would reach the client with its SQL. `stage` says where graphql-ws met them: `execution`
 * (a result's errors) or `validation` (a document refused before it ran).
 */
export function formatWebSocketErrors(
  errors: readonly GraphQLError[],
  stage: 'execution' | 'validation',
  options: FormatErrorOptions,
): GraphQLFormattedError[] {
  return errors.map((error) => {
    const formatted = error.toJSON();
    const code =
      formatted.extensions?.code ??
      (stage === 'validation'
        ? 'GRAPHQL_VALIDATION_FAILED'
        : isVariableCoercionError(error)
          ? ErrorCode.BAD_USER_INPUT
          : undefined);
    const withCode = code
      ? { ...formatted, extensions: { ...formatted.extensions, code } }
      : formatted;
    return formatGraphqlError(withCode, error, options);
  });
}
