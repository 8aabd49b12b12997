import { isStaffOf } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { answerMayMove, Lifecycle, type ProposalStatus } from '../proposals/proposal-status.js';

/**
 * Who may act in the feedback loop: the object-level half of the role table in
 * ../shared/api/README.md (the role half, staff or admin, is @Allow(ACT_FOR_DEPARTMENT) on
 * each mutation). Every rule about routing, answers, progress and ratings is in this file.
 */

/** Staff of the department a proposal is assigned to, or an admin. */
export function actsForAssignedDepartment(viewer: Viewer, proposal: ProposalEntity): boolean {
  return viewer.role === Role.ADMIN || isStaffOf(viewer, proposal.departmentId);
}

/**
 * Routing. The first assignment of an unassigned proposal: any staff member (the triage desk)
 * or an admin. A transfer: staff of the current department or an admin. Only admins set the
 * deadline by hand. Final proposals are not routed again, nor to where they already are.
 */
export function assertMayRoute(
  viewer: Viewer,
  proposal: ProposalEntity,
  toDepartmentId: string,
  explicitDueAt: boolean,
): void {
  const firstAssignment = proposal.departmentId === null;
  if (!firstAssignment && !actsForAssignedDepartment(viewer, proposal)) {
    throw AppError.forbidden('error.forbidden.transfer');
  }
  if (explicitDueAt && viewer.role !== Role.ADMIN) {
    throw AppError.forbidden('error.forbidden.setDueByHand');
  }
  if (Lifecycle.final.includes(proposal.status)) {
    throw AppError.conflict(text('error.conflict.finalNotRouted', { status: proposal.status }));
  }
  if (proposal.departmentId === toDepartmentId) {
    throw AppError.conflict('error.conflict.alreadyAssignedHere');
  }
}

/** Answers: staff of the assigned department (or an admin), by a move of the lifecycle table. */
export function assertMayAnswer(
  viewer: Viewer,
  proposal: ProposalEntity,
  to: ProposalStatus,
): void {
  if (proposal.departmentId === null) {
    throw AppError.conflict('error.conflict.notAssignedYet');
  }
  if (!actsForAssignedDepartment(viewer, proposal)) {
    throw AppError.forbidden('error.forbidden.answer');
  }
  if (!answerMayMove(proposal.status, to)) {
    const allowed = Lifecycle.answerMoves[proposal.status];
    throw AppError.conflict(
      allowed.length
        ? text('error.conflict.answerTransition', {
            status: proposal.status,
            to,
            allowed: allowed.join(', '),
          })
        : text('error.conflict.takesNoAnswers', { status: proposal.status }),
    );
  }
}

/** Progress updates: staff of the assigned department (or an admin), on accepted work only. */
export function assertMayPostProgress(viewer: Viewer, proposal: ProposalEntity): void {
  // As for answers: an unassigned proposal is not anyone's yet, a CONFLICT for everyone.
  if (proposal.departmentId === null) {
    throw AppError.conflict('error.conflict.notAssignedYet');
  }
  if (!actsForAssignedDepartment(viewer, proposal)) {
    throw AppError.forbidden('error.forbidden.postProgress');
  }
  if (!Lifecycle.progressAllowedIn.includes(proposal.status)) {
    throw AppError.conflict(text('error.conflict.progressStatus', { status: proposal.status }));
  }
}

/**
 * Ratings: the proposal's author, whatever their role, except an admin (the role table: an
 * admin answers for the city and does not grade it). Once per answer; the primary key of
 * answer_rating enforces the "once".
 */
export function assertMayRate(viewer: Viewer, proposal: ProposalEntity): void {
  if (viewer.role === Role.ADMIN) throw AppError.forbidden('error.forbidden.adminsDoNotRate');
  if (proposal.authorId !== viewer.id) {
    throw AppError.forbidden('error.forbidden.onlyAuthorRates');
  }
}
