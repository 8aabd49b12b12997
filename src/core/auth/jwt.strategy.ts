import { Injectable } from '@nestjs/common';
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
      secretOrKey: env.JWT_SECRET!,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: Partial<AccessTokenPayload>): Promise<Viewer | false> {
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return false;
    return (await this.viewers.findViewer(payload.sub, payload.sid)) ?? false;
  }
}
