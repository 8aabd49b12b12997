import { isStaffOf } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';

/**
 * Who may do what with a budget, beyond the role table (core/access/permissions.ts), in one
 * place:
 * - createBudget, publishBudgetResults, startBudgetImplementation: ADMIN (role table).
 * - createBudgetProject: STAFF for their own department, ADMIN for any (or none).
 * - reviewBudgetProject: STAFF of the project's department, ADMIN.
 * - enterOfflineTally: any STAFF (the community centres' desks), ADMIN (role table).
 * - castBallot: an eligible resident (eligibility.ts); a ballot is read by its voter only.
 */

/** The department a new project answers to, as the viewer may name it. */
export function departmentForNewProject(
  viewer: Viewer,
  named: string | null | undefined,
  ofProposal: string | null,
): string | null {
  if (viewer.role === Role.ADMIN) return named ?? ofProposal;
  if (named && named !== viewer.departmentId) {
    throw AppError.forbidden('error.forbidden.projectOfOtherDepartment');
  }
  return viewer.departmentId;
}

/** STAFF of the project's department, or an admin. */
export function assertReviews(viewer: Viewer, project: { departmentId: string | null }): void {
  if (viewer.role === Role.ADMIN || isStaffOf(viewer, project.departmentId)) return;
  throw AppError.forbidden('error.forbidden.reviewOtherDepartment');
}
