import { holds, Permission } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import type { ProposalEntity } from './proposal.entity.js';
import { Lifecycle } from './proposal-status.js';

/**
 * Who may see and change a proposal: the object-level half of the role table in
 * ../shared/api/README.md (the role half is the @Allow on each root field).
 */

/** Moderators and admins see hidden content. */
export function seesHiddenContent(viewer: Viewer | null): boolean {
  return holds(viewer, Permission.MODERATE);
}

/** A hidden proposal stays visible to moderators, admins and its author; to nobody else. */
export function canSeeProposal(
  viewer: Viewer | null,
  proposal: Pick<ProposalEntity, 'hidden' | 'authorId'>,
): boolean {
  return !proposal.hidden || seesHiddenContent(viewer) || viewer?.id === proposal.authorId;
}

/** The same rule as SQL over alias `p`, for lists. */
export function visibleProposalsSql(viewer: Viewer | null): {
  sql: string;
  params: Record<string, unknown>;
} {
  if (seesHiddenContent(viewer)) return { sql: 'TRUE', params: {} };
  if (!viewer) return { sql: 'p.hidden = false', params: {} };
  return {
    sql: '(p.hidden = false OR p.author_id = :visibleToViewer)',
    params: { visibleToViewer: viewer.id },
  };
}

/** Update and withdraw: the author, or an admin. */
export function assertMayChange(viewer: Viewer, proposal: ProposalEntity): void {
  if (proposal.authorId !== viewer.id && viewer.role !== Role.ADMIN) {
    throw AppError.forbidden('error.forbidden.changeProposal');
  }
}

export function assertEditable(proposal: ProposalEntity): void {
  if (!Lifecycle.editableBy.includes(proposal.status)) {
    throw AppError.conflict(text('error.conflict.editOnlySubmitted', { status: proposal.status }));
  }
}

export function assertWithdrawable(proposal: ProposalEntity): void {
  if (!Lifecycle.withdrawableFrom.includes(proposal.status)) {
    throw AppError.conflict(text('error.conflict.withdrawOnly', { status: proposal.status }));
  }
}

/** Supports are refused on hidden proposals and frozen on withdrawn and rejected ones. */
export function assertSupportsOpen(proposal: ProposalEntity): void {
  if (proposal.hidden) throw AppError.conflict('error.conflict.hiddenNoSupport');
  if (Lifecycle.supportsFrozenIn.includes(proposal.status)) {
    throw AppError.conflict(text('error.conflict.supportsClosed', { status: proposal.status }));
  }
}
