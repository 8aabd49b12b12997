import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ViewerSource, type Viewer } from './viewer.js';
import type { AccessTokenPayload } from './jwt.strategy.js';

/** Who holds a WebSocket connection, and until when the token they presented is good. */
export interface LiveConnection {
  viewer: Viewer | null;
  /** When the access token expires; null for anonymous connections. */
  expiresAt: Date | null;
  /** A token was presented and refused (bad signature, expired, revoked session). */
  tokenRefused: boolean;
}

const ANONYMOUS: LiveConnection = { viewer: null, expiresAt: null, tokenRefused: false };

/** The viewer of a connection at this moment: anonymous once its token has expired. */
export function connectionViewer(
  connection: LiveConnection | undefined,
  now = new Date(),
): Viewer | null {
  if (!connection?.viewer || !connection.expiresAt || connection.expiresAt <= now) return null;
  return connection.viewer;
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
    if (raw === undefined || raw === null || raw === '') return ANONYMOUS;
    const token = typeof raw === 'string' ? /^(?:Bearer +)?(\S+)$/i.exec(raw)?.[1] : undefined;
    if (!token) return { ...ANONYMOUS, tokenRefused: true };
    try {
      const payload = await this.jwt.verifyAsync<Partial<AccessTokenPayload> & { exp?: number }>(
        token,
        { algorithms: ['HS256'] },
      );
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !payload.exp) {
        return { ...ANONYMOUS, tokenRefused: true };
      }
      const viewer = await this.viewers.findViewer(payload.sub, payload.sid);
      if (!viewer) return { ...ANONYMOUS, tokenRefused: true };
      return { viewer, expiresAt: new Date(payload.exp * 1000), tokenRefused: false };
    } catch {
      return { ...ANONYMOUS, tokenRefused: true };
    }
  }
}
