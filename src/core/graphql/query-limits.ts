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
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Environment } from '../config/environment.js';
import { ErrorCode } from '../errors/error-codes.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './relay/connection.args.js';

/**
 * The query limits of the contract README (depth, aliases, tokens, directives, cost), one place
 * for HTTP and WebSocket. Every refusal is QUERY_TOO_COMPLEX with `extensions.limit` naming the
 * limit (`depth`, `aliases`, `directives`, `tokens`, `cost`), before anything is executed.
 *
 * Depth, aliases and directives are graphql-armor's validation rules. Tokens are counted by
 * graphql-js's own parser (`maxTokens`). Cost is graphql-query-complexity, with variables, so
 * `first: $n` counts as what it asks for.
 */
export interface QueryLimits {
  /** For Apollo: plugins (cost, field suggestions) and validation rules. */
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  /**
   * For graphql-ws, which parses and validates on its own: the same limits for an operation sent
   * over the WebSocket, and only subscriptions there (queries and mutations go over HTTP, where
   * CSRF prevention and the rate limits stand). The errors that refuse it, or none.
   */
  checkWebSocketOperation(
    schema: GraphQLSchema,
    payload: {
      query: string;
      operationName?: string | null;
      variables?: Record<string, unknown> | null;
    },
  ): readonly GraphQLError[];
}

/** The error of a refused document; `limit` says which limit, `code` is set by the formatter. */
export function limitError(limit: string, message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, ...extra, http: { status: 400 } },
  });
}

/**
 * What a field costs: 1, plus what it selects, times `first` on paginated fields (the default
 * page when `first` is omitted). A page of 20 proposals with 10 fields each costs about 220.
 */
export const pagedEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (!field.args.some((arg) => arg.name === 'first')) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  // A refused size (negative, over the maximum) loads nothing: the argument check answers it
  // with BAD_USER_INPUT, which says more than a cost would.
  const size = Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE ? first : 1;
  return 1 + childComplexity * size;
};

export function queryLimits(env: Environment): QueryLimits {
  const reject = (limit: string) => [
    (ctx: ValidationContext | null, error: GraphQLError) =>
      ctx?.reportError(limitError(limit, error.message)),
  ];
  const armor = new ApolloArmor({
    // "Did you mean ...?" maps the schema for a scraper; off in production.
    blockFieldSuggestion: { enabled: env.isProduction },
    // Armor's cost counts no list sizes; graphql-query-complexity below does.
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

  const estimators = [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })];
  const computeCost = (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | null | undefined,
    operationName?: string | null,
  ): number | null => {
    try {
      const operations = separateOperations(document);
      const chosen = operationName ? operations[operationName] : Object.values(operations)[0];
      return getComplexity({
        schema,
        query: chosen ?? document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators,
      });
    } catch {
      return null; // bad variables: the execution answers with BAD_USER_INPUT
    }
  };
  // Apollo hands the same DocumentNode for the same query text (its parsed-document cache), so
  // a cost is remembered per document and variables: the walk over the document is done once
  // per distinct request, not on every request (npm run bench, issue 8).
  const costCache = new WeakMap<DocumentNode, Map<string, number | null>>();
  const COSTS_PER_DOCUMENT = 256;
  const costError = (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | null | undefined,
    operationName?: string | null,
  ): GraphQLError | null => {
    let key: string | null;
    try {
      key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    } catch {
      key = null; // variables too deep to serialise: not remembered (they fail coercion anyway)
    }
    let costs = costCache.get(document);
    if (!costs) costCache.set(document, (costs = new Map()));
    let cost = key === null ? undefined : costs.get(key);
    if (cost === undefined) {
      cost = computeCost(schema, document, variables, operationName);
      if (costs.size >= COSTS_PER_DOCUMENT) costs.clear();
      if (key !== null) costs.set(key, cost);
    }
    if (cost === null || cost <= env.GRAPHQL_MAX_COST) return null;
    return limitError(
      'cost',
      `This operation costs ${cost}, more than the ${env.GRAPHQL_MAX_COST} allowed: ask for smaller pages or fewer nested lists.`,
      { cost, maximumCost: env.GRAPHQL_MAX_COST },
    );
  };

  const costPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema }) {
          const error = costError(schema, document, request.variables, request.operationName);
          if (error) throw error;
        },
      };
    },
  };

  return {
    // armor's types name Apollo's CommonJS build; the plugin objects are the same at run time.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), costPlugin],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: env.GRAPHQL_MAX_TOKENS },
    checkWebSocketOperation(schema, payload) {
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: env.GRAPHQL_MAX_TOKENS });
      } catch (error) {
        const message = error instanceof Error ? error.message : 'The document does not parse.';
        return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
      }
      const invalid = validate(schema, document, [...specifiedRules, ...armor.validationRules]);
      if (invalid.length) return invalid;
      const operation = getOperationAST(document, payload.operationName);
      if (operation && operation.operation !== 'subscription') {
        return [
          new GraphQLError(
            'Only subscriptions are served over the WebSocket: send queries and mutations over HTTP.',
            { extensions: { code: ErrorCode.BAD_USER_INPUT } },
          ),
        ];
      }
      const tooCostly = costError(schema, document, payload.variables, payload.operationName);
      return tooCostly ? [tooCostly] : [];
    },
  };
}
