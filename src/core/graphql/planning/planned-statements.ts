import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Environment } from '../../config/environment.js';
import { preparedRows } from '../../database/prepared-statements.js';

/**
 * How many statement texts get a name. Each named text is parsed and planned once per pool
 * connection and kept there (in Postgres and in node-postgres) for the connection's life, so
 * the names are bounded: the texts of the hot documents take them first, and shapes past the
 * bound (a client trying selection after selection) run unnamed, parsed each time as before.
 */
export const NAMED_STATEMENTS_MAX = 256;

/**
 * Runs the planner's statements as named prepared statements (database/prepared-statements.ts):
 * one name per text, so Postgres parses and plans a shape of selection once per connection
 * instead of once per request.
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

  /**
   * `prepare`: whether the statement's best plan is the same whatever its values (a page in
   * an ordering, a proposal by id), so a generic plan kept per connection serves it; a filtered
   * list (a search, a department's inbox) is planned with its values each time, as before.
   */
  rows<R>(text: string, values: unknown[], prepare: boolean): Promise<R[]> {
    return preparedRows<R>(this.db, prepare ? this.nameOf(text) : undefined, text, values);
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
