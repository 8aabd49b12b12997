import type { Viewer } from '../core/auth/viewer.js';
import { seesHiddenContent } from '../proposals/proposal-access.js';
import type { CommentEntity } from './comment.entity.js';

/** The body as `viewer` may read it: null once deleted, and when hidden unless a moderator. */
export function commentBodyFor(
  viewer: Viewer | null,
  comment: Pick<CommentEntity, 'deletedAt' | 'hidden' | 'body'>,
): string | null {
  if (comment.deletedAt) return null;
  if (comment.hidden && !seesHiddenContent(viewer)) return null;
  return comment.body;
}

/** The same rule as SQL over alias `c`, for planned statements (comment-plan.ts). */
export function commentBodySql(viewer: Viewer | null, alias: string): string {
  return seesHiddenContent(viewer)
    ? `CASE WHEN ${alias}.deleted_at IS NULL THEN ${alias}.body END`
    : `CASE WHEN ${alias}.deleted_at IS NULL AND NOT ${alias}.hidden THEN ${alias}.body END`;
}
