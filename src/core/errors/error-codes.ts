/**
 * The error codes of the public contract (`extensions.code`). Every error a client sees carries
 * one of these, or one of Apollo's own for documents that do not parse or validate
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED).
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The database cannot be reached right now; retry after `extensions.retryAfter` seconds. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
