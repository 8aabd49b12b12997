import { Injectable } from '@nestjs/common';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { DEPARTMENT_PLAN, TOPIC_PLAN } from '../catalog/catalog-plan.js';
import { threadField } from '../comments/comment-plan.js';
import type { Viewer } from '../core/auth/viewer.js';
import {
  connectionSelection,
  plannedConnection,
  plannedCursorCondition,
  SORT_VALUES,
  sortValuesSql,
} from '../core/graphql/planning/connection-plan.js';
import {
  column,
  definePlan,
  nodeId,
  objectSql,
  timestamp,
  toOne,
  type FieldPlanner,
  type PlanContext,
  type PlannedField,
} from '../core/graphql/planning/object-plan.js';
import { PlannedStatements } from '../core/graphql/planning/planned-statements.js';
import {
  childFields,
  selectionContext,
  Unplannable,
  type SelectedField,
} from '../core/graphql/planning/selection.js';
import { SqlParams } from '../core/graphql/planning/sql-params.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import { pageSize } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { orderBySql, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { USER_PLAN } from '../identity/user-plan.js';
import type { ProposalOrder } from './dto/proposal.inputs.js';
import { NEWEST_FIRST, orderingOf, scopeCondition, type ProposalScope } from './proposal-scope.js';

/** Location: null when the proposal has neither an address nor coordinates (the resolver's rule). */
const location: FieldPlanner = (p) => ({
  sql: `CASE WHEN ${p}.location_address IS NULL AND ${p}.location_latitude IS NULL THEN NULL
    ELSE json_build_object('address', ${p}.location_address, 'latitude', ${p}.location_latitude,
      'longitude', ${p}.location_longitude) END`,
});

/** False for anonymous viewers, without reading anything (ProposalsService.viewerHasSupported). */
const viewerHasSupported: FieldPlanner = (p, _field, ctx) => ({
  sql: ctx.viewer
    ? `EXISTS (SELECT 1 FROM proposal_support s WHERE s.proposal_id = ${p}.id AND s.user_id = ${ctx.params.add(ctx.viewer.id)})`
    : 'false',
});

/** Topics ordered by id, as ProposalsService.topicIdsOf reads them. */
const topics: FieldPlanner = (p, field, ctx) => {
  const topic = objectSql(TOPIC_PLAN, childFields(field, ctx), 't', ctx);
  return {
    sql: `(SELECT coalesce(json_agg(${topic.sql} ORDER BY t.id), '[]')
      FROM proposal_topic pt JOIN topic t ON t.id = pt.topic_id WHERE pt.proposal_id = ${p}.id)`,
  };
};

/**
 * The fields of Proposal a planned statement reads, each the SQL twin of its resolver in
 * proposals.resolver.ts (or a plain column). A document selecting any other field (process,
 * timeline, answers, channel...) is served by the resolvers, whole.
 */
export const PROPOSAL_PLAN = definePlan({
  typeName: 'Proposal',
  fields: {
    id: nodeId('Proposal'),
    title: column('title'),
    body: column('body'),
    status: column('status'),
    responseDueAt: timestamp('response_due_at'),
    supportCount: column('support_count'),
    commentCount: column('comment_count'),
    progress: column('progress'),
    hidden: column('hidden'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    location,
    viewerHasSupported,
    author: toOne(
      () => USER_PLAN,
      'app_user',
      'u',
      (p) => `${p}.author_id`,
    ),
    department: toOne(
      () => DEPARTMENT_PLAN,
      'department',
      'd',
      (p) => `${p}.department_id`,
    ),
    topics,
    comments: threadField('proposal_id'),
  },
});

/** A planned proposal: the answer's shape, built by Postgres (planning/planned-object.ts). */
export type PlannedProposal = Record<string, unknown>;

/**
 * `proposals` and `proposal` read as one statement each, planned from the client's selection
 * (issue 21): exactly the selected columns and relations, returned by Postgres as JSON in the
 * answer's shape, with the same visibility, filters, ordering and cursors as the resolvers'
 * way (proposal-scope.ts, comment-access.ts) and sent as named prepared statements. Returns
 * undefined when the selection holds a field no plan covers, or arguments the resolvers would
 * refuse: the caller then takes the resolvers' way, which serves every document.
 */
@Injectable()
export class ProposalPlanner {
  constructor(private readonly statements: PlannedStatements) {}

  async page(
    info: GraphQLResolveInfo,
    viewer: Viewer | null,
    scope: ProposalScope,
    args: ConnectionArgs,
    order: ProposalOrder = NEWEST_FIRST,
  ): Promise<Connection<PlannedProposal> | undefined> {
    if (!this.statements.enabled || pageSize(args) === 0) return undefined;
    const ordering = orderingOf(order) as KeysetOrdering<never>;
    const planned = plan(info, viewer, (root, ctx) => {
      // totalCount, when selected, is counted by its own statement (lazily, as on the
      // resolvers' way): the page's statement stays one text whatever else is asked.
      const { nodes } = connectionSelection(root, ctx);
      const node = objectSql(PROPOSAL_PLAN, nodes, 'p', ctx, [
        [SORT_VALUES, sortValuesSql(ordering)],
      ]);
      const where = ctx.params.bind(scopeCondition(viewer, scope));
      const after = args.after ? ` AND ${plannedCursorCondition(args.after, ordering, ctx)}` : '';
      return {
        node,
        text: `SELECT ${node.sql} AS node FROM proposal p WHERE ${where}${after}
          ORDER BY ${orderBySql(ordering)} LIMIT ${pageSize(args) + 1}`,
      };
    });
    if (!planned) return undefined;
    const rows = await this.statements.rows<{ node: PlannedProposal }>(
      planned.text,
      planned.values,
      unfiltered(scope),
    );
    const finish = planned.node.finish;
    const nodes = rows.map((row) => (finish ? finish(row.node) : row.node) as PlannedProposal);
    let counted: Promise<number> | undefined;
    return plannedConnection(nodes, args, ordering, () => (counted ??= this.count(viewer, scope)));
  }

  /** The proposal as `viewer` may see it, or null; undefined when not planned. */
  async one(
    info: GraphQLResolveInfo,
    viewer: Viewer | null,
    id: string,
  ): Promise<PlannedProposal | null | undefined> {
    if (!this.statements.enabled) return undefined;
    const planned = plan(info, viewer, (root, ctx) => {
      const node = objectSql(PROPOSAL_PLAN, childFields(root, ctx), 'p', ctx);
      const where = ctx.params.bind(scopeCondition(viewer, {}));
      return {
        node,
        text: `SELECT ${node.sql} AS node FROM proposal p WHERE p.id = ${ctx.params.add(id)} AND ${where}`,
      };
    });
    if (!planned) return undefined;
    const [row] = await this.statements.rows<{ node: PlannedProposal }>(
      planned.text,
      planned.values,
      true,
    );
    if (!row) return null;
    const finish = planned.node.finish;
    return (finish ? finish(row.node) : row.node) as PlannedProposal;
  }

  private async count(viewer: Viewer | null, scope: ProposalScope): Promise<number> {
    const params = new SqlParams();
    const where = params.bind(scopeCondition(viewer, scope));
    const [row] = await this.statements.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM proposal p WHERE ${where}`,
      params.values,
      unfiltered(scope),
    );
    return row!.n;
  }
}

/**
 * A list narrowed by nothing but what the viewer may see: its best plan (the ordering's index)
 * does not depend on the values, so it is a named statement with a generic plan. A filtered
 * list's plan does (a small department, a rare word), and it is planned with its values.
 */
function unfiltered(scope: ProposalScope): boolean {
  return Object.values(scope).every((value) => value == null);
}

/** Plans the root field of `info` with `build`; undefined when Unplannable. */
function plan(
  info: GraphQLResolveInfo,
  viewer: Viewer | null,
  build: (root: SelectedField, ctx: PlanContext) => { node: PlannedField; text: string },
): { node: PlannedField; text: string; values: unknown[] } | undefined {
  const ctx: PlanContext = { ...selectionContext(info), params: new SqlParams(), viewer };
  const definition = info.parentType.getFields()[info.fieldName]!;
  const root: SelectedField = {
    name: info.fieldName,
    args: {},
    selections: info.fieldNodes
      .map((node) => node.selectionSet)
      .filter((set): set is SelectionSetNode => set !== undefined),
    definition,
  };
  try {
    const { node, text } = build(root, ctx);
    return { node, text, values: ctx.params.values };
  } catch (error) {
    if (error instanceof Unplannable) return undefined;
    throw error;
  }
}
