export type StatementKind =
  'select' | 'insert' | 'update' | 'delete' | 'with' | 'transaction' | 'other';

const KINDS: Record<string, StatementKind> = {
  SELECT: 'select',
  INSERT: 'insert',
  UPDATE: 'update',
  DELETE: 'delete',
  WITH: 'with',
  START: 'transaction',
  BEGIN: 'transaction',
  COMMIT: 'transaction',
  ROLLBACK: 'transaction',
  SAVEPOINT: 'transaction',
  RELEASE: 'transaction',
};

const FIRST_WORD = /^\s*([A-Za-z]+)/;

/** The kind of an SQL statement, by its first word: a label with a handful of values. */
export function statementKind(sql: string): StatementKind {
  const word = FIRST_WORD.exec(sql)?.[1];
  return (word && KINDS[word.toUpperCase()]) || 'other';
}
