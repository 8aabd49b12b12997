import { connectionField } from '../core/graphql/planning/connection-plan.js';
import {
  column,
  definePlan,
  nodeId,
  timestamp,
  toOne,
} from '../core/graphql/planning/object-plan.js';
import type { KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { USER_PLAN } from '../identity/user-plan.js';
import { commentBodySql } from './comment-access.js';
import type { CommentEntity } from './comment.entity.js';

/** Threads read like a conversation: oldest first. */
export const OLDEST_FIRST: KeysetOrdering<CommentEntity> = {
  name: 'comments-oldest',
  direction: 'ASC',
  keys: [
    { expression: 'c.created_at', sqlType: 'timestamptz', value: (c) => c.createdAt.toISOString() },
    { expression: 'c.id', sqlType: 'uuid', value: (c) => c.id },
  ],
};

/**
 * The fields of Comment a planned statement reads (src/core/graphql/planning), each the SQL
 * twin of its resolver in comments.resolver.ts. subject, parent and replies are not planned.
 */
export const COMMENT_PLAN = definePlan({
  typeName: 'Comment',
  fields: {
    id: nodeId('Comment'),
    replyCount: column('reply_count'),
    isOfficial: column('is_official'),
    hidden: column('hidden'),
    createdAt: timestamp('created_at'),
    editedAt: timestamp('edited_at'),
    deleted: (c) => ({ sql: `(${c}.deleted_at IS NOT NULL)` }),
    body: (c, _field, ctx) => ({ sql: commentBodySql(ctx.viewer, c) }),
    author: toOne(
      () => USER_PLAN,
      'app_user',
      'u',
      (c) => `${c}.author_id`,
    ),
  },
});

/**
 * A subject's thread (`Proposal.comments`): its top-level comments, oldest first, as
 * CommentsService.threadsOf reads them.
 */
export function threadField(subjectColumn: 'proposal_id' | 'workshop_id') {
  return connectionField({
    node: () => COMMENT_PLAN,
    table: 'comment',
    alias: 'c',
    where: (subject) => `c.${subjectColumn} = ${subject}.id AND c.parent_id IS NULL`,
    ordering: OLDEST_FIRST as never,
  });
}
