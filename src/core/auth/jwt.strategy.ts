import { Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { Environment } from '../config/environment.js';
import { scopesOf } from '../access/api-scope.js';
import { AppError } from '../errors/app-error.js';
import { UnauthenticatedReason } from '../errors/error-codes.js';
import { ViewerSource, type Viewer } from './viewer.js';

/**
 * The whole header must be `Bearer <token>`: passport-jwt's own extractor takes the first two
 * words of the header and ignores whatever follows, so a malformed header could pass.
 */
const BEARER = /^Bearer +(\S+)$/i;

export function bearerToken(req: { headers: { authorization?: string } }): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

const keys = new Map<string, KeyObject>();

/**
 * JWT_SECRET as a KeyObject, made once. Given a string, jsonwebtoken builds a key on every
 * verification, first by trying to parse it as a public key, which throws: that cost 14% of
 * the API's CPU under support-toggle (npm run bench, issue 8).
 */
export function accessTokenKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  /**
   * API clients' tokens only (src/api-clients/oauth.controller.ts): the OAuth scopes granted to
   * this token, space-separated. The client's current scopes bound them too, so narrowing a
   * client's scopes takes effect on tokens already issued.
   */
  scope?: string;
}

/** The viewer of a token: for an API client's, its scopes are those of both client and token. */
export function withTokenScopes(viewer: Viewer, payload: Partial<AccessTokenPayload>): Viewer {
  if (!viewer.apiClient) return viewer;
  const granted = typeof payload.scope === 'string' ? (scopesOf(payload.scope) ?? []) : [];
  return {
    ...viewer,
    apiClient: {
      ...viewer.apiClient,
      scopes: viewer.apiClient.scopes.filter((scope) => granted.includes(scope)),
    },
  };
}

/**
 * Why jsonwebtoken refused a token: it checks the signature before the expiry, so only a token
 * this server signed can be TOKEN_EXPIRED.
 */
export function refusalOfToken(error: unknown): UnauthenticatedReason {
  return (error as { name?: unknown } | null)?.name === 'TokenExpiredError'
    ? UnauthenticatedReason.TOKEN_EXPIRED
    : UnauthenticatedReason.TOKEN_INVALID;
}

/**
 * Verifies `Authorization: Bearer <token>`: HS256 only, so tokens signed with another
 * algorithm or `alg: none` are refused; then the user and the session must still exist.
 * A refusal says why (UnauthenticatedReason), in GqlAuthGuard.handleRequest.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: Environment,
    private readonly viewers: ViewerSource,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // A KeyObject is accepted by jsonwebtoken, which passport-jwt hands it to as it is.
      secretOrKey: accessTokenKey(env.JWT_SECRET!) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: Partial<AccessTokenPayload>): Promise<Viewer> {
    const { sub: userId, sid: sessionId } = payload;
    if (typeof userId !== 'string' || typeof sessionId !== 'string') {
      throw AppError.unauthenticated(UnauthenticatedReason.TOKEN_INVALID);
    }
    const viewer = await this.viewers.findViewer(userId, sessionId);
    if (viewer) return withTokenScopes(viewer, payload);
    throw AppError.unauthenticated(await this.viewers.refusalOf({ userId, sessionId }));
  }
}
