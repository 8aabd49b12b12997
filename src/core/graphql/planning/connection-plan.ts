import { getNamedType, isObjectType } from 'graphql';
import { AppError } from '../../errors/app-error.js';
import { validateSync } from 'class-validator';
import { ConnectionArgs, DEFAULT_PAGE_SIZE } from '../relay/connection.args.js';
import type { Connection } from '../relay/connection.model.js';
import {
  cursorCondition,
  cursorValueFromJson,
  orderBySql,
  toConnection,
  type KeysetOrdering,
} from '../relay/paginate.js';
import { objectSql, type FieldPlanner, type ObjectPlan, type PlanContext } from './object-plan.js';
import {
  childFields,
  selectedFields,
  Unplannable,
  type SelectedField,
  type Selection,
} from './selection.js';

/** Where a planned row keeps its sort values, for its cursor (`json_build_array` of the keys). */
export const SORT_VALUES = '$k';

/** A planned row of a page: its fields, and its sort values under SORT_VALUES. */
type PlannedRow = Record<string, unknown>;

/**
 * The page arguments of a planned connection, checked by ConnectionArgs' own rules (as the
 * validation pipe checks them on the resolvers' way). Arguments that way would refuse are
 * Unplannable here, so the refusal is the resolvers' own, with the same message and path.
 */
export function plannedPageArgs(args: Record<string, unknown>): ConnectionArgs {
  const page = Object.assign(new ConnectionArgs(), { first: args.first, after: args.after });
  if (validateSync(page).length > 0) throw new Unplannable('page arguments');
  return page;
}

/** "After this cursor" as a planned condition; a cursor the resolvers would refuse is Unplannable. */
export function plannedCursorCondition(
  after: string,
  ordering: KeysetOrdering<never>,
  ctx: PlanContext,
): string {
  try {
    return ctx.params.bind(cursorCondition(after, ordering));
  } catch (error) {
    if (error instanceof AppError) throw new Unplannable('cursor');
    throw error;
  }
}

/** The row's sort values, kept in its planned object for its cursor. */
export function sortValuesSql(ordering: KeysetOrdering<never>): string {
  return `json_build_array(${ordering.keys.map((key) => key.expression).join(', ')})`;
}

/** A page of planned rows (one more than `first` read) as the connection the resolvers give. */
export function plannedConnection(
  rows: PlannedRow[],
  args: ConnectionArgs,
  ordering: KeysetOrdering<never>,
  totalCount: Connection<PlannedRow>['totalCount'],
): Connection<PlannedRow> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  return toConnection(
    rows,
    first,
    args,
    ordering as KeysetOrdering<PlannedRow>,
    totalCount,
    (row) =>
      (row[SORT_VALUES] as unknown[]).map((value, i) =>
        cursorValueFromJson(value, ordering.keys[i]!.sqlType),
      ),
  );
}

/**
 * What a client selected of a connection: the fields of its nodes (under `nodes` and under
 * `edges { node }`, merged) and whether it asked for totalCount. Cursors and pageInfo are
 * made in JavaScript from the rows, as the resolvers make them.
 */
export function connectionSelection(
  field: SelectedField,
  ctx: PlanContext,
): { nodes: Selection; totalCount: boolean } {
  const connection = childFields(field, ctx);
  const nodeSets = [...(connection.get('nodes')?.selections ?? [])];
  const edges = connection.get('edges');
  if (edges) {
    const edge = childFields(edges, ctx);
    nodeSets.push(...(edge.get('node')?.selections ?? []));
  }
  const nodesField = connection.get('nodes') ?? edges;
  let nodes: Selection = new Map();
  if (nodesField) {
    const type = getNamedType(field.definition.type);
    if (!isObjectType(type)) throw new Unplannable('connection');
    const nodeType = getNamedType(type.getFields().nodes!.type);
    if (!isObjectType(nodeType)) throw new Unplannable('connection nodes');
    nodes = selectedFields(nodeType, nodeSets, ctx);
  }
  return { nodes, totalCount: connection.has('totalCount') };
}

/** A nested connection read with its parent: a keyset page per parent row, in the parent's statement. */
export interface ConnectionFieldSpec {
  node: () => ObjectPlan;
  table: string;
  /** The alias of `table` the ordering's expressions use. */
  alias: string;
  /** The rows of the parent row `parentAlias`, in `alias`. */
  where: (parentAlias: string) => string;
  ordering: KeysetOrdering<never>;
}

/**
 * A nested connection, planned: the page (a LIMITed subquery that seeks through the ordering's
 * index, as paginateGroups does on the resolvers' way), aggregated as JSON in order, with its
 * count when selected; made a Connection in JavaScript once read.
 */
export function connectionField(spec: ConnectionFieldSpec): FieldPlanner {
  return (parentAlias, field, ctx) => {
    const args = plannedPageArgs(field.args);
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    const { nodes, totalCount } = connectionSelection(field, ctx);
    const { alias, ordering } = spec;
    const where = spec.where(parentAlias);
    let page = `'[]'::json`;
    let finishNode: ((value: unknown) => unknown) | undefined;
    // No rows for first: 0, as the resolvers' way reads none (so hasNextPage is false).
    if (first > 0) {
      const node = objectSql(spec.node(), nodes, alias, ctx, [
        [SORT_VALUES, sortValuesSql(ordering)],
      ]);
      finishNode = node.finish;
      const after = args.after ? ` AND ${plannedCursorCondition(args.after, ordering, ctx)}` : '';
      // The keys again outside, so the aggregate's order is the page's by definition.
      const keys = ordering.keys.map((key, i) => `${key.expression} AS k${i}`).join(', ');
      const outerOrder = ordering.keys.map((_, i) => `page.k${i} ${ordering.direction}`).join(', ');
      page = `(SELECT coalesce(json_agg(page.node ORDER BY ${outerOrder}), '[]') FROM (
        SELECT ${node.sql} AS node, ${keys} FROM ${spec.table} ${alias}
        WHERE ${where}${after} ORDER BY ${orderBySql(ordering)} LIMIT ${first + 1}) page)`;
    }
    const count = totalCount
      ? `(SELECT count(*)::int FROM ${spec.table} ${alias} WHERE ${where})`
      : 'NULL';
    return {
      sql: `json_build_array(${page}, ${count})`,
      finish: (value) => {
        const [rows, total] = value as [PlannedRow[], number | null];
        const finished = finishNode ? (rows.map(finishNode) as PlannedRow[]) : rows;
        return plannedConnection(finished, args, ordering, total ?? 0);
      },
    };
  };
}
