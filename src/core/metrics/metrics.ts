import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type GaugeConfiguration,
} from 'prom-client';
import { OperationNameLabels } from './operation-names.js';

/** Seconds: from a fast read (a few ms) to the slowest operations the cost limit lets through. */
const REQUEST_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: an indexed statement takes well under a millisecond; a search tens of them. */
const STATEMENT_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
/** Seconds: an idle connection is handed over at once; up to the pool's 5 s connection timeout. */
const POOL_WAIT_SECONDS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

const PROCESS_REGISTRY = Symbol.for('wontak.metrics.processRegistry');

/**
 * The default metrics of prom-client (heap, event-loop lag, CPU, GC...) describe the process, not
 * an application: one registry for them per process, however many apps it builds (the tests
 * build dozens, and each set of default metrics keeps an event-loop monitor running forever).
 */
function processRegistry(): Registry {
  const holder = globalThis as { [PROCESS_REGISTRY]?: Registry };
  if (!holder[PROCESS_REGISTRY]) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    holder[PROCESS_REGISTRY] = registry;
  }
  return holder[PROCESS_REGISTRY];
}

/**
 * The metrics of this app (docs/operations.md, "Metrics", lists each one): its instruments,
 * written by the hooks in the GraphQL pipeline, the HTTP middleware, the database and the rate
 * limits, and gauges read when Prometheus scrapes. Every label has a bounded set of values, so
 * the series (and this process's memory) stay bounded whatever clients send.
 */
@Injectable()
export class Metrics {
  private readonly registry = new Registry();

  readonly operationNames = new OperationNameLabels();

  readonly graphqlRequests = new Counter({
    name: 'wontak_graphql_requests_total',
    help: 'GraphQL operations over HTTP, by operation name, operation type and outcome (OK, or the extensions.code of the first error).',
    labelNames: ['operation', 'type', 'code'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'wontak_graphql_request_duration_seconds',
    help: 'Time from the start of a GraphQL operation to its answer, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'wontak_http_request_duration_seconds',
    help: 'HTTP requests by method, route (the route pattern; "unmatched" for unknown paths) and status code, and how long their answers took.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });

  readonly sqlStatements = new Counter({
    name: 'wontak_sql_statements_total',
    help: 'SQL statements sent to Postgres, by kind (select, insert, update, delete, transaction, other) and outcome (ok, error).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly sqlDuration = new Histogram({
    name: 'wontak_sql_statement_duration_seconds',
    help: 'Time Postgres took to answer a successful SQL statement (millisecond resolution), by kind.',
    labelNames: ['kind'] as const,
    buckets: STATEMENT_SECONDS,
    registers: [this.registry],
  });

  readonly poolWait = new Histogram({
    name: 'wontak_db_pool_wait_seconds',
    help: 'Time a query waited for a connection from the pool (opening a new one included).',
    buckets: POOL_WAIT_SECONDS,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'wontak_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit, by bucket (requests, cost, reads, writes, logInPerIp, logInFailuresPerPair, logInFailuresPerEmail, signUpPerIp).',
    labelNames: ['bucket'] as const,
    registers: [this.registry],
  });

  /**
   * A gauge whose value is read when Prometheus scrapes (`collect` sets it): for what is cheap
   * to read then and would cost something on every request to keep current.
   */
  gauge<L extends string>(configuration: GaugeConfiguration<L>): Gauge<L> {
    return new Gauge({ ...configuration, registers: [this.registry] });
  }

  /** The Prometheus text format's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text format: the process's, then this app's. */
  async scrape(): Promise<string> {
    const [process, app] = await Promise.all([
      processRegistry().metrics(),
      this.registry.metrics(),
    ]);
    return `${process}\n${app}`;
  }
}
