/** What a statement does and to which table, for its span's name (`SELECT proposal`). */
export interface SqlSummary {
  /** The statement's first keyword, upper-cased (`SELECT`, `INSERT`, `COMMIT`...). */
  operation?: string;
  /** The table it reads or writes first, when a plain pattern finds one. */
  table?: string;
  /** `operation table`, `operation`, or `SQL` when the statement starts with neither. */
  name: string;
}

const FIRST_WORD = /^\s*([A-Za-z]+)/;
/** An identifier, quoted or not, possibly schema-qualified (`"public"."proposal"`). */
const IDENTIFIER = String.raw`((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[A-Za-z_][\w$]*))?)`;
const TABLE_AFTER: Record<string, RegExp> = {
  DELETE: new RegExp(String.raw`^\s*DELETE\s+FROM\s+${IDENTIFIER}`, 'i'),
  INSERT: new RegExp(String.raw`^\s*INSERT\s+INTO\s+${IDENTIFIER}`, 'i'),
  UPDATE: new RegExp(String.raw`^\s*UPDATE\s+(?:ONLY\s+)?${IDENTIFIER}`, 'i'),
};
const FROM_TABLE = new RegExp(String.raw`^FROM\s+${IDENTIFIER}`, 'i');

/**
 * The table a SELECT reads first: after its own FROM, not one of a subquery in its select list
 * (TypeORM writes `SELECT ..., (SELECT ... FROM topic ...) ... FROM "proposal" "p"`).
 */
function selectTable(sql: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && (c === 'F' || c === 'f') && /\s/.test(sql[i - 1] ?? ' ')) {
      const match = FROM_TABLE.exec(sql.slice(i, i + 200));
      if (match) return match[1];
    }
  }
  return undefined;
}

/**
 * The summary of a statement, as the database semantic conventions name a span: the operation
 * and its first table. A statement's text says more (it is the span's `db.query.text`); the name
 * stays short and the same for every run of one statement, whatever its parameters.
 */
export function sqlSummary(sql: string): SqlSummary {
  const operation = FIRST_WORD.exec(sql)?.[1]?.toUpperCase();
  if (!operation) return { name: 'SQL' };
  const found = operation === 'SELECT' ? selectTable(sql) : TABLE_AFTER[operation]?.exec(sql)?.[1];
  const table = found?.replace(/"/g, '').replace(/\s+/g, '');
  return table
    ? { operation, table, name: `${operation} ${table}` }
    : { operation, name: operation };
}
