import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { webhookLookup } from './webhook-address.js';

/** How long a receiver has to answer (connection and response headers). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is read of a receiver's answer at most: only its status matters. */
const RESPONSE_BYTES = 4096;

/** What became of one POST: the receiver's status, or why none came. */
export type SendResult = { status: number; error: null } | { status: null; error: string };

/**
 * POSTs one signed body. No redirect is followed (a 3xx is a failure like any non-2xx: a
 * redirect could lead anywhere, past the address check), no connection is kept or shared, and
 * the connection goes through webhookLookup, so it reaches only an address that was checked.
 */
export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  allowPrivate: boolean,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<SendResult> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: SendResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: webhookLookup(allowPrivate),
        agent: false,
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_BYTES) res.destroy();
        });
        res.on('error', () => {});
        // The status is the answer; the body is drained (up to RESPONSE_BYTES) and dropped.
        res.on('close', () => clearTimeout(timer));
        settle({ status: res.statusCode ?? 0, error: null });
      },
    );
    // One deadline for the whole exchange: a receiver that answers slowly, or trickles its
    // body, is cut off.
    const timer = setTimeout(() => {
      settle({ status: null, error: `no answer within ${timeoutMs / 1000} s` });
      req.destroy();
    }, timeoutMs);
    timer.unref();
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      settle({ status: null, error: [error.code, error.message].filter(Boolean).join(' ') });
    });
    req.end(body);
  });
}
