import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './error-codes.js';

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

export interface FormatErrorOptions {
  /** Stack traces are shown in development only. */
  exposeStack: boolean;
  onInternalError?: (error: unknown) => void;
}

/**
 * The single mapper from thrown errors to what a client sees. Known codes pass; anything else
 * (a bug, a database error) becomes INTERNAL_SERVER_ERROR with a generic message, so neither SQL
 * nor stack traces leak outside development.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  original: unknown,
  options: FormatErrorOptions,
): GraphQLFormattedError {
  const rawCode = formatted.extensions?.code;
  const code = typeof rawCode === 'string' ? rawCode : '';
  if (PASS_THROUGH_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace, ...extensions } = formatted.extensions ?? {};
    return {
      ...formatted,
      extensions: options.exposeStack ? { ...extensions, stacktrace } : extensions,
    };
  }
  options.onInternalError?.(original);
  return {
    message: options.exposeStack ? formatted.message : 'Something went wrong on our side.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(options.exposeStack ? { stacktrace: formatted.extensions?.stacktrace } : {}),
    },
  };
}
