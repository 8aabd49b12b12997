import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { RequestContext } from '../graphql/request-context.js';
import { addressKey } from '../rate-limit/client-key.js';

/** What a GraphQL request adds to its log line, left on the request by requestLogPlugin. */
interface GraphqlOutcome {
  operation: string | null;
  outcome: string;
}

const GRAPHQL_OUTCOME = Symbol('graphqlOutcome');

/** The request as Express and the auth guard leave it. */
export type LoggedRequest = IncomingMessage & {
  originalUrl?: string;
  ip?: string;
  viewer?: Viewer | null;
  [GRAPHQL_OUTCOME]?: GraphqlOutcome;
};

/** The one line written for each request (beside `reqId`, which the logger binds). */
export interface RequestLine {
  method: string | undefined;
  url: string;
  status: number;
  ms: number;
  /** The operation's name, or its type and first root field when it has none. */
  operation?: string | null;
  /** OK, or the error code that sums the answer up (requestOutcome). */
  outcome?: string;
  /** Who the rate limits count it against: `user:<id>` when signed in, else `ip:<address>`. */
  client: string;
  userAgent?: string;
}

const SERVER_FAULTS = [ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.SERVICE_UNAVAILABLE] as string[];
const MAX_TEXT = 200;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

/**
 * The code that sums up an answer's errors: OK without any; a server fault when there is one
 * among them (it decides the line's level), else the first error's code.
 */
export function requestOutcome(codes: readonly (string | undefined)[]): string {
  if (codes.length === 0) return 'OK';
  return (
    SERVER_FAULTS.find((fault) => codes.includes(fault)) ??
    codes[0] ??
    ErrorCode.INTERNAL_SERVER_ERROR
  );
}

/**
 * The level of a request's line. A client's mistake (BAD_USER_INPUT, UNAUTHENTICATED,
 * FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, QUERY_TOO_COMPLEX, a document that does not
 * parse, a 4xx) is the API doing its job: info, like a success. A service too busy or without
 * its database is a warning; a fault of the server an error (its stack is on the line the
 * error formatter writes, with the same reqId).
 */
export function requestLogLevel(
  status: number,
  outcome: string | undefined,
): 'info' | 'warn' | 'error' {
  if (outcome === ErrorCode.SERVICE_UNAVAILABLE || status === 503) return 'warn';
  if (outcome === ErrorCode.INTERNAL_SERVER_ERROR || status >= 500) return 'error';
  return 'info';
}

/** `ProposalList`, or `query departments` (+1 when there are more root fields). */
function operationLabel(
  name: string | null | undefined,
  operation: OperationDefinitionNode | undefined,
): string | null {
  if (name) return clip(name);
  if (!operation) return null;
  const fields = operation.selectionSet.selections.flatMap((s) =>
    s.kind === 'Field' ? [s.name.value] : [],
  );
  const more = fields.length > 1 ? ` +${fields.length - 1}` : '';
  return fields.length ? `${operation.operation} ${fields[0]}${more}` : operation.operation;
}

/** Leaves each GraphQL request's operation and outcome on it, for its log line. */
export const requestLogPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ contextValue }) {
    return {
      async willSendResponse({ response, operationName, operation, request }) {
        const errors: readonly GraphQLFormattedError[] =
          response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        (contextValue.req as LoggedRequest)[GRAPHQL_OUTCOME] = {
          operation: operationLabel(operationName ?? request.operationName, operation),
          outcome: requestOutcome(
            errors.map((e) =>
              typeof e.extensions?.code === 'string' ? e.extensions.code : undefined,
            ),
          ),
        };
      },
    };
  },
};

export function requestOutcomeOf(req: LoggedRequest): string | undefined {
  return req[GRAPHQL_OUTCOME]?.outcome;
}

/**
 * A request's line: what happened, to whom, how fast; no headers (they hold credentials and
 * cookies, and made every line a screenful) but the user agent. The query string is left out:
 * a GET to /graphql carries its whole document there, credentials included.
 */
export function requestLine(req: LoggedRequest, res: ServerResponse, ms: number): RequestLine {
  const url = req.originalUrl ?? req.url ?? '';
  const graphql = req[GRAPHQL_OUTCOME];
  const userAgent = req.headers['user-agent'];
  return {
    method: req.method,
    url: clip(url.split('?')[0]!),
    status: res.statusCode,
    ms,
    ...(graphql ? { operation: graphql.operation, outcome: graphql.outcome } : {}),
    client: req.viewer ? `user:${req.viewer.id}` : `ip:${addressKey(req.ip)}`,
    ...(userAgent ? { userAgent: clip(userAgent) } : {}),
  };
}

/** `POST /graphql 200 FORBIDDEN`: the line's message, for readers of the pretty output. */
export function requestMessage(line: RequestLine): string {
  return [line.method, line.url, line.status, line.outcome].filter(Boolean).join(' ');
}
