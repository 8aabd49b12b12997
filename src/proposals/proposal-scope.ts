import type { Viewer } from '../core/auth/viewer.js';
import { OrderDirection } from '../core/graphql/relay/order-direction.js';
import type { KeysetOrdering, SortKey } from '../core/graphql/relay/paginate.js';
import type { ProposalOrder } from './dto/proposal.inputs.js';
import { visibleProposalsSql } from './proposal-access.js';
import { notOverdueSql, overdueSql } from './proposal-deadline.js';
import { searchCondition } from './proposal-search.js';
import type { ProposalEntity } from './proposal.entity.js';
import { ProposalOrderField } from './proposal.model.js';
import type { ProposalStatus } from './proposal-status.js';

/*
 * Which proposals a list holds and in what order: written once, for both ways a list is read
 * (ProposalsService.list through TypeORM, ProposalPlanner as one planned statement).
 */

/** What a list is narrowed to: the filter of `proposals`, or the parent of a nested list. */
export interface ProposalScope {
  status?: ProposalStatus[] | null;
  departmentId?: string | null;
  processId?: string | null;
  topicIds?: string[] | null;
  authorId?: string | null;
  search?: string | null;
  /** True: only overdue proposals; false: only the others (proposal-deadline.ts). */
  overdue?: boolean | null;
  /** True: only proposals their department still owes an answer; false: only the others. */
  awaitingAnswer?: boolean | null;
}

/** The sort key of each ordering; every one ends in the id so that ties have an order. */
const SORT_KEYS: Record<ProposalOrderField, SortKey<ProposalEntity>> = {
  [ProposalOrderField.CREATED_AT]: {
    expression: 'p.created_at',
    sqlType: 'timestamptz',
    value: (p) => p.createdAt.toISOString(),
  },
  [ProposalOrderField.SUPPORT_COUNT]: {
    expression: 'p.support_count',
    sqlType: 'int',
    value: (p) => p.supportCount,
  },
  [ProposalOrderField.COMMENT_COUNT]: {
    expression: 'p.comment_count',
    sqlType: 'int',
    value: (p) => p.commentCount,
  },
  // Matches the index expression: no due date sorts as infinity, last when ascending.
  [ProposalOrderField.RESPONSE_DUE_AT]: {
    expression: "coalesce(p.response_due_at, 'infinity'::timestamptz)",
    sqlType: 'timestamptz',
    value: (p) => p.responseDueAt?.toISOString() ?? 'infinity',
  },
};

export const NEWEST_FIRST: ProposalOrder = {
  field: ProposalOrderField.CREATED_AT,
  direction: OrderDirection.DESC,
};

export function orderingOf(order: ProposalOrder): KeysetOrdering<ProposalEntity> {
  return {
    name: `proposals-${order.field}-${order.direction}`,
    direction: order.direction,
    keys: [SORT_KEYS[order.field], { expression: 'p.id', sqlType: 'uuid', value: (p) => p.id }],
  };
}

/**
 * The WHERE of a list: what `viewer` may see (proposal-access.ts), narrowed by `scope`. In
 * TypeORM's `:name` placeholders; the planner binds them to `$n` (planning/sql-params.ts).
 */
export function scopeCondition(
  viewer: Viewer | null,
  scope: ProposalScope,
): { sql: string; params: Record<string, unknown> } {
  const visible = visibleProposalsSql(viewer);
  const conditions = [visible.sql];
  const params: Record<string, unknown> = { ...visible.params };
  if (scope.status?.length) {
    conditions.push('p.status = ANY(:statuses)');
    params.statuses = scope.status;
  }
  if (scope.departmentId) {
    conditions.push('p.department_id = :departmentId');
    params.departmentId = scope.departmentId;
  }
  if (scope.processId) {
    conditions.push('p.process_id = :processId');
    params.processId = scope.processId;
  }
  if (scope.authorId) {
    conditions.push('p.author_id = :authorId');
    params.authorId = scope.authorId;
  }
  if (scope.topicIds?.length) {
    conditions.push(
      'EXISTS (SELECT 1 FROM proposal_topic pt WHERE pt.proposal_id = p.id AND pt.topic_id = ANY(:topicIds))',
    );
    params.topicIds = scope.topicIds;
  }
  if (scope.overdue != null) conditions.push(scope.overdue ? overdueSql('p') : notOverdueSql('p'));
  if (scope.awaitingAnswer != null) {
    conditions.push('p.awaiting_answer = :awaitingAnswer');
    params.awaitingAnswer = scope.awaitingAnswer;
  }
  if (scope.search) {
    const search = searchCondition(scope.search);
    conditions.push(search.sql);
    Object.assign(params, search.params);
  }
  return { sql: conditions.join(' AND '), params };
}
