import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The credentials of an API client, as pure functions: the client_id and secret it is given,
 * the hash the secret is kept as, the check of a presented secret (the current one, or the
 * previous one until its grace ends), and the HTTP Basic header of RFC 6749 2.3.1.
 */

/** RFC 4648 base32 alphabet, lower case: readable, no look-alike punctuation in a client_id. */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `wtk_` and 16 random base32 characters (80 bits): public, but not guessable in sequence. */
export function newClientId(): string {
  const bytes = randomBytes(16);
  let id = 'wtk_';
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

/** 32 random bytes, base64url: 256 bits, shown once. */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret as stored: a random 256-bit secret needs no salt or slow hash. */
export function hashClientSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** What a presented secret is checked against. */
export interface StoredSecrets {
  secretHash: Buffer;
  previousSecretHash: Buffer | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Whether `secret` is the client's: its current secret, or the previous one while its grace
 * lasts. Both hashes are always compared (in constant time), so the time taken says nothing
 * about which one matched or how much of it did.
 */
export function secretMatches(stored: StoredSecrets, secret: string, now = new Date()): boolean {
  const presented = hashClientSecret(secret);
  const current = timingSafeEqual(presented, stored.secretHash);
  const previous =
    stored.previousSecretHash !== null &&
    stored.previousSecretHash.length === presented.length &&
    timingSafeEqual(presented, stored.previousSecretHash);
  const previousValid =
    previous &&
    stored.previousSecretExpiresAt !== null &&
    stored.previousSecretExpiresAt.getTime() > now.getTime();
  return current || previousValid;
}

/**
 * The client_id and secret of an `Authorization: Basic` header: RFC 6749 2.3.1 has each
 * form-urlencoded before the pair is base64-encoded. Null when the header is not Basic or is
 * malformed; undefined when there is no such header.
 */
export function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | null | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (!match) return /^Basic\b/i.test(header.trim()) ? null : undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
