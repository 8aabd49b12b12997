import { statementKind } from './statement-kind.js';

describe('statementKind', () => {
  it.each([
    ['SELECT * FROM proposal', 'select'],
    ['  select 1', 'select'],
    ['\n  INSERT INTO "support" ("proposal_id") VALUES ($1)', 'insert'],
    ['UPDATE proposal SET hidden = true', 'update'],
    ['DELETE FROM support WHERE id = $1', 'delete'],
    ['WITH inserted AS (INSERT INTO x VALUES (1) RETURNING *) SELECT * FROM inserted', 'with'],
    ['START TRANSACTION', 'transaction'],
    ['COMMIT', 'transaction'],
    ['ROLLBACK', 'transaction'],
    ['SAVEPOINT typeorm_1', 'transaction'],
    ['RELEASE SAVEPOINT typeorm_1', 'transaction'],
    ['ROLLBACK TO SAVEPOINT typeorm_1', 'transaction'],
    ['SET LOCAL statement_timeout = 1000', 'other'],
    ['/* comment */ SELECT 1', 'other'],
    ['', 'other'],
  ])('%j is %s', (sql, kind) => {
    expect(statementKind(sql)).toBe(kind);
  });
});
