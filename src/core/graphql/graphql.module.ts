import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { accessTokenKey } from '../auth/jwt.strategy.js';
import { RateLimits } from '../rate-limit/rate-limits.js';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectionAuthenticator } from '../auth/connection-authenticator.js';
import { LiveViewers } from '../auth/live-viewers.js';
import { Environment } from '../config/environment.js';
import { formatGraphqlError, type FormatErrorOptions } from '../errors/format-error.js';
import type { Locale } from '../i18n/locale.js';
import { readerLocale } from '../i18n/reader-locale.js';
import { liveSocketOptions } from '../live/live-socket-options.js';
import { LiveSockets } from '../live/live-sockets.js';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics.plugin.js';
import { Metrics } from '../metrics/metrics.js';
import { GraphqlTracing } from '../tracing/graphql-tracing.js';
import { deepestCause } from '../errors/postgres-errors.js';
import { requestLogPlugin } from '../logging/request-log.js';
import { queryLimits } from './query-limits.js';
import { createRequestContext, type RequestContext } from './request-context.js';
import { SCALARS_MAP } from './date-time.scalar.js';
import { PLANNED_TYPES, servePlannedObjects } from './planning/planned-object.js';
import { PlannedStatements } from './planning/planned-statements.js';
import { NodeRegistry } from './relay/node-registry.js';
import { NodeResolver } from './relay/node.resolver.js';
import {
  persistedQueryCache,
  TrustedDocumentGate,
} from './trusted-documents/trusted-document-gate.js';
import { TrustedDocumentRegistry } from './trusted-documents/trusted-document.registry.js';
import { TrustedDocumentsModule } from './trusted-documents/trusted-documents.module.js';

/** GraphQL over Apollo, code first, with the contract's error model. */
@Global()
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [AuthModule, TrustedDocumentsModule],
      inject: [
        Environment,
        ConnectionAuthenticator,
        LiveSockets,
        RateLimits,
        Metrics,
        GraphqlTracing,
        TrustedDocumentRegistry,
      ],
      useFactory: (
        env: Environment,
        authenticator: ConnectionAuthenticator,
        sockets: LiveSockets,
        rateLimits: RateLimits,
        metrics: Metrics,
        tracing: GraphqlTracing,
        trustedDocuments: TrustedDocumentRegistry,
      ) => {
        const logger = new Logger('GraphQL');
        const development = env.NODE_ENV === 'development';
        const limits = queryLimits(env, {
          rateLimits,
          tokenKey: accessTokenKey(env.JWT_SECRET!),
        });
        // The built schema, for checking operations sent over the WebSocket.
        let servedSchema: GraphQLSchema | undefined;
        // Which request each error came from, for its log line (formatError has no context).
        const requestIds = new WeakMap<object, unknown>();
        const rememberRequest: ApolloServerPlugin<RequestContext> = {
          async requestDidStart({ contextValue }) {
            return {
              async didEncounterErrors({ errors }) {
                const id = (contextValue.req as { id?: unknown }).id;
                if (id === undefined) return;
                for (const error of errors) {
                  requestIds.set(error, id);
                  if (error.originalError) requestIds.set(error.originalError, id);
                }
              },
            };
          },
        };
        // The language each error is read in, chosen once the request has met it (by then the
        // auth guard has read the viewer and their own choice of language).
        const readerLocales = new WeakMap<object, Locale>();
        const rememberReader: ApolloServerPlugin<RequestContext> = {
          async requestDidStart({ contextValue }) {
            return {
              async didEncounterErrors({ errors }) {
                const locale = readerLocale(contextValue);
                for (const error of errors) readerLocales.set(error, locale);
              },
            };
          },
        };
        const documentGate = new TrustedDocumentGate(
          env.TRUSTED_DOCUMENTS_ONLY,
          trustedDocuments,
          authenticator,
        );
        const errorOptions: FormatErrorOptions = {
          exposeStack: development,
          // graphql-armor masks "Did you mean" for fields only; enum values and inline
          // fragments leak the schema too (issue 14): every kind is masked here, on HTTP and on
          // the socket alike.
          hideSuggestions: env.isProduction,
          localeOf: (e) =>
            (typeof e === 'object' && e ? readerLocales.get(e) : undefined) ?? env.DEFAULT_LOCALE,
          onInternalError: (e) =>
            logger.error(
              {
                err: (e as { originalError?: unknown }).originalError ?? e,
                reqId: typeof e === 'object' && e ? requestIds.get(e) : undefined,
              },
              'Unhandled error in a resolver',
            ),
          // A server fault, like the one above: at error level, with its stack.
          onDatabaseUnavailable: (e) =>
            logger.error(
              {
                err: deepestCause(e),
                reqId: typeof e === 'object' && e ? requestIds.get(e) : undefined,
              },
              'Database unavailable',
            ),
        };
        return {
          path: '/graphql',
          // Built in memory; schema.graphql is written by schema-file.ts (build and dev start).
          autoSchemaFile: true,
          sortSchema: true,
          buildSchemaOptions: { scalarsMap: SCALARS_MAP },
          introspection: env.GRAPHQL_INTROSPECTION ?? !env.isProduction,
          includeStacktraceInErrorResponses: development,
          csrfPrevention: true,
          // One operation per request: a batch would multiply every limit by its length.
          allowBatchedHttpRequests: false,
          // Apollo's cache-control plugin is on by default and wraps every field's resolver to
          // compute HTTP cache hints, which nothing here uses (answers depend on the viewer):
          // off, it no longer costs a hook per field (npm run bench, issue 8).
          plugins: [
            // First, so that its clock starts before the limits' plugins wait for room.
            graphqlMetricsPlugin(metrics),
            // The operation's span, for the same reason (none when tracing is off).
            ...tracing.plugins,
            ...limits.plugins,
            ApolloServerPluginCacheControlDisabled(),
            rememberRequest as ApolloServerPlugin,
            rememberReader as ApolloServerPlugin,
            requestLogPlugin as ApolloServerPlugin,
          ],
          validationRules: limits.validationRules,
          parseOptions: limits.parseOptions,
          // Parsed documents are kept for reuse in a store bounded in (approximate) bytes; the
          // default would keep 30 MB of JSON, several times that in heap (issue 14).
          documentStore:
            env.GRAPHQL_DOCUMENT_CACHE_KB > 0
              ? new InMemoryLRUCache<DocumentNode>({
                  maxSize: env.GRAPHQL_DOCUMENT_CACHE_KB * 1024,
                  sizeCalculation: (document) => InMemoryLRUCache.sizeCalculation(document),
                })
              : null,
          // Persisted queries by hash, from the trusted documents' registry alone: a client
          // cannot register a document by sending it with its hash (trusted-document-gate.ts).
          persistedQueries: { cache: persistedQueryCache(trustedDocuments) },
          // Our resolver methods, traced when tracing is on (tracing/graphql-tracing.ts).
          transformResolvers: (resolvers) => tracing.instrument(resolvers),
          transformSchema: (schema: GraphQLSchema) => {
            // Planned objects (issue 21) are handed over as Postgres built them.
            servePlannedObjects(schema, PLANNED_TYPES);
            servedSchema = schema;
            return schema;
          },
          playground: false,
          context: async (arg: Parameters<typeof createRequestContext>[0]) => {
            const context = createRequestContext(arg, env.DEFAULT_LOCALE);
            if ('extra' in arg) return context;
            // Which documents this HTTP request may run, before Apollo parses one; a refusal
            // is read in the client's language like any other error.
            await documentGate.admit(context.req).catch((error: unknown) => {
              if (typeof error === 'object' && error)
                readerLocales.set(error, readerLocale(context));
              throw error;
            });
            return context;
          },
          // Subscriptions over graphql-ws on the same path: authentication, the WebSocket's
          // limits and the error model of HTTP (src/core/live/live-socket-options.ts).
          subscriptions: {
            'graphql-ws': {
              path: '/graphql',
              ...liveSocketOptions({
                env,
                sockets,
                authenticator,
                limits,
                rateLimits,
                schema: () => servedSchema,
                errors: errorOptions,
                documents: documentGate,
              }),
            },
          },
          formatError: (formatted, error) => formatGraphqlError(formatted, error, errorOptions),
        };
      },
    }),
  ],
  providers: [NodeRegistry, NodeResolver, LiveViewers, PlannedStatements],
  exports: [NodeRegistry, LiveViewers, PlannedStatements],
})
export class WontakGraphqlModule {}
