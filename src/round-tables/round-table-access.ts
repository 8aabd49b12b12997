import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { isStaffOf } from '../core/access/permissions.js';
import { organizes } from '../workshops/workshop-access.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import type { RoundTableEntity } from './round-table.entity.js';

/**
 * Who may do what with a session's tables, ideas and priorities, beyond the role table
 * (@Allow on each root field), in one place:
 * - setRoundTables, assignSeats, mergeIdeas, publishPriorities, priorityToProposal: the
 *   workshop's organizers (staff of its organizing department) and admins.
 * - recordIdea, recordDots: a table's facilitator for their own table, organizers, admins.
 *   Facilitators may be citizens (a registered participant named by the organizer).
 * - Ideas and priorities (the raw entries): organizers and facilitators until the priorities
 *   are published, everyone after.
 * - A table's participants: organizers and facilitators; a seated participant their own table.
 */

/** The facilitator of `table`, or an organizer: who may record ideas and dots there. */
export function mayRecordAt(
  viewer: Viewer,
  workshop: WorkshopEntity,
  table: Pick<RoundTableEntity, 'facilitatorId'>,
): boolean {
  return organizes(viewer, workshop) || table.facilitatorId === viewer.id;
}

export function assertMayRecordAt(
  viewer: Viewer,
  workshop: WorkshopEntity,
  table: Pick<RoundTableEntity, 'facilitatorId'>,
): void {
  if (!mayRecordAt(viewer, workshop, table)) {
    throw AppError.forbidden('error.forbidden.recordOtherTable');
  }
}

/** Organizers and the facilitators of any of the session's tables. */
function runsTheRoom(
  viewer: Viewer | null,
  workshop: WorkshopEntity,
  tables: readonly Pick<RoundTableEntity, 'facilitatorId'>[],
): boolean {
  return (
    viewer !== null &&
    (organizes(viewer, workshop) || tables.some((table) => table.facilitatorId === viewer.id))
  );
}

/** Ideas, dots and priorities: the room's people before publication, everyone after. */
export function seesEntries(
  viewer: Viewer | null,
  workshop: WorkshopEntity,
  tables: readonly Pick<RoundTableEntity, 'facilitatorId'>[],
): boolean {
  return workshop.prioritiesPublishedAt !== null || runsTheRoom(viewer, workshop, tables);
}

/** Who sits at `table`: the room's people, and the table's own participants. */
export function seesParticipants(
  viewer: Viewer | null,
  workshop: WorkshopEntity,
  tables: readonly Pick<RoundTableEntity, 'facilitatorId'>[],
  table: Pick<RoundTableEntity, 'id'>,
  viewerTableId: string | null,
): boolean {
  return runsTheRoom(viewer, workshop, tables) || viewerTableId === table.id;
}

/**
 * Who may facilitate: staff or an admin, or a person holding a CONFIRMED place at the session
 * (the caller says whether they do).
 */
export function mayFacilitate(user: { role: Role }, confirmed: boolean): boolean {
  return user.role === Role.STAFF || user.role === Role.ADMIN || confirmed;
}

/** A priority becomes a proposal for the viewer's own department (staff), any (admin). */
export function assertMayRouteTo(viewer: Viewer, departmentId: string): void {
  if (viewer.role === Role.ADMIN || isStaffOf(viewer, departmentId)) return;
  throw AppError.forbidden('error.forbidden.priorityToOtherDepartment');
}
