import type { DataSource, Logger } from 'typeorm';

/**
 * Counts the SQL statements `work` sends through `db` (every TypeORM query, and raw
 * `db.query` calls), to pin down N+1 regressions: a list of N rows must cost the same number
 * of statements as a list of one.
 */
export async function countQueries<T>(
  db: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; queries: string[]; withTransactionControl: string[] }> {
  const logger = db.logger as Logger;
  const ownBefore = Object.getOwnPropertyDescriptor(logger, 'logQuery');
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    queries.push(query);
    return original(query, parameters, runner);
  };
  try {
    const result = await work();
    return {
      result,
      queries: queries.filter((q) => !/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(q)),
      withTransactionControl: [...queries],
    };
  } finally {
    if (ownBefore) Object.defineProperty(logger, 'logQuery', ownBefore);
    else delete (logger as Partial<Logger>).logQuery; // back to the prototype's method
  }
}
