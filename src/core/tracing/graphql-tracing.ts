import type { ApolloServerPlugin } from '@apollo/server';
import { Inject, Injectable } from '@nestjs/common';
import type { GqlModuleOptions } from '@nestjs/graphql';
import { context, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { isScalarType, responsePathAsArray, type GraphQLFieldResolver } from 'graphql';
import { AppError } from '../errors/app-error.js';
import { OUTCOME_OK, outcomeOf } from '../metrics/graphql-metrics.plugin.js';
import { requestTraceOf } from './request-trace.js';
import { TRACER } from './tracer-token.js';

// The GraphQL semantic conventions are still incubating: their names, kept here.
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_FIELD_NAME = 'graphql.field.name';
export const ATTR_GRAPHQL_FIELD_PATH = 'graphql.field.path';
export const ATTR_GRAPHQL_PARENT_NAME = 'graphql.parent.name';
/** OK, or the code of the answer's first error, as the metrics count it (outcomeOf). */
export const ATTR_GRAPHQL_OUTCOME = 'wontak.graphql.outcome';

/** The span name of a document that never became an operation (it did not parse or validate). */
const UNRESOLVED_OPERATION = 'GraphQL Operation';

/** What Nest's `transformResolvers` is given: the resolver maps of the resolver classes. */
type ResolverMaps = Parameters<NonNullable<GqlModuleOptions['transformResolvers']>>[0];

/**
 * The GraphQL side of tracing: a span per operation (an Apollo plugin), and a span per call of
 * a resolver method of our own (the Query and Mutation fields, and the @ResolveField methods,
 * which is where the services, the loaders and the database are called). A model's plain
 * properties and the fields Nest resolves with field middleware (global ids, a connection's
 * lazy totalCount) get no span: most are resolved many times a request without I/O, and the
 * count's statement hangs from the operation instead. Both only inside a traced HTTP request
 * (WebSocket operations are not traced), the resolver spans within the request's budget
 * (request-trace.ts). Without a tracer, neither is installed.
 */
@Injectable()
export class GraphqlTracing {
  constructor(@Inject(TRACER) private readonly tracer: Tracer | null) {}

  /** The Apollo plugins to install (none when tracing is off). */
  get plugins(): ApolloServerPlugin[] {
    return this.tracer ? [operationTracingPlugin(this.tracer)] : [];
  }

  /**
   * For Nest's `transformResolvers`: the resolver methods Nest found, wrapped in place (none
   * when tracing is off).
   */
  instrument(resolvers: ResolverMaps): ResolverMaps {
    if (!this.tracer) return resolvers;
    for (const map of Array.isArray(resolvers) ? resolvers : [resolvers]) {
      traceResolverMap(map as Record<string, unknown>, this.tracer);
    }
    return resolvers;
  }
}

/**
 * A span per operation, child of its HTTP request's span: named `query ProposalList` once the
 * document resolves to an operation, with its type and name, and its outcome (OK or the first
 * error's code) when the answer is ready; an error status when the answer holds an error.
 */
function operationTracingPlugin(tracer: Tracer): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const requestContext = context.active();
      const request = requestTraceOf(requestContext);
      if (!request) return;
      const span = tracer.startSpan(UNRESOLVED_OPERATION, {}, requestContext);
      request.operation = trace.setSpan(requestContext, span);
      return {
        async didResolveOperation({ operation }) {
          if (!operation) return;
          const name = operation.name?.value;
          span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          if (name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
        },
        async willSendResponse({ response }) {
          const errors =
            response.body.kind === 'single'
              ? response.body.singleResult.errors
              : response.body.initialResult.errors;
          const outcome = outcomeOf(errors);
          span.setAttribute(ATTR_GRAPHQL_OUTCOME, outcome);
          if (outcome !== OUTCOME_OK) {
            span.setAttribute(ATTR_ERROR_TYPE, outcome);
            span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
          }
          span.end();
          request.operation = undefined;
        },
      };
    },
  };
}

function traceResolverMap(map: Record<string, unknown>, tracer: Tracer): void {
  for (const [typeName, fields] of Object.entries(map)) {
    // A subscription's root field runs for as long as the subscription, outside any request.
    if (typeName === 'Subscription' || isScalarType(fields)) continue;
    if (typeof fields !== 'object' || fields === null) continue;
    const resolvers = fields as Record<string, unknown>;
    for (const [fieldName, resolve] of Object.entries(resolvers)) {
      if (fieldName.startsWith('__') || typeof resolve !== 'function') continue;
      resolvers[fieldName] = tracedResolver(
        `${typeName}.${fieldName}`,
        resolve as GraphQLFieldResolver<unknown, unknown>,
        tracer,
      );
    }
  }
}

/**
 * `resolve`, run in a span of its own (named by the field's coordinate, `Proposal.author`) when
 * an operation of a traced request runs it and the request's budget allows one more: what it
 * awaits, the loaders' batches and SQL statements included, becomes the span's children.
 */
function tracedResolver(
  coordinate: string,
  resolve: GraphQLFieldResolver<unknown, unknown>,
  tracer: Tracer,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, graphqlContext, info) => {
    const request = requestTraceOf(context.active());
    const operation = request?.operation;
    if (!operation || !request.take(coordinate)) {
      return resolve(source, args, graphqlContext, info);
    }
    const span = tracer.startSpan(
      coordinate,
      {
        attributes: {
          [ATTR_GRAPHQL_FIELD_NAME]: info.fieldName,
          [ATTR_GRAPHQL_PARENT_NAME]: info.parentType.name,
          [ATTR_GRAPHQL_FIELD_PATH]: responsePathAsArray(info.path).join('.'),
        },
      },
      operation,
    );
    return context.with(trace.setSpan(operation, span), () => {
      let result: unknown;
      try {
        result = resolve(source, args, graphqlContext, info);
      } catch (error) {
        endFailed(span, error);
        throw error;
      }
      if (!isPromiseLike(result)) {
        span.end();
        return result;
      }
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          endFailed(span, error);
          throw error;
        },
      );
    });
  };
}

/**
 * Ends a resolver's span as failed: by its code for one of our errors (FORBIDDEN, NOT_FOUND...,
 * what the client is told); anything else is a fault, recorded with its type, message and stack.
 */
function endFailed(span: Span, error: unknown): void {
  if (error instanceof AppError) {
    span.setAttribute(ATTR_ERROR_TYPE, error.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
  } else {
    const type = error instanceof Error ? error.constructor.name : typeof error;
    span.recordException(error instanceof Error ? error : String(error));
    span.setAttribute(ATTR_ERROR_TYPE, type);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
