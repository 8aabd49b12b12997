import type { IncomingMessage } from 'node:http';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { ConnectionAuthenticator, LiveConnection } from '../auth/connection-authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import type { Environment } from '../config/environment.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { formatWebSocketErrors, type FormatErrorOptions } from '../errors/format-error.js';
import { text } from '../i18n/text.js';
import { chooseLocale } from '../i18n/locale.js';
import { limitError, type QueryLimits } from '../graphql/query-limits.js';
import { LIVE_CONNECTION_KEY } from '../graphql/request-context.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { FanOutGate, gatedSubscribe } from './fan-out.js';
import type { LiveSockets } from './live-sockets.js';

/** What graphql-ws's ws adapter leaves in a connection's `extra`, and what is kept there. */
export interface LiveSocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** The connection's holder (onConnect); read by createRequestContext. */
  [LIVE_CONNECTION_KEY]?: LiveConnection;
  /** The client's address as Express's req.ip reads it; read by createRequestContext. */
  clientAddress?: string;
  /** For each running subscription, the function that gives back its place (LiveSockets). */
  places?: Map<string, () => void>;
}

type LiveContext = Context<Record<string, unknown> | undefined, LiveSocketExtra>;

export interface LiveSocketDependencies {
  env: Environment;
  sockets: LiveSockets;
  authenticator: ConnectionAuthenticator;
  limits: Pick<QueryLimits, 'checkWebSocketOperation'>;
  rateLimits: Pick<RateLimits, 'checkRequest'>;
  /** The served schema, once built. */
  schema: () => GraphQLSchema | undefined;
  /** TRUSTED_DOCUMENTS_ONLY for subscriptions (trusted-document-gate.ts). */
  documents?: {
    admitSubscription(query: unknown, viewer: Viewer | null): Promise<AppError | null>;
  };
  errors: FormatErrorOptions;
}

/** Seconds a client refused for want of room in this process is asked to wait. */
const NO_ROOM_RETRY_AFTER = 30;

/**
 * graphql-ws's options for /graphql: authentication, the limits of the WebSocket, and the
 * error model of HTTP. A connection is authenticated once, from connectionParams.authorization;
 * without a valid token it stays open as anonymous, for public events. Before each operation:
 * its socket's share of subscriptions, the rate limits (a subscribe is a request to /graphql,
 * as an HTTP one is), the query limits of HTTP (subscriptions only, see query-limits.ts), a
 * cost held to WS_MAX_SUBSCRIPTION_COST, and this process's share. Every
 * event then waits for its turn through a FanOutGate. Before anything is sent, a client that
 * does not read what it was sent is let go (LiveSockets.closeIfNotReading).
 */
export function liveSocketOptions(deps: LiveSocketDependencies): GraphQLWsSubscriptionsConfig {
  const { env, sockets, authenticator, limits, rateLimits } = deps;
  // The error options of HTTP (graphql.module.ts), suggestions masked in production included.
  const { errors } = deps;
  // Half the database pool serves live events at most; the other half is left to requests.
  const gate = new FanOutGate(Math.max(1, Math.floor(env.DATABASE_POOL_SIZE / 2)));

  // Errors read in the connection's language: its viewer's choice, else the upgrade request's
  // Accept-Language, else the city's (readerLocale's order).
  const readerErrors = (ctx: LiveContext): FormatErrorOptions => {
    const locale = chooseLocale(
      ctx.extra[LIVE_CONNECTION_KEY]?.viewer?.locale,
      ctx.extra.request?.headers?.['accept-language'],
      env.DEFAULT_LOCALE,
    );
    return { ...errors, localeOf: () => locale };
  };

  const giveBack = (ctx: LiveContext, id: string) => {
    ctx.extra.places?.get(id)?.();
    ctx.extra.places?.delete(id);
  };

  const options: ServerOptions<Record<string, unknown> | undefined, LiveSocketExtra> = {
    subscribe: gatedSubscribe(gate),
    onConnect: async (ctx) => {
      ctx.extra.clientAddress = sockets.addressOf(ctx.extra.request);
      const live = await authenticator.authenticate(ctx.connectionParams);
      ctx.extra[LIVE_CONNECTION_KEY] = live;
      // Accepted either way, as anonymous without a valid token; the acknowledgement tells the
      // client at once why its token was refused, as an UNAUTHENTICATED error would.
      return live.refusal ? { code: ErrorCode.UNAUTHENTICATED, reason: live.refusal } : true;
    },
    onPing: (ctx) => {
      sockets.closeIfNotReading(ctx.extra.socket);
    },
    onSubscribe: async (ctx, id, payload) => {
      // graphql-ws has already entered this one among the connection's subscriptions.
      const running = Object.keys(ctx.subscriptions).length;
      if (running > env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        return [tooManyOnConnection(env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION)];
      }
      try {
        await rateLimits.checkRequest(ctx.extra.clientAddress);
        const refused = await deps.documents?.admitSubscription(
          payload.query,
          ctx.extra[LIVE_CONNECTION_KEY]?.viewer ?? null,
        );
        if (refused) return [refused];
      } catch (error) {
        if (error instanceof AppError) return [error];
        throw error;
      }
      const schema = deps.schema();
      if (!schema) return undefined;
      // Parsed, validated and costed once; graphql-ws then neither parses nor validates.
      const checked = limits.checkWebSocketOperation(schema, payload);
      if (checked.refused) return [...checked.refused];
      const { document, cost } = checked;
      if (cost !== null && cost > env.WS_MAX_SUBSCRIPTION_COST) {
        return [tooCostly(cost, env.WS_MAX_SUBSCRIPTION_COST)];
      }
      // The connection may have closed while the rate limits answered; its places have been
      // given back (onClose), and one taken now would never be.
      if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return [connectionClosed()];
      const giveBackPlace = sockets.reserveSubscription();
      if (!giveBackPlace) return [noRoom()];
      giveBack(ctx, id); // a place an earlier subscription with this id failed to give back
      (ctx.extra.places ??= new Map()).set(id, giveBackPlace);
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
      };
    },
    // The same error model as over HTTP: graphql-ws does not call formatError.
    onNext: (ctx, _id, _payload, _args, result) => {
      sockets.closeIfNotReading(ctx.extra.socket);
      return result.errors
        ? {
            ...result,
            errors: formatWebSocketErrors(result.errors, 'execution', readerErrors(ctx)),
          }
        : undefined;
    },
    // A refused operation, or a stream that failed: either way it holds no place any more.
    onError: (ctx, id, _payload, refusal) => {
      giveBack(ctx, id);
      sockets.closeIfNotReading(ctx.extra.socket);
      return formatWebSocketErrors(refusal, 'validation', readerErrors(ctx));
    },
    onComplete: (ctx, id) => {
      giveBack(ctx, id);
      sockets.closeIfNotReading(ctx.extra.socket);
    },
    // Whatever ended the connection, its subscriptions give their places back.
    onClose: (ctx) => {
      for (const giveBackPlace of ctx.extra.places?.values() ?? []) giveBackPlace();
      ctx.extra.places?.clear();
    },
  };
  // Nest's type names only some of graphql-ws's options; it hands all of them to useServer.
  return options as GraphQLWsSubscriptionsConfig;
}

function tooManyOnConnection(maximum: number): GraphQLError {
  return new AppError(
    ErrorCode.RATE_LIMITED,
    text('error.live.tooManySubscriptions', { maximum }),
    // Not `limit`: that names a query limit (QUERY_TOO_COMPLEX) to the error formatter.
    { maximumSubscriptions: maximum },
  );
}

function tooCostly(cost: number, maximumCost: number): GraphQLError {
  return limitError('cost', text('error.live.subscriptionCost', { cost, maximum: maximumCost }), {
    cost,
    maximumCost,
  });
}

function connectionClosed(): GraphQLError {
  return new GraphQLError('The connection has closed.');
}

function noRoom(): GraphQLError {
  return AppError.serviceUnavailable('error.live.noRoom', NO_ROOM_RETRY_AFTER);
}
