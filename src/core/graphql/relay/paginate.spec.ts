import { AppError } from '../../errors/app-error.js';
import { encodeCursor } from './cursor.js';
import { cursorCondition, type CursorSqlType, type KeysetOrdering } from './paginate.js';

const UUID = '0b6c7d8e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';

function orderingOf(type: CursorSqlType): KeysetOrdering<object> {
  return {
    name: `by-${type}`,
    direction: 'DESC',
    keys: [
      { expression: 'x.key', sqlType: type, value: () => null },
      { expression: 'x.id', sqlType: 'uuid', value: () => UUID },
    ],
  };
}

/** What cursorCondition says of a cursor holding `value` (or the JSON text `json`) as its key. */
function afterValue(type: CursorSqlType, value: unknown, json = JSON.stringify(value)): string {
  const ordering = orderingOf(type);
  const text = `[${JSON.stringify(ordering.name)},${json},${JSON.stringify(UUID)}]`;
  const cursor = Buffer.from(text).toString('base64url');
  try {
    cursorCondition(cursor, ordering);
  } catch (error) {
    if (error instanceof AppError)
      return `${String(error.extensions.code)} on ${(error.extensions.fieldErrors as { field: string }[])[0]!.field}`;
    throw error;
  }
  return 'accepted';
}

describe('cursor values are checked against the type Postgres casts them to', () => {
  it.each<[CursorSqlType, unknown]>([
    ['int', 0],
    ['int', 2 ** 31 - 1],
    ['timestamptz', '2026-05-01T09:30:00.000Z'],
    ['timestamptz', '2026-05-01T09:30:00.123456Z'],
    ['timestamptz', '2028-02-29T00:00:00.000Z'],
    ['timestamptz', '0001-01-01T00:00:00.000Z'],
    ['timestamptz', '9999-12-31T23:59:59.999Z'],
    ['timestamptz', 'infinity'],
    ['float8', -1.5e300],
    ['text', '공원 🌳'],
    ['uuid', UUID],
  ])('accepts %s %j', (type, value) => {
    expect(afterValue(type, value)).toBe('accepted');
  });

  it.each<[CursorSqlType, unknown]>([
    ['int', 2 ** 31],
    ['int', -1],
    ['int', -(2 ** 31)],
    ['int', 2 ** 53],
    ['int', 0.5],
    ['int', '3'],
    ['timestamptz', '2026-02-30T00:00:00.000Z'],
    ['timestamptz', '2027-02-29T00:00:00.000Z'],
    ['timestamptz', '2026-06-01T24:00:00.000Z'],
    ['timestamptz', '0000-01-01T00:00:00.000Z'],
    ['timestamptz', '-000001-01-01T00:00:00.000Z'],
    ['timestamptz', '+010000-01-01T00:00:00.000Z'],
    ['timestamptz', '2026-05-01T09:30:00+09:00'],
    ['timestamptz', '-infinity'],
    ['float8', '1'],
    ['text', 'a\u0000b'],
    ['text', 'a\ud800b'],
    ['uuid', `${UUID}\u0000`],
  ])('refuses %s %j with BAD_USER_INPUT on after', (type, value) => {
    expect(afterValue(type, value)).toBe('BAD_USER_INPUT on after');
  });

  it('refuses numbers JSON can spell but a double cannot hold (JSON.parse makes them Infinity)', () => {
    expect(afterValue('float8', null, '1e400')).toBe('BAD_USER_INPUT on after');
    expect(afterValue('int', null, '-1e400')).toBe('BAD_USER_INPUT on after');
  });

  it('builds one row comparison over the keys, with the values as parameters', () => {
    const ordering = orderingOf('int');
    expect(cursorCondition(encodeCursor(ordering.name, [7, UUID]), ordering)).toEqual({
      sql: '(x.key, x.id) < (CAST(:cursor0 AS int), CAST(:cursor1 AS uuid))',
      params: { cursor0: 7, cursor1: UUID },
    });
  });
});
