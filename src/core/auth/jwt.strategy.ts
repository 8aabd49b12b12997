import { Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { Environment } from '../config/environment.js';
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
}

/**
 * Verifies `Authorization: Bearer <token>`: HS256 only, so tokens signed with another
 * algorithm or `alg: none` are refused; then the user and the session must still exist.
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

  async validate(payload: Partial<AccessTokenPayload>): Promise<Viewer | false> {
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return false;
    return (await this.viewers.findViewer(payload.sub, payload.sid)) ?? false;
  }
}
