import { isIPv4, isIPv6 } from 'node:net';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { bearerToken } from '../auth/jwt.strategy.js';

/**
 * Who "one client" is for the budgets: the signed-in user when the request carries a validly
 * signed access token (`client:` when it is an API client's, whose budget may be its own:
 * src/api-clients), else its network address. The address of an IPv6 client is its /64:
 * one home or one server gets a whole /64 and can pick any address in it, so counting single
 * addresses would hand it 2^64 allowances.
 */
export type ClientKey = `user:${string}` | `client:${string}` | `ip:${string}`;

/** The address as the limits count it: IPv4 as it is, IPv6 by its first 64 bits. */
export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return 'unknown';
  return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, expanded and without a zone. */
function ipv6Groups(ip: string): string[] {
  const bare = ip.split('%')[0]!.toLowerCase();
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 forms other than the mapped one) is two groups.
  const last = right.length ? right : left;
  const v4 = last.length && isIPv4(last[last.length - 1]!) ? last.pop()! : null;
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) =>
    (parseInt(g, 16) || 0).toString(16),
  );
}

/**
 * The client of an HTTP request. The token's signature is checked (HS256, the same key as
 * the auth guard), not its session: a forged `sub` cannot pick someone else's budget, and a
 * logged-out token still counts for the user it names until it expires.
 */
export function clientKeyOf(
  req: { headers: { authorization?: string }; ip?: string },
  key: KeyObject,
): ClientKey {
  const token = bearerToken(req);
  if (token) {
    try {
      const payload = jwt.verify(token, key, { algorithms: ['HS256'] });
      if (
        typeof payload === 'object' &&
        typeof payload.sub === 'string' &&
        payload.sub.length <= 64
      )
        // Only API clients' tokens carry a scope claim (jwt.strategy.ts, AccessTokenPayload).
        return typeof payload.scope === 'string' ? `client:${payload.sub}` : `user:${payload.sub}`;
    } catch {
      // An invalid token is answered UNAUTHENTICATED by the guard; it counts as its address.
    }
  }
  return `ip:${addressKey(req.ip)}`;
}
