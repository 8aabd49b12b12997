/** Postgres SQLSTATE codes the services react to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as {
    code?: string;
    driverError?: { code?: string; constraint?: string };
    constraint?: string;
  };
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === PG_UNIQUE_VIOLATION && (constraint === undefined || name === constraint);
}

/** Socket errors of a database that cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
/** SQLSTATEs of a server that is shutting down, starting or full (class 08: connection). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** What node-postgres says when a connection dies or none can be made in time. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection refused/i;

/**
 * The database is down or unreachable (as opposed to a query that failed): the error, or one
 * it wraps (TypeORM's driverError, GraphQL's originalError, a cause).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      errors?: unknown[];
      driverError?: unknown;
      originalError?: unknown;
      cause?: unknown;
    };
    if (
      typeof e.code === 'string' &&
      (UNREACHABLE.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))
    )
      return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    // An AggregateError of every address tried (node's connect to "localhost").
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner)))
      return true;
    current = e.driverError ?? e.originalError ?? e.cause;
  }
  return false;
}

/**
 * Postgres refused a character of the input (NUL, or one the encoding cannot hold): the
 * client's input was wrong, not the service.
 */
export function isUnstorableCharacter(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; originalError?: unknown };
  const code = e?.driverError?.code ?? e?.code;
  if (code === '22021' || code === '22P05') return true;
  return e?.originalError ? isUnstorableCharacter(e.originalError) : false;
}

/**
 * The innermost failure an error wraps (GraphQL's originalError, TypeORM's driverError, a
 * cause): what a log line should show the stack of.
 */
export function deepestCause(error: unknown): unknown {
  const seen = new Set<unknown>();
  let current = error;
  for (;;) {
    seen.add(current);
    const e = current as { originalError?: unknown; cause?: unknown } | null;
    const inner = e && typeof e === 'object' ? (e.originalError ?? e.cause) : undefined;
    if (!inner || seen.has(inner)) return current;
    current = inner;
  }
}
