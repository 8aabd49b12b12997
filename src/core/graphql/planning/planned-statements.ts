import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { Environment } from '../../config/environment.js';

/**
 * How many statement texts get a name. Each named text is parsed and planned once per pool
 * connection and kept there (in Postgres and in node-postgres) for the connection's life, so
 * the names are bounded: the texts of the hot documents take them first, and shapes past the
 * bound (a client trying selection after selection) run unnamed, parsed each time as before.
 */
export const NAMED_STATEMENTS_MAX = 256;

/**
 * Runs the planner's statements as named prepared statements: one name per text, so Postgres
 * parses and plans a shape of selection once per connection instead of once per request
 * (measured: about half of Postgres's CPU per request on a list page, docs/performance.md).
 * Statements go through the app's own pool, are seen by TypeORM's logger like every other
 * statement (the query counts of the tests and the benchmark), and by the SQL tracing.
 */
@Injectable()
export class PlannedStatements {
  private readonly names = new Map<string, string>();
  /**
   * The QUERY_PLANNER switch (environment.ts): false serves everything through the resolvers.
   * The differential tests flip it to hold both ways to the same answers.
   */
  enabled: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    env: Environment,
  ) {
    this.enabled = env.QUERY_PLANNER;
  }

  async rows<R>(text: string, values: unknown[]): Promise<R[]> {
    this.db.logger.logQuery(text, values);
    const pool = (this.db.driver as PostgresDriver).master as pg.Pool;
    const name = this.nameOf(text);
    const result = await pool.query<R & pg.QueryResultRow>(
      name ? { name, text, values } : { text, values },
    );
    return result.rows;
  }

  private nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < NAMED_STATEMENTS_MAX) {
      name = `planned_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
      this.names.set(text, name);
    }
    return name;
  }
}
