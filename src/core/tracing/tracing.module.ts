import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GraphqlTracing } from './graphql-tracing.js';
import { SqlTracing } from './sql-tracing.js';
import { TRACER } from './tracer-token.js';
import type { Tracing } from './tracing.js';

/**
 * Traces (OpenTelemetry) of the app, when createApp is given a Tracing: the GraphQL operations
 * and resolvers (GraphqlTracing, which the GraphQL module installs) and the SQL statements
 * (SqlTracing). The HTTP span is started by the first middleware (createApp). Without a
 * Tracing, nothing of tracing is installed: no plugin, no wrapped resolver, no wrapped pool.
 */
@Global()
@Module({})
export class TracingModule {
  static forRoot(tracing: Tracing | null): DynamicModule {
    return {
      module: TracingModule,
      providers: [
        { provide: TRACER, useValue: tracing?.tracer ?? null },
        GraphqlTracing,
        SqlTracing,
      ],
      exports: [GraphqlTracing],
    };
  }
}
