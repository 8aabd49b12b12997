import {
  Global,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { DatabaseMetrics } from './database-metrics.js';
import { httpMetricsMiddleware } from './http-metrics.middleware.js';
import { LiveMetrics } from './live-metrics.js';
import { MetricsEndpoint } from './metrics-endpoint.js';
import { Metrics } from './metrics.js';

/**
 * Prometheus metrics (prom-client): the registry and its instruments (Metrics, which other
 * modules inject to add their own gauges or count what they refuse), the database and
 * WebSocket instrumentation, the HTTP timing middleware, and GET /metrics. The GraphQL
 * operations are counted by graphql-metrics.plugin.ts, which the GraphQL module installs.
 */
@Global()
@Module({
  providers: [Metrics, DatabaseMetrics, LiveMetrics, MetricsEndpoint],
  exports: [Metrics],
})
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: Metrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(httpMetricsMiddleware(this.metrics))
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
