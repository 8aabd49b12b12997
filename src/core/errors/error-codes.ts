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
  /**
   * TRUSTED_DOCUMENTS_ONLY: the document is not a registered one (HTTP 400). Apollo's router
   * names the same refusal so; send a registered document, or its hash.
   */
  PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST',
  /** The database cannot be reached right now; retry after `extensions.retryAfter` seconds. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Why a request is UNAUTHENTICATED (`extensions.reason`), so that a client knows what to do
 * next: TOKEN_EXPIRED means refresh the access token (refreshSession) and try again; every
 * other reason means the tokens it holds are of no more use and the person signs in again.
 */
export enum UnauthenticatedReason {
  /** No access token was presented, and the field needs one. */
  SIGN_IN_REQUIRED = 'SIGN_IN_REQUIRED',
  /** logIn: the email or the password is wrong (which of the two is not said). */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  /** The access token is past its expiry: refresh it. */
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  /**
   * The token was not issued by this server as it stands: malformed, a bad signature, another
   * algorithm, claims that name no session of its user, or an unknown refresh token.
   */
  TOKEN_INVALID = 'TOKEN_INVALID',
  /** The session the token belongs to was ended: signed out, revoked, or its account deleted. */
  SESSION_REVOKED = 'SESSION_REVOKED',
  /** The refresh token is past its lifetime (REFRESH_TOKEN_TTL_DAYS without a refresh). */
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  /**
   * The session was ended because one of its refresh tokens was presented a second time, as
   * happens when a token is stolen and replayed: every token of the session is void.
   */
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
}
