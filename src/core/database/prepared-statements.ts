import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs `text` as the named prepared statement `name` on the app's pool: Postgres parses and
 * plans it once per pool connection instead of once per call (issue 21). For statements run on
 * every request (the planner's, the session check); the caller keeps the set of names bounded,
 * since each is kept on every connection for its life. The statement is seen by TypeORM's
 * logger like every other (the query counts of the tests and the benchmark) and by the SQL
 * tracing (which wraps the pool's clients).
 */
export async function preparedRows<R>(
  db: DataSource,
  name: string | undefined,
  text: string,
  values: unknown[],
): Promise<R[]> {
  db.logger.logQuery(text, values);
  const pool = (db.driver as PostgresDriver).master as pg.Pool;
  const result = await pool.query<R & pg.QueryResultRow>(
    name ? { name, text, values } : { text, values },
  );
  return result.rows;
}
