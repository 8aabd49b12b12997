import { Kind, type GraphQLError, type GraphQLFormattedError } from 'graphql';
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
