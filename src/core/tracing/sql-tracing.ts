import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { requestTraceOf } from './request-trace.js';
import { sqlSummary } from './sql-summary.js';
import { TRACER } from './tracer-token.js';

/**
 * The database system under its name before the stable conventions (`db.system.name`): trace
 * backends that draw database nodes in their service graphs still look for it.
 */
export const ATTR_DB_SYSTEM = 'db.system';

/** Traces the statements of the app's pool when tracing is on; does nothing otherwise. */
@Injectable()
export class SqlTracing {
  constructor(@InjectDataSource() db: DataSource, @Inject(TRACER) tracer: Tracer | null) {
    if (tracer) traceSqlStatements((db.driver as PostgresDriver).master as pg.Pool, tracer);
  }
}

/** Marks a pool client whose `query` is already traced. */
const TRACED = Symbol('wontak.tracing.traced');

type TracedClient = pg.PoolClient & { [TRACED]?: true };
type Query = (...args: unknown[]) => unknown;

/**
 * A span per SQL statement sent through `pool`, as a child of what sent it (a resolver, else the
 * operation, else the request): named `SELECT proposal`, with the statement's text as sent
 * (parameters are `$1`, `$2`...; their values are never recorded), the database, and the
 * SQLSTATE when Postgres refused it. Each client's `query` is wrapped as the pool hands it out,
 * so every statement (TypeORM's, raw `query` calls, transaction control) passes through; only
 * those inside a traced request with budget left make a span, so a statement outside any request
 * (the migrations at start) never starts a trace of its own.
 */
export function traceSqlStatements(pool: pg.Pool, tracer: Tracer): void {
  pool.on('acquire', (client: TracedClient) => {
    if (client[TRACED]) return;
    client[TRACED] = true;
    const query = client.query.bind(client) as Query;
    const traced: Query = (...args) => {
      const active = context.active();
      const request = requestTraceOf(active);
      const text = request && statementText(args[0]);
      const summary = text === undefined ? undefined : sqlSummary(text);
      if (!request || !summary || !request.take(summary.name)) return query(...args);
      const parent = request.parentIn(active, trace.getSpan(active));
      const span = tracer.startSpan(
        summary.name,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
            [ATTR_DB_SYSTEM]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
            [ATTR_DB_NAMESPACE]: client.database,
            [ATTR_SERVER_ADDRESS]: client.host,
            [ATTR_SERVER_PORT]: client.port,
            [ATTR_DB_QUERY_TEXT]: text,
            [ATTR_DB_QUERY_SUMMARY]: summary.name,
            [ATTR_DB_OPERATION_NAME]: summary.operation,
            [ATTR_DB_COLLECTION_NAME]: summary.table,
          },
        },
        parent,
      );
      const end = (error?: unknown) => {
        if (error) {
          const code = (error as { code?: unknown }).code;
          // SQLSTATE only: Postgres's messages quote the values they refused.
          const type = typeof code === 'string' ? code : 'Error';
          if (typeof code === 'string') span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, code);
          span.setAttribute(ATTR_ERROR_TYPE, type);
          span.setStatus({ code: SpanStatusCode.ERROR, message: type });
        }
        span.end();
      };
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (error: unknown, ...rest: unknown[]) => {
          end(error);
          return (callback as Query)(error, ...rest);
        };
        return context.with(trace.setSpan(parent, span), () => query(...args));
      }
      const result = context.with(trace.setSpan(parent, span), () => query(...args));
      (result as Promise<unknown>).then(
        () => end(),
        (error: unknown) => end(error ?? new Error('query failed')),
      );
      return result;
    };
    client.query = traced as typeof client.query;
  });
}

/** The text of what `query` was given: a string or a query config; not a Submittable (cursor). */
function statementText(first: unknown): string | undefined {
  if (typeof first === 'string') return first;
  if (typeof first !== 'object' || first === null) return undefined;
  if (typeof (first as { submit?: unknown }).submit === 'function') return undefined;
  const text = (first as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}
