import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import {
  ANONYMOUS_CONNECTION,
  connectionViewer,
  type LiveConnection,
} from '../auth/connection-authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import { Locale } from '../i18n/locale.js';
import { RequestLoaders } from '../loaders/request-loaders.js';

export interface AuthenticatedRequest extends Request {
  /** Set once per request by the auth guard: the viewer, or null when anonymous. */
  viewer?: Viewer | null;
  viewerPromise?: Promise<Viewer | null>;
}

/** The GraphQL context of one request. DataLoaders are fresh per request, never shared. */
export interface RequestContext {
  req: AuthenticatedRequest;
  res?: Response;
  loaders: RequestLoaders;
  /** Subscriptions only: the WebSocket connection's holder and token expiry. */
  live?: LiveConnection;
  /** The city's language (DEFAULT_LOCALE), for readers who chose none: readerLocale. */
  defaultLocale: Locale;
}

/** What graphql-ws passes for an operation on a WebSocket (its `extra` is ours to fill). */
interface WebSocketContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: { live?: LiveConnection; clientAddress?: string; request?: IncomingMessage };
}

/** The key under which onConnect leaves the connection's LiveConnection in `extra`. */
export const LIVE_CONNECTION_KEY = 'live';

export function createRequestContext(
  arg: { req: AuthenticatedRequest; res?: Response } | WebSocketContext,
  defaultLocale: Locale = Locale.KO,
): RequestContext {
  if ('extra' in arg) return createSubscriptionContext(arg, defaultLocale);
  return { req: arg.req, res: arg.res, loaders: new RequestLoaders(), defaultLocale };
}

/**
 * A subscription's context. Its viewer is the connection's, as authenticated when it opened
 * (anonymous once the token has expired); the auth guard reads it from the same place as over
 * HTTP, so @Allow rules hold for subscriptions too.
 */
function createSubscriptionContext(ws: WebSocketContext, defaultLocale: Locale): RequestContext {
  const live = ws.extra.live ?? { ...ANONYMOUS_CONNECTION };
  const viewer = connectionViewer(live);
  // `ip` as over HTTP: the upgrade request's address, as TRUST_PROXY reads it (LiveSockets).
  // Accept-Language: the upgrade request's, so that what a subscription sends (a notification's
  // message) reads in the language its errors do (live-socket-options.ts), as over HTTP.
  const req = {
    headers: { 'accept-language': ws.extra.request?.headers['accept-language'] },
    ip: ws.extra.clientAddress,
    viewer,
    viewerPromise: Promise.resolve(viewer),
  };
  return {
    req: req as unknown as AuthenticatedRequest,
    loaders: new RequestLoaders(),
    live,
    defaultLocale,
  };
}
