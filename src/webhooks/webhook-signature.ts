import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` and the
 * base64 of random bytes; a request is signed with HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * keyed with those bytes, sent as `webhook-signature: v1,<base64 digest>`. A receiver verifies
 * it in a few lines (docs/clients.md), with any Standard Webhooks library or without one.
 */
export const SECRET_PREFIX = 'whsec_';

/** 32 random bytes: the scheme asks for 24 to 64. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The `webhook-signature` header's value for one request. */
export function signWebhook(
  secret: string,
  eventId: string,
  timestamp: number,
  body: string,
): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const digest = createHmac('sha256', key).update(`${eventId}.${timestamp}.${body}`).digest();
  return `v1,${digest.toString('base64')}`;
}
