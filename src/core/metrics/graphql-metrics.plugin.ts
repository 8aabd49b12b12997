import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { performance } from 'node:perf_hooks';
import { ErrorCode } from '../errors/error-codes.js';
import type { Metrics } from './metrics.js';
import { INVALID_DOCUMENT } from './operation-names.js';

/** The outcome of an operation that answered without errors. */
export const OUTCOME_OK = 'OK';

/** The codes a client can see (format-error.ts lets no other through); anything else is OTHER. */
const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  ...Object.values(ApolloServerErrorCode),
]);

/** The outcome label of an answer: OK, or the code of its first error. */
export function outcomeOf(errors: readonly { extensions?: { code?: unknown } }[] | undefined) {
  if (!errors?.length) return OUTCOME_OK;
  const code = errors[0].extensions?.code;
  return typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER';
}

/**
 * Counts every GraphQL operation over HTTP by name, type and outcome, and times it, once its
 * answer (with the errors as the client sees them) is ready. O(1) per request: a set lookup
 * for the name's label and two metric updates.
 */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, response }) {
          const operationLabel = operation
            ? metrics.operationNames.labelFor(operation.name?.value)
            : INVALID_DOCUMENT;
          const type = operation?.operation ?? 'none';
          const errors =
            response.body.kind === 'single'
              ? response.body.singleResult.errors
              : response.body.initialResult.errors;
          metrics.graphqlRequests.inc({ operation: operationLabel, type, code: outcomeOf(errors) });
          metrics.graphqlDuration.observe(
            { operation: operationLabel, type },
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
