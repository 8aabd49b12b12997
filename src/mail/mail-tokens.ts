import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotificationKind } from '../notifications/notification-kind.js';

/**
 * The tokens mails carry, so that a person can act on a mail without logging in: prove their
 * address (verifyEmail) or stop a kind of mail (unsubscribe). Signed with a key derived from
 * JWT_SECRET (HMAC-SHA256), so nothing is stored per mail, and nobody can make one for someone
 * else. A verification token names the address it proves and expires; an unsubscribe link
 * never does (RFC 8058 asks that it keep working).
 */
export type MailToken =
  | { purpose: 'unsubscribe'; userId: string; kind: NotificationKind | 'ALL' }
  | { purpose: 'verify'; userId: string; email: string; expiresAt: Date };

/** No token we make is longer; anything longer is refused before it is decoded. */
export const MAIL_TOKEN_MAX_CHARS = 600;

/** How long a verification link works. */
export const VERIFICATION_TOKEN_DAYS = 7;

export class MailTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    // A key of its own: a mail token is never an access token, whatever its bytes.
    this.key = createHmac('sha256', secret).update('wontak mail tokens v1').digest();
  }

  sign(token: MailToken): string {
    const claims =
      token.purpose === 'unsubscribe'
        ? { p: 'u', u: token.userId, k: token.kind }
        : {
            p: 'v',
            u: token.userId,
            e: token.email,
            x: Math.floor(token.expiresAt.getTime() / 1000),
          };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /**
   * The token's claims when it is ours and well formed; null otherwise (forged, altered,
   * truncated, junk). Expiry is the caller's to judge, on its own clock.
   */
  verify(text: string): MailToken | null {
    if (typeof text !== 'string' || text.length > MAIL_TOKEN_MAX_CHARS) return null;
    const [body, mac, ...rest] = text.split('.');
    if (!body || !mac || rest.length) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return null;
    }
    if (typeof claims.u !== 'string') return null;
    if (claims.p === 'u' && (claims.k === 'ALL' || isKind(claims.k)))
      return { purpose: 'unsubscribe', userId: claims.u, kind: claims.k };
    if (claims.p === 'v' && typeof claims.e === 'string' && Number.isInteger(claims.x))
      return {
        purpose: 'verify',
        userId: claims.u,
        email: claims.e,
        expiresAt: new Date((claims.x as number) * 1000),
      };
    return null;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function isKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && Object.hasOwn(NotificationKind, value);
}
