import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { AfterQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { Metrics } from './metrics.js';
import { statementKind } from './statement-kind.js';

/**
 * The database side of the metrics: every SQL statement counted and timed (a TypeORM
 * subscriber, which sees every statement the DataSource sends, raw `query` calls included, as
 * LiveEventsPublisher sees every commit), the time a query waits for a pool connection, and the
 * pool's connections read at scrape time.
 */
@Injectable()
export class DatabaseMetrics implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() db: DataSource,
    private readonly metrics: Metrics,
  ) {
    db.subscribers.push(this);
    const pool = (db.driver as PostgresDriver).master as pg.Pool;
    timeConnectionWaits(pool, metrics);
    metrics.gauge({
      name: 'wontak_db_pool_size',
      help: 'Connections the pool holds open now (busy and idle).',
      collect() {
        this.set(pool.totalCount);
      },
    });
    metrics.gauge({
      name: 'wontak_db_pool_idle',
      help: 'Open connections of the pool that no query is using now.',
      collect() {
        this.set(pool.idleCount);
      },
    });
    metrics.gauge({
      name: 'wontak_db_pool_waiting',
      help: 'Queries waiting now for a connection of the pool.',
      collect() {
        this.set(pool.waitingCount);
      },
    });
    metrics.gauge({
      name: 'wontak_db_pool_max',
      help: 'The most connections the pool may open (DATABASE_POOL_SIZE).',
      collect() {
        this.set(pool.options.max ?? 0);
      },
    });
  }

  afterQuery(event: AfterQueryEvent): void {
    const kind = statementKind(event.query);
    this.metrics.sqlStatements.inc({ kind, outcome: event.success ? 'ok' : 'error' });
    if (event.success && event.executionTime !== undefined) {
      this.metrics.sqlDuration.observe({ kind }, event.executionTime / 1000);
    }
  }
}

/**
 * Times each request for a connection, from `pool.connect()` to the connection (or the
 * failure) being handed over. pg's own 'acquire' event says when a connection is handed over,
 * not when it was asked for, so the pool's `connect` is wrapped, for both of its forms.
 */
function timeConnectionWaits(pool: pg.Pool, metrics: Metrics): void {
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => unknown;
  const timed = (callback?: ConnectCallback): unknown => {
    const started = performance.now();
    const observe = () => metrics.poolWait.observe((performance.now() - started) / 1000);
    if (typeof callback === 'function') {
      return connect((error, client, release) => {
        observe();
        callback(error, client, release);
      });
    }
    const connected = connect() as Promise<pg.PoolClient>;
    connected.then(observe, observe);
    return connected;
  };
  pool.connect = timed as typeof pool.connect;
}

type ConnectCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  release: (release?: unknown) => void,
) => void;
