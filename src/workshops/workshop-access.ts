import { isStaffOf } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { WorkshopEntity } from './workshop.entity.js';

/**
 * Who may run a workshop: the object-level half of the role table in ../shared/api/README.md
 * (the role half is @Allow on each root field). Every workshop permission rule is here.
 */

/** Staff of the organizing department, or an admin. */
export function organizes(viewer: Viewer | null, workshop: WorkshopEntity): boolean {
  return viewer?.role === Role.ADMIN || isStaffOf(viewer, workshop.organizerId);
}

/**
 * The organizer of a new workshop: staff create for their own department (naming another is
 * FORBIDDEN); an admin must name one.
 */
export function organizerFor(viewer: Viewer, requested: string | null | undefined): string {
  if (viewer.role === Role.ADMIN) {
    if (!requested) throw AppError.badField('organizerId', 'field.organizerRequired');
    return requested;
  }
  if (requested && requested !== viewer.departmentId) {
    throw AppError.forbidden('error.forbidden.ownDepartmentWorkshops');
  }
  return viewer.departmentId!;
}

/** Update, publish the outcome, see the registrations: the organizer's staff and admins. */
export function assertOrganizes(viewer: Viewer, workshop: WorkshopEntity): void {
  if (!organizes(viewer, workshop)) {
    throw AppError.forbidden('error.forbidden.organizersOnly');
  }
}
