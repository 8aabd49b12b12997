import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Express } from 'express';
import type { WebSocket, WebSocketServer } from 'ws';
import { Environment } from '../config/environment.js';
import { AppError } from '../errors/app-error.js';
import { addressKey } from '../rate-limit/client-key.js';
import { RateLimits } from '../rate-limit/rate-limits.js';

/** The close code (RFC 6455 "Try Again Later") of a connection whose client does not read. */
export const CLOSE_NOT_READING = 1013;

/**
 * The open WebSocket connections of this instance, and the limits on them:
 *
 * - a message is at most REQUEST_BODY_LIMIT_KB (ws closes the connection with 1009 past it),
 *   whether it is a connection_init or a subscribe: what an HTTP body may weigh;
 * - at most WS_MAX_CONNECTIONS_PER_IP connections from one address (IPv6 by /64, the address
 *   read as TRUST_PROXY says), refused with HTTP 429 on the upgrade, before ws makes anything
 *   for them; and each upgrade is a request to /graphql for the rate limits (`requests` per
 *   address, as bootstrap.ts counts HTTP requests at the door), 429 with Retry-After past it;
 * - at most WS_MAX_SUBSCRIPTIONS subscriptions in this process (see `reserveSubscription`);
 * - at most WS_MAX_BUFFERED_KB of unread answers per connection (`closeIfNotReading`).
 *
 * And on shutdown, every connection is closed with 1001 "going away": an HTTP server does not
 * finish closing while upgraded sockets stay open, and a client told so reconnects to another
 * instance at once.
 */
@Injectable()
export class LiveSockets implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly open = new Set<WebSocket>();
  /** Open connections by client address key (addressKey): only addresses with one open. */
  private readonly perAddress = new Map<string, number>();
  /** The client address of each admitted upgrade request, for its subscriptions' context. */
  private readonly addresses = new WeakMap<IncomingMessage, string>();
  private subscriptions = 0;

  constructor(
    private readonly env: Environment,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * @nestjs/graphql makes the ws server itself (GqlSubscriptionService) with nothing but its
   * path, and no option of the GraphQL module reaches it: its limits are set here, once the
   * module has started and before the server listens. ws reads these options at every
   * upgrade, as graphql-ws's own useServer relies on when it sets `handleProtocols`.
   */
  onApplicationBootstrap(): void {
    const wss = this.webSocketServer();
    wss.options.maxPayload = this.env.REQUEST_BODY_LIMIT_KB * 1024;
    wss.options.verifyClient = (info, accept) => {
      // The place is taken at once, before the rate limits answer, so that upgrades arriving
      // together cannot all pass the count.
      const address = this.admit(info.req);
      if (address === null) {
        accept(false, 429, 'Too many WebSocket connections from this address.');
        return;
      }
      this.rateLimits.checkRequest(address).then(
        () => accept(true),
        (error: unknown) => {
          const retryAfter = error instanceof AppError ? error.extensions.retryAfter : undefined;
          accept(
            false,
            429,
            'Too many requests from this address.',
            typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : {},
          );
        },
      );
    };
    wss.on('connection', (socket: WebSocket) => {
      this.track(socket);
      // ws answers a protocol-level ping by itself, before anyone is asked: a client that
      // pings and never reads would have the server pile its pongs up without end.
      socket.on('ping', () => this.closeIfNotReading(socket));
      // The socket's 'error' events are the client's protocol errors (a message over the size
      // limit, a bad frame, invalid UTF-8), and ws has already closed the connection with the
      // code that says so (1009, 1002, 1007). graphql-ws would print each to stderr with its
      // stack as an "internal error": as many lines as a client cares to send.
      socket.removeAllListeners('error');
      socket.on('error', () => {});
    });
    // Nest hands an upgrade to ws only when its URL starts with the path, and leaves any other
    // one unanswered, with no 'error' listener: such a socket stayed open, uncounted, for as
    // long as the client liked, and a TCP reset on it crashed the process. Refused here.
    const path = wss.options.path ?? '/graphql';
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      if (!req.url?.startsWith(path)) refuseUpgrade(socket, 404, 'Not Found');
    });
  }

  /** The client address an admitted upgrade came from (as Express's req.ip would say). */
  addressOf(req: IncomingMessage): string | undefined {
    return this.addresses.get(req);
  }

  /** Connections open now from the address key `key` (addressKey), for tests and metrics. */
  connectionsFrom(key: string): number {
    return this.perAddress.get(key) ?? 0;
  }

  /** WebSocket connections open now in this process. */
  get openCount(): number {
    return this.open.size;
  }

  /** Subscriptions running now in this process, on every connection. */
  get subscriptionCount(): number {
    return this.subscriptions;
  }

  /**
   * Takes one of this process's WS_MAX_SUBSCRIPTIONS places for a new subscription: the
   * function that gives it back (once, whatever the number of calls), or null when none is
   * left.
   */
  reserveSubscription(): (() => void) | null {
    if (this.subscriptions >= this.env.WS_MAX_SUBSCRIPTIONS) return null;
    this.subscriptions++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.subscriptions--;
    };
  }

  /**
   * Closes `socket` with 1013 when more than WS_MAX_BUFFERED_KB of what was sent to it is
   * still waiting to be read, so that a client that does not read cannot make the server
   * hold its answers without end: called before anything is sent. Whether it was closed.
   */
  closeIfNotReading(socket: Pick<WebSocket, 'bufferedAmount' | 'readyState' | 'close'>): boolean {
    if (socket.bufferedAmount <= this.env.WS_MAX_BUFFERED_KB * 1024) return false;
    // ws sends the close frame after the data already queued, and destroys the socket when the
    // closing handshake has not finished within its close timeout: the buffer is let go then.
    if (socket.readyState === 1 /* OPEN */) {
      socket.close(CLOSE_NOT_READING, 'Too much unread data: read faster, or reconnect');
    }
    return true;
  }

  /** Closes every connection with 1001 "going away"; their subscriptions end with them. */
  closeAll(): void {
    for (const socket of this.open) socket.close(1001, 'Server shutting down');
    this.open.clear();
  }

  beforeApplicationShutdown(): void {
    this.closeAll();
  }

  private track(socket: WebSocket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  }

  /**
   * Counts an upgrade request against its address: the address, or null when it already has
   * its WS_MAX_CONNECTIONS_PER_IP. The count is given back when the TCP socket closes,
   * whatever happens to the upgrade after this.
   */
  private admit(req: IncomingMessage): string | undefined | null {
    const address = this.clientAddress(req);
    const key = addressKey(address);
    const count = this.perAddress.get(key) ?? 0;
    if (count >= this.env.WS_MAX_CONNECTIONS_PER_IP) return null;
    this.perAddress.set(key, count + 1);
    if (address) this.addresses.set(req, address);
    req.socket.once('close', () => {
      const left = (this.perAddress.get(key) ?? 1) - 1;
      if (left > 0) this.perAddress.set(key, left);
      else this.perAddress.delete(key);
    });
    return address;
  }

  /**
   * The client address of a request that never goes through Express (an upgrade), by
   * Express's own `req.ip`: the socket's address, or X-Forwarded-For as far as the `trust
   * proxy` setting (TRUST_PROXY, set in bootstrap.ts) trusts it.
   */
  private clientAddress(req: IncomingMessage): string | undefined {
    const express = this.adapterHost.httpAdapter.getInstance<Express>();
    const asExpressRequest = Object.create(express.request, {
      headers: { value: req.headers },
      socket: { value: req.socket },
    }) as { ip?: string };
    return asExpressRequest.ip;
  }

  private webSocketServer(): WebSocketServer {
    const graphql = this.moduleRef.get(GraphQLModule, { strict: false });
    // The Apollo driver keeps its GqlSubscriptionService, which keeps the ws server.
    const driver = graphql.graphQlAdapter as unknown as {
      _subscriptionService?: { wss?: WebSocketServer };
    };
    const wss = driver._subscriptionService?.wss;
    if (!wss?.options) {
      throw new Error(
        "The WebSocket server of @nestjs/graphql was not found, so the WebSocket limits cannot be applied: check LiveSockets against the installed @nestjs/apollo's ApolloDriver.",
      );
    }
    return wss;
  }
}

/** Answers an upgrade request with an HTTP error and closes its socket. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  // The HTTP server no longer listens for the socket's errors once it is handed over.
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.once('finish', () => socket.destroy());
}
