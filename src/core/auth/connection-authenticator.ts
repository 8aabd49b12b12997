import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../errors/app-error.js';
import { UnauthenticatedReason } from '../errors/error-codes.js';
import { ViewerSource, type Viewer } from './viewer.js';
import { refusalOfToken, type AccessTokenPayload, withTokenScopes } from './jwt.strategy.js';

/** Who holds a WebSocket connection, and until when the token they presented is good. */
export interface LiveConnection {
  viewer: Viewer | null;
  /** When the access token expires; null for anonymous connections. */
  expiresAt: Date | null;
  /**
   * Why a token presented on it was refused, when it was (malformed, expired, its session
   * ended), or why its viewer is gone since (its session ended while it was open).
   */
  refusal: UnauthenticatedReason | null;
}

export const ANONYMOUS_CONNECTION: Readonly<LiveConnection> = Object.freeze({
  viewer: null,
  expiresAt: null,
  refusal: null,
});

const refused = (refusal: UnauthenticatedReason): LiveConnection => ({
  ...ANONYMOUS_CONNECTION,
  refusal,
});

/** The viewer of a connection at this moment: anonymous once its token has expired. */
export function connectionViewer(
  connection: LiveConnection | undefined,
  now = new Date(),
): Viewer | null {
  if (!connection?.viewer || !connection.expiresAt || connection.expiresAt <= now) return null;
  return connection.viewer;
}

/**
 * Why a connection has no viewer, for its UNAUTHENTICATED errors: why its token was refused or
 * its session ended, else TOKEN_EXPIRED when it had one (its token has expired since it
 * connected), else SIGN_IN_REQUIRED (it never presented a token).
 */
export function connectionRefusal(connection: LiveConnection | undefined): UnauthenticatedReason {
  if (connection?.refusal) return connection.refusal;
  return connection?.expiresAt
    ? UnauthenticatedReason.TOKEN_EXPIRED
    : UnauthenticatedReason.SIGN_IN_REQUIRED;
}

/**
 * The error that ends a private stream whose connection has lost its viewer: the token has
 * expired (refresh it, reconnect with the new one) or the session has ended (sign in again).
 */
export function liveStreamEnded(connection: LiveConnection | undefined): AppError {
  const reason = connectionRefusal(connection);
  return reason === UnauthenticatedReason.TOKEN_EXPIRED
    ? AppError.unauthenticated(reason, 'error.unauthenticated.connectionTokenExpired')
    : AppError.unauthenticated(reason);
}

/**
 * Authenticates a graphql-ws connection from its `connectionParams`: `{ authorization:
 * "Bearer <access token>" }` (or the bare token). The same checks as over HTTP: HS256
 * signature, expiry, and the user and session still there. A connection without a valid token
 * is accepted as anonymous and hears public events only.
 */
@Injectable()
export class ConnectionAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly viewers: ViewerSource,
  ) {}

  async authenticate(
    params: Readonly<Record<string, unknown>> | undefined,
  ): Promise<LiveConnection> {
    const raw = params?.authorization ?? params?.Authorization;
    if (raw === undefined || raw === null || raw === '') return { ...ANONYMOUS_CONNECTION };
    const token = typeof raw === 'string' ? /^(?:Bearer +)?(\S+)$/i.exec(raw)?.[1] : undefined;
    if (!token) return refused(UnauthenticatedReason.TOKEN_INVALID);
    let payload: Partial<AccessTokenPayload> & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch (error) {
      return refused(refusalOfToken(error));
    }
    const { sub: userId, sid: sessionId, exp } = payload;
    if (typeof userId !== 'string' || typeof sessionId !== 'string' || !exp) {
      return refused(UnauthenticatedReason.TOKEN_INVALID);
    }
    try {
      const viewer = await this.viewers.findViewer(userId, sessionId);
      if (viewer) {
        return {
          viewer: withTokenScopes(viewer, payload),
          expiresAt: new Date(exp * 1000),
          refusal: null,
        };
      }
      return refused(await this.viewers.refusalOf({ userId, sessionId }));
    } catch {
      // The session could not be read (the database is down): anonymous for now, through no
      // fault of the token, so the client is not told to sign in again.
      return { ...ANONYMOUS_CONNECTION };
    }
  }
}
