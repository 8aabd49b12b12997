import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../errors/app-error.js';
import { isStorableText } from '../../validation/text.js';
import { parseDateTime } from '../date-time.scalar.js';
import { decodeCursor, encodeCursor, type CursorValue } from './cursor.js';
import { pageSize, type ConnectionArgs } from './connection.args.js';
import type { Connection, Edge } from './connection.model.js';
import { isUuid } from './global-id.js';

/**
 * One sort key of a keyset ordering. `expression` is the SQL the rows are ordered by; `value`
 * reads the same value from a loaded row, for the cursor. The last key must be unique (the id):
 * it is the tie-breaker that makes paging stable while rows change underneath.
 */
export interface SortKey<T> {
  expression: string;
  value: (row: T) => CursorValue;
  /** SQL type the cursor value is cast to when compared; the cursor's value is checked against it. */
  sqlType: CursorSqlType;
}

export interface KeysetOrdering<T> {
  /** A name for the ordering; cursors from another ordering are refused. */
  name: string;
  direction: 'ASC' | 'DESC';
  keys: SortKey<T>[];
}

export type CursorSqlType = 'timestamptz' | 'uuid' | 'int' | 'float8' | 'text';

/** The spelling of the timestamps the server writes into cursors (toISOString, or microseconds). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const INT4_MAX = 2 ** 31 - 1;

/**
 * Whether a decoded cursor value can be compared as `type`. A cursor is a client value like
 * any other: decoding it proves only that it is JSON, and a value Postgres refuses to cast
 * (2^31 as int, February 30th or year 0 as timestamptz, NUL in text) would fail the statement
 * with an internal error. Checked here, for the type of each sort key, so every ordering and
 * every ordering added later is covered.
 */
function fitsType(value: CursorValue, type: CursorSqlType): boolean {
  switch (type) {
    case 'timestamptz':
      // 'infinity' stands for "no date" in orderings that sort nulls last (coalesce to infinity).
      return (
        typeof value === 'string' &&
        (value === 'infinity' || (ISO_TIMESTAMP.test(value) && parseDateTime(value) !== null))
      );
    case 'uuid':
      return isUuid(value);
    case 'int':
      // Every int sort key is a count or a queue number: never negative, and within int4.
      return (
        typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= INT4_MAX
      );
    case 'float8':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && isStorableText(value);
  }
}

/**
 * A sort key's value as a planned statement reads it (`json_build_array` of the ordering's
 * expressions, planning/): the value the key's `value` reads from an entity, so a cursor is the
 * same string whichever way the page was read. Timestamps come as JSON's spelling with an
 * offset (and 'infinity' as itself), and are written as toISOString writes them.
 */
export function cursorValueFromJson(value: unknown, type: CursorSqlType): CursorValue {
  if (type === 'timestamptz' && typeof value === 'string' && value !== 'infinity')
    return new Date(value).toISOString();
  return value as CursorValue;
}

/** The ORDER BY of an ordering: every key in the ordering's one direction. */
export function orderBySql<T>(ordering: KeysetOrdering<T>): string {
  return ordering.keys.map((key) => `${key.expression} ${ordering.direction}`).join(', ');
}

/**
 * The condition "after this cursor" of an ordering: one row-value comparison over the sort keys.
 * A cursor from another ordering, or with values of the wrong type, is BAD_USER_INPUT.
 */
export function cursorCondition<T>(
  after: string,
  ordering: KeysetOrdering<T>,
): { sql: string; params: Record<string, CursorValue> } {
  const { keys, direction } = ordering;
  const values = decodeCursor(after, ordering.name, keys.length);
  if (!keys.every((key, i) => fitsType(values[i], key.sqlType))) {
    throw AppError.badField('after', 'field.invalidCursor');
  }
  const params: Record<string, CursorValue> = {};
  const placeholders = keys.map((key, i) => {
    params[`cursor${i}`] = values[i];
    return `CAST(:cursor${i} AS ${key.sqlType})`;
  });
  const comparator = direction === 'DESC' ? '<' : '>';
  return {
    sql: `(${keys.map((k) => k.expression).join(', ')}) ${comparator} (${placeholders.join(', ')})`,
    params,
  };
}

/**
 * The connection of one page of rows, fetched with one row more than `first`. `sortValues`
 * reads a row's cursor values; by default the ordering's `value` of each key (for entities).
 */
export function toConnection<T>(
  rows: T[],
  first: number,
  args: ConnectionArgs,
  ordering: KeysetOrdering<T>,
  totalCount: Connection<T>['totalCount'],
  sortValues: (row: T) => CursorValue[] = (row) => ordering.keys.map((key) => key.value(row)),
): Connection<T> {
  const page = rows.slice(0, first);
  // Cursors are made when a client selects them (edges, startCursor, endCursor): a page of
  // nodes alone costs no cursor (npm run bench, issue 21).
  let edges: Edge<T>[] | undefined;
  const edgesOf = () =>
    (edges ??= page.map((node) => ({
      node,
      cursor: encodeCursor(ordering.name, sortValues(node)),
    })));
  return {
    get edges() {
      return edgesOf();
    },
    nodes: page,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after),
      get startCursor() {
        return edgesOf()[0]?.cursor ?? null;
      },
      get endCursor() {
        return edgesOf().at(-1)?.cursor ?? null;
      },
    },
  };
}

export interface PageOptions<T> {
  /**
   * Receives the page's rows with the raw columns the query selected besides the entity's
   * (`addSelect(..., 'alias')`), so a list can prime the request's loaders from its own query.
   */
  withRaw?: (rows: T[], raw: Record<string, unknown>[]) => void;
}

/**
 * Keyset ("seek") pagination: the cost of page 5,000 is the cost of page 1, given an index on
 * the sort keys. Every key is sorted in the same direction so one row-value comparison
 * `(a, b) < ($1, $2)` seeks to the cursor. One query for the page (fetching one row more to
 * know whether there is a next page); totalCount is counted only when a client asks for it
 * (GraphQL calls the function when the field is selected), as it costs a pass over every match.
 * The query must select one row per entity (no to-many joins).
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  ordering: KeysetOrdering<T>,
  options: PageOptions<T> = {},
): Promise<Connection<T>> {
  const first = pageSize(args);
  const countQuery = query.clone();
  const { keys, direction } = ordering;

  if (args.after) {
    const { sql, params } = cursorCondition(args.after, ordering);
    query.andWhere(sql, params);
  }
  keys.forEach((key, i) =>
    i === 0
      ? query.orderBy(key.expression, direction)
      : query.addOrderBy(key.expression, direction),
  );

  let rows: T[] = [];
  if (first > 0) {
    const { entities, raw } = await query.limit(first + 1).getRawAndEntities();
    rows = entities;
    options.withRaw?.(entities.slice(0, first), raw.slice(0, first) as Record<string, unknown>[]);
  }
  let counted: Promise<number> | undefined;
  return toConnection(rows, first, args, ordering, () => (counted ??= countQuery.getCount()));
}
