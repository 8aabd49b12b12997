import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getOperationAST,
  GraphQLError,
  parse,
  separateOperations,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { KeyObject } from 'node:crypto';
import type { Environment } from '../config/environment.js';
import { ErrorCode } from '../errors/error-codes.js';
import { AppError } from '../errors/app-error.js';
import { text, type Text } from '../i18n/text.js';
import { clientKeyOf, type ClientKey } from '../rate-limit/client-key.js';
import { OperationGate } from '../rate-limit/operation-gate.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { costEstimator } from './cost-model.js';
import type { RequestContext } from './request-context.js';

/**
 * The query limits of the contract README (depth, aliases, tokens, directives, cost), one place
 * for HTTP and WebSocket. Every refusal is QUERY_TOO_COMPLEX with `extensions.limit` naming the
 * limit (`depth`, `aliases`, `directives`, `tokens`, `cost`), before anything is executed.
 *
 * Depth, aliases and directives are graphql-armor's validation rules. Tokens are counted by
 * graphql-js's own parser (`maxTokens`). Cost is graphql-query-complexity walking the document
 * with cost-model.ts's estimator and the variables, so `first: $n` counts as what it asks for;
 * the same plugin then charges the cost to the client's budget and waits for room in the
 * process (operation-gate.ts) before anything runs.
 */
export interface QueryLimits {
  /** For Apollo: plugins (cost, field suggestions) and validation rules. */
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  /**
   * For graphql-ws, which parses and validates on its own: the same limits for an operation sent
   * over the WebSocket, and only subscriptions there (queries and mutations go over HTTP, where
   * CSRF prevention and the rate limits stand). The errors that refuse it, or the parsed
   * document and its cost, for graphql-ws to execute and the socket's own limits to weigh.
   */
  checkWebSocketOperation(
    schema: GraphQLSchema,
    payload: {
      query: string;
      operationName?: string | null;
      variables?: Record<string, unknown> | null;
    },
  ): WebSocketOperationCheck;
}

export type WebSocketOperationCheck =
  | { refused: readonly GraphQLError[] }
  | { refused: null; document: DocumentNode; cost: number | null };

/** The error of a refused document; `limit` says which limit, `code` is set by the formatter. */
export function limitError(
  limit: string,
  message: Text,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new AppError(ErrorCode.QUERY_TOO_COMPLEX, message, {
    limit,
    ...extra,
    http: { status: 400 },
  });
}

/** graphql-armor's limits, whose sentences state the maximum and what was found. */
const ARMOR_LIMITS = {
  depth: 'error.queryLimit.depth',
  aliases: 'error.queryLimit.aliases',
  directives: 'error.queryLimit.directives',
} as const;
const ARMOR_FOUND = /limit of (\d+) exceeded, found (\d+)/;

/** A refusal by graphql-armor, its sentence read into our catalogue's (same English words). */
function armorLimitError(limit: keyof typeof ARMOR_LIMITS, error: GraphQLError): GraphQLError {
  const [, maximum = '?', found = '?'] = ARMOR_FOUND.exec(error.message) ?? [];
  return limitError(limit, text(ARMOR_LIMITS[limit], { maximum, found }));
}

export interface QueryBudgets {
  rateLimits: RateLimits;
  /** The access tokens' key, to tell which user a request is from (client-key.ts). */
  tokenKey: KeyObject;
}

export function queryLimits(env: Environment, budgets?: QueryBudgets): QueryLimits {
  const reject = (limit: keyof typeof ARMOR_LIMITS) => [
    (ctx: ValidationContext | null, error: GraphQLError) =>
      ctx?.reportError(armorLimitError(limit, error)),
  ];
  const armor = new ApolloArmor({
    // "Did you mean ...?" maps the schema for a scraper; off in production.
    blockFieldSuggestion: { enabled: env.isProduction },
    // Armor's cost counts no list sizes; cost-model.ts does.
    costLimit: { enabled: false },
    // graphql-js's parser counts tokens (parseOptions); armor's plugin would answer 500.
    maxTokens: { enabled: false },
    maxDepth: {
      n: env.GRAPHQL_MAX_DEPTH,
      onReject: reject('depth'),
      propagateOnRejection: false,
    },
    maxAliases: {
      n: env.GRAPHQL_MAX_ALIASES,
      onReject: reject('aliases'),
      propagateOnRejection: false,
    },
    maxDirectives: {
      n: env.GRAPHQL_MAX_DIRECTIVES,
      onReject: reject('directives'),
      propagateOnRejection: false,
    },
  }).protect();

  const costs = new OperationCosts();
  const costError = (cost: number | null): GraphQLError | null => {
    if (cost === null || cost <= env.GRAPHQL_MAX_COST) return null;
    return limitError(
      'cost',
      text('error.queryLimit.cost', { cost, maximum: env.GRAPHQL_MAX_COST }),
      { cost, maximumCost: env.GRAPHQL_MAX_COST },
    );
  };

  const gate = new OperationGate({
    costInFlight: env.GRAPHQL_COST_IN_FLIGHT,
    queueMs: env.GRAPHQL_COST_QUEUE_MS,
    expensiveCost: env.GRAPHQL_EXPENSIVE_COST,
    expensivePerClient: budgets?.rateLimits.enabled ? env.GRAPHQL_EXPENSIVE_PER_CLIENT : null,
  });

  // Before an operation runs: its cost within the limit, charged to its client's budget, and
  // room for it in this process (operation-gate.ts); the room is given back with the answer.
  const costPlugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart({ contextValue }) {
      let release: (() => void) | undefined;
      return {
        async didResolveOperation({ document, request, schema }) {
          const cost = costs.of(schema, document, request.variables, request.operationName);
          const tooCostly = costError(cost);
          if (tooCostly) throw tooCostly;
          if (!budgets) return;
          // With the rate limits off only the room in flight counts, whoever the client is.
          const client = budgets.rateLimits.enabled
            ? clientKeyOf(contextValue.req, budgets.tokenKey)
            : ANYONE;
          try {
            release = await gate.admit(client, cost ?? 1, () =>
              budgets.rateLimits.chargeCost(client, cost ?? 1),
            );
          } catch (error) {
            throw withHttpStatus(error);
          }
        },
        async willSendResponse() {
          release?.();
        },
      };
    },
  };

  return {
    // armor's types name Apollo's CommonJS build; the plugin objects are the same at run time.
    plugins: [
      ...(armor.plugins as unknown as ApolloServerPlugin[]),
      costPlugin as ApolloServerPlugin,
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: env.GRAPHQL_MAX_TOKENS },
    checkWebSocketOperation(schema, payload) {
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: env.GRAPHQL_MAX_TOKENS });
      } catch (error) {
        const message = error instanceof Error ? error.message : 'The document does not parse.';
        return {
          refused: [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })],
        };
      }
      const invalid = validate(schema, document, [...specifiedRules, ...armor.validationRules]);
      if (invalid.length) return { refused: invalid };
      const operation = getOperationAST(document, payload.operationName);
      if (operation && operation.operation !== 'subscription') {
        return {
          refused: [
            new GraphQLError(
              'Only subscriptions are served over the WebSocket: send queries and mutations over HTTP.',
              { extensions: { code: ErrorCode.BAD_USER_INPUT } },
            ),
          ],
        };
      }
      // Not remembered: a document parsed here is new every time, so it would never be found
      // again in the cost memory, only push out what HTTP requests put there.
      const cost = computeCost(schema, document, payload.variables, payload.operationName);
      const tooCostly = costError(cost);
      return tooCostly ? { refused: [tooCostly] } : { refused: null, document, cost };
    },
  };
}

/**
 * A refusal before execution is answered with an HTTP status of its own (Apollo would say 500):
 * 429 with Retry-After for RATE_LIMITED, 503 with Retry-After for SERVICE_UNAVAILABLE.
 */
function withHttpStatus(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const status =
    error.code === ErrorCode.RATE_LIMITED
      ? 429
      : error.code === ErrorCode.SERVICE_UNAVAILABLE
        ? 503
        : null;
  if (status === null) return error;
  const { retryAfter } = error.extensions as { retryAfter?: number };
  return error.withExtensions({
    http: {
      status,
      headers: new Map(retryAfter ? [['retry-after', String(retryAfter)]] : []),
    },
  });
}

/**
 * The costs of operations, remembered so that the walk over a document is done once per
 * distinct request (npm run bench, issue 8), in memory that is bounded whatever clients send:
 * at most COST_ENTRIES entries, each keyed by a number given to the document (Apollo's
 * document store hands the same DocumentNode for the same text) and by the operation name and
 * variables only when those are short. Long variables are costed afresh every time.
 */
class OperationCosts {
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;
  /** Insertion-ordered: the oldest entry goes first when full. */
  private readonly remembered = new Map<string, number | null>();

  of(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | null | undefined,
    operationName?: string | null,
  ): number | null {
    const key = this.keyOf(document, variables, operationName);
    if (key !== null && this.remembered.has(key)) return this.remembered.get(key)!;
    const cost = computeCost(schema, document, variables, operationName);
    if (key !== null) {
      if (this.remembered.size >= COST_ENTRIES)
        this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(key, cost);
    }
    return cost;
  }

  private keyOf(
    document: DocumentNode,
    variables: Record<string, unknown> | null | undefined,
    operationName?: string | null,
  ): string | null {
    let id = this.documentIds.get(document);
    if (id === undefined) this.documentIds.set(document, (id = this.nextDocumentId++));
    let serialized: string;
    try {
      serialized = JSON.stringify(variables ?? {});
    } catch {
      return null; // variables too deep to serialise (they fail coercion anyway)
    }
    const key = `${id}\u0000${operationName ?? ''}\u0000${serialized}`;
    return key.length <= COST_KEY_CHARS ? key : null;
  }
}

/** The client of every operation while the rate limits are off. */
const ANYONE: ClientKey = 'ip:any';

/** Entries of the cost memory, and the longest key it keeps: about 5 MB at the most. */
const COST_ENTRIES = 10_000;
const COST_KEY_CHARS = 256;

/** The cost of the chosen operation (cost-model.ts), or null for bad variables. */
function computeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName?: string | null,
): number | null {
  try {
    const operations = separateOperations(document);
    const chosen = operationName ? operations[operationName] : Object.values(operations)[0];
    return getComplexity({
      schema,
      query: chosen ?? document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [costEstimator],
    });
  } catch {
    return null; // bad variables: the execution answers with BAD_USER_INPUT
  }
}
