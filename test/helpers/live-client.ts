import type { INestApplication } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A graphql-ws client for the end-to-end tests of subscriptions: the protocol a front end
 * speaks, over a real WebSocket to the app's /graphql, with events queued for the test to take.
 */
export interface LiveClient {
  subscribe(query: string, variables?: Record<string, unknown>): LiveSubscription;
  /** Resolves with the close code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface LiveSubscription {
  /** The next result (data or errors), or a failure after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ExecutionResult<any>>;
  /** Fails when a result arrives within `ms`. */
  expectSilence(ms?: number): Promise<void>;
  /** Resolves when the server completes the subscription (or fails it with an error). */
  ended: Promise<{ error?: unknown }>;
  unsubscribe(): void;
}

/** The app listening on a free port, and its ws:// URL (the HTTP server serves both). */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `ws://127.0.0.1:${address.port}/graphql`;
}

/** `headers` are sent with the upgrade request (Accept-Language...). */
export function connectLive(
  url: string,
  connectionParams?: Record<string, unknown>,
  headers?: Record<string, string>,
): LiveClient {
  let resolveClosed!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));
  const client: Client = createClient({
    url,
    webSocketImpl: headers
      ? class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers });
          }
        }
      : WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: {
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        resolveClosed({ code: e.code ?? 0, reason: String(e.reason ?? '') });
      },
    },
  });
  return {
    closed,
    subscribe(query, variables) {
      return subscription(client, query, variables);
    },
    async close() {
      await client.dispose();
    },
  };
}

function subscription(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): LiveSubscription {
  const queue: ExecutionResult<any>[] = [];
  const waiters: ((r: ExecutionResult<any>) => void)[] = [];
  let resolveEnded!: (v: { error?: unknown }) => void;
  const ended = new Promise<{ error?: unknown }>((r) => (resolveEnded = r));
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        const waiter = waiters.shift();
        if (waiter) waiter(result as ExecutionResult<any>);
        else queue.push(result as ExecutionResult<any>);
      },
      error: (error) => resolveEnded({ error }),
      complete: () => resolveEnded({}),
    },
  );
  return {
    ended,
    unsubscribe,
    next(timeoutMs = 5000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (r: ExecutionResult<any>) => {
          clearTimeout(timer);
          resolve(r);
        };
        waiters.push(waiter);
      });
    },
    async expectSilence(ms = 400) {
      await new Promise((r) => setTimeout(r, ms));
      if (queue.length) throw new Error(`expected no event, got ${JSON.stringify(queue[0])}`);
    },
  };
}

/**
 * Waits until `count` subscribers listen on a live channel of `app` (LiveChannel names it), so
 * a test triggers an event only once the subscription is really in place. Reads the pub/sub
 * engine's own bookkeeping: the in-process PubSub's emitter, or RedisPubSub's confirmed
 * Redis subscriptions.
 */
export async function waitForSubscribers(
  app: INestApplication,
  channel: string,
  count = 1,
  timeoutMs = 5000,
): Promise<void> {
  const engine = app.get(PubSubEngine) as unknown as {
    ee?: { listenerCount(name: string): number };
    subsRefsMap?: Map<string, Set<number>>;
  };
  const current = () =>
    engine.subsRefsMap
      ? (engine.subsRefsMap.get(channel)?.size ?? 0)
      : (engine.ee?.listenerCount(channel) ?? 0);
  const deadline = Date.now() + timeoutMs;
  while (current() < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `${channel}: ${current()} subscribers after ${timeoutMs} ms, wanted ${count}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * How many subscribers listen on a live channel of `app` right now, read from the pub/sub
 * engine as waitForSubscribers reads it: 0 once every subscription on it has ended.
 */
export function subscriberCount(app: INestApplication, channel: string): number {
  const engine = app.get(PubSubEngine) as unknown as {
    ee?: { listenerCount(name: string): number };
    subsRefsMap?: Map<string, Set<number>>;
  };
  return engine.subsRefsMap
    ? (engine.subsRefsMap.get(channel)?.size ?? 0)
    : (engine.ee?.listenerCount(channel) ?? 0);
}
