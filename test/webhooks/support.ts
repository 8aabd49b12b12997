import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  createApiClientRow,
  type TestApiClient,
} from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { WebhookDeliverer } from '../../src/webhooks/webhook-deliverer.js';
import type { GraphqlResponse, TestApp } from '../helpers/test-app.js';

/** One request as the receiver read it. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver in this process (node:http on 127.0.0.1): it records every request and
 * answers with the status `respond` gives it (204 unless told otherwise). It counts
 * connections, so a test can prove that nothing even connected.
 */
export class TestReceiver {
  readonly received: Received[] = [];
  connections = 0;
  respond: (request: Received) => number = () => 204;
  private server: Server | null = null;
  port = 0;

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.received.push(request);
        res.statusCode = this.respond(request);
        // Followed, a redirect would be a second request, to /elsewhere.
        if (res.statusCode >= 300 && res.statusCode < 400) res.setHeader('location', '/elsewhere');
        res.end('ok');
      });
    });
    server.on('connection', () => {
      this.connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  reset(): void {
    this.received.length = 0;
    this.connections = 0;
    this.respond = () => 204;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * What a receiver does to trust a request, exactly as the guide (docs/clients.md, "Verify a
 * signature") writes it: HMAC-SHA256, keyed with the bytes after `whsec_`, over
 * `id.timestamp.body`, compared in constant time with each `v1,` signature of the header; a
 * timestamp more than five minutes off is refused.
 */
export function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const id = headers['webhook-id'] as string;
  const timestamp = headers['webhook-timestamp'] as string;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // replayed or stale
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return (headers['webhook-signature'] as string).split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export const deliverer = (t: TestApp) => t.app.get(WebhookDeliverer);

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) {
  secret subscription { id url events active pausedReason createdAt } } }`;

export const WEBHOOKS = `query($first: Int, $after: String) { webhooks { id url events active pausedReason
  deliveries(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id eventId eventType state createdAt attempts { at durationMs responseStatus error } } } } }`;

/** A client with the READ and WEBHOOKS scopes. */
export function webhookClient(t: TestApp): Promise<TestApiClient> {
  return createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ, ApiScope.WEBHOOKS] });
}

/** Subscribes `url` for `client`, failing loudly; the subscription's global id and its secret. */
export async function subscribe(
  t: TestApp,
  client: TestApiClient,
  url: string,
  events: string[],
): Promise<{ id: string; secret: string }> {
  const res: GraphqlResponse = await t.gql(
    CREATE_WEBHOOK,
    { input: { url, events } },
    client.token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.createWebhook.subscription.id, secret: res.data.createWebhook.secret };
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  subject_id: string;
  state: string;
  attempt_count: number;
  payload: Record<string, any>;
  next_attempt_at: Date;
}

/** The deliveries of a client's subscriptions, in the order they were written. */
export function deliveriesOf(t: TestApp, client: TestApiClient): Promise<DeliveryRow[]> {
  return t.db.query(
    `SELECT d.id, d.event_id, d.event_type, d.subject_id, d.state, d.attempt_count, d.payload,
            d.next_attempt_at
       FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
      WHERE s.api_client_id = $1 ORDER BY d.seq`,
    [client.client.id],
  );
}

/** A clock for the deliverer: starts a second from now and only moves when told. */
export class DeliveryClock {
  private at = Date.now() + 1_000;
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}
