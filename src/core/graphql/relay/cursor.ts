import { AppError } from '../../errors/app-error.js';

/**
 * Opaque keyset cursors: base64url JSON of the sort values of the row they point at, tagged
 * with the ordering they belong to, so a cursor from one ordering cannot be replayed in another.
 */
export type CursorValue = string | number | null;

export function encodeCursor(ordering: string, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify([ordering, ...values]), 'utf8').toString('base64url');
}

/** The sort values behind `cursor`, or BAD_USER_INPUT when it is junk or from another ordering. */
export function decodeCursor(cursor: string, ordering: string, arity: number): CursorValue[] {
  const invalid = () => AppError.badField('after', 'field.invalidCursor');
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== arity + 1 || parsed[0] !== ordering)
    throw invalid();
  const values = parsed.slice(1) as unknown[];
  if (!values.every((v) => v === null || typeof v === 'string' || typeof v === 'number'))
    throw invalid();
  return values as CursorValue[];
}
