import { sqlSummary } from './sql-summary.js';

describe('sqlSummary', () => {
  it.each([
    [
      'SELECT "Proposal"."id" AS "Proposal_id" FROM "proposal" "Proposal" WHERE "Proposal"."id" = $1',
      'SELECT proposal',
    ],
    ['select count(*) from app_user where role = $1', 'SELECT app_user'],
    [
      'SELECT "p"."id", (SELECT json_agg(t.id) FROM "proposal_topic" t WHERE t.proposal_id = "p"."id") AS "topics" FROM "proposal" "p"',
      'SELECT proposal',
    ],
    ['SELECT \'(from x\' AS a, "from" FROM "comment"', 'SELECT comment'],
    ['SELECT count(*) FROM (SELECT 1 FROM proposal) sub', 'SELECT'],
    ['\n  INSERT INTO "support"("proposal_id", "user_id") VALUES ($1, $2)', 'INSERT support'],
    ['UPDATE "proposal" SET "support_count" = support_count + 1 WHERE id = $1', 'UPDATE proposal'],
    ['UPDATE ONLY proposal SET hidden = true', 'UPDATE proposal'],
    ['DELETE FROM "support" WHERE "proposal_id" = $1', 'DELETE support'],
    ['SELECT * FROM "public"."proposal"', 'SELECT public.proposal'],
    ['SELECT 1', 'SELECT'],
    ['SELECT now()', 'SELECT'],
    ['WITH moved AS (UPDATE proposal SET x = 1 RETURNING id) SELECT * FROM moved', 'WITH'],
    ['START TRANSACTION', 'START'],
    ['COMMIT', 'COMMIT'],
    ['ROLLBACK TO SAVEPOINT typeorm_1', 'ROLLBACK'],
  ])('%j is named %j', (sql, name) => {
    expect(sqlSummary(sql).name).toBe(name);
  });

  it('gives the operation and the table apart, for db.operation.name and db.collection.name', () => {
    expect(sqlSummary('INSERT INTO "comment" ("body") VALUES ($1)')).toEqual({
      operation: 'INSERT',
      table: 'comment',
      name: 'INSERT comment',
    });
    expect(sqlSummary('COMMIT')).toEqual({ operation: 'COMMIT', name: 'COMMIT' });
  });

  it('names a statement that starts with no keyword "SQL", whatever it holds', () => {
    expect(sqlSummary('')).toEqual({ name: 'SQL' });
    expect(sqlSummary('/* a comment */ SELECT 1')).toEqual({ name: 'SQL' });
    expect(sqlSummary('(SELECT 1) UNION (SELECT 2)')).toEqual({ name: 'SQL' });
  });
});
