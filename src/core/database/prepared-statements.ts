import type pg from 'pg';
import { performance } from 'node:perf_hooks';
import type { AfterQueryEvent, DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** Marks a pool connection on which named statements are planned generically. */
const GENERIC_PLANS = Symbol('wontak.database.genericPlans');

type PoolClient = pg.PoolClient & { [GENERIC_PLANS]?: true };

/**
 * Runs `text` as the named prepared statement `name` on the app's pool: Postgres parses and
 * plans it once per pool connection instead of once per call (issue 21). For statements run on
 * every request whose best plan does not depend on the values (the planner's unfiltered pages
 * and single proposals, the session check); the caller keeps the set of names bounded, since
 * each is kept on every connection for its life.
 *
 * The connection plans named statements generically (`plan_cache_mode`): left to choose,
 * Postgres kept planning a cursor's page afresh each time (its generic estimate was higher),
 * 0.4 ms of its CPU a request for the same index scan. TypeORM's statements are unnamed, which
 * Postgres always plans with their values, so the setting changes nothing for them.
 *
 * The statement is seen by TypeORM's logger like every other (the query counts of the tests
 * and the benchmark) and by the SQL tracing (which wraps the pool's clients). `name` undefined:
 * an unnamed statement, as TypeORM sends them.
 */
export async function preparedRows<R>(
  db: DataSource,
  name: string | undefined,
  text: string,
  values: unknown[],
): Promise<R[]> {
  db.logger.logQuery(text, values);
  const pool = (db.driver as PostgresDriver).master as pg.Pool;
  const client = (await pool.connect()) as PoolClient;
  const started = performance.now();
  try {
    if (name && !client[GENERIC_PLANS]) {
      await client.query('SET plan_cache_mode = force_generic_plan');
      client[GENERIC_PLANS] = true;
    }
    const result = await client.query<R & pg.QueryResultRow>(
      name ? { name, text, values } : { text, values },
    );
    client.release();
    await afterQuery(db, text, values, performance.now() - started, { success: true });
    return result.rows;
  } catch (error) {
    // As pool.query does: a connection that failed a statement is not handed out again.
    client.release(error as Error);
    db.logger.logQueryError(error as Error, text, values);
    await afterQuery(db, text, values, performance.now() - started, { success: false, error });
    throw error;
  }
}

/**
 * Tells the DataSource's subscribers, as TypeORM does after each of its own statements, so
 * that the statement metrics (metrics/database-metrics.ts) count these ones too.
 */
async function afterQuery(
  db: DataSource,
  query: string,
  parameters: unknown[],
  executionTime: number,
  outcome: { success: boolean; error?: unknown },
): Promise<void> {
  // Awaited, as TypeORM's broadcaster awaits what its subscribers return.
  await Promise.all(
    db.subscribers.map((subscriber) =>
      Promise.resolve(
        subscriber.afterQuery?.({
          dataSource: db,
          connection: db,
          manager: db.manager,
          query,
          parameters,
          executionTime,
          ...outcome,
        } as AfterQueryEvent),
      ),
    ),
  );
}
