import type { Viewer } from '../core/auth/viewer.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { UserEntity } from '../identity/user.entity.js';
import { isSelf } from '../identity/who-reads-a-user.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import { organizes } from '../workshops/workshop-access.js';

/**
 * Who sees children: every rule of issue 19's "nobody else sees children at all, through any
 * query, node id or subscription", in one place. A child is reached only through these:
 *
 * | path                                       | who                                         |
 * |--------------------------------------------|---------------------------------------------|
 * | User.children, .childRegistrations,        | the user themself (null for anyone else,    |
 * | .guardianConsents                          | admins included)                            |
 * | Workshop.childRegistrations                | its organizers (STAFF of its department) and|
 * |                                            | ADMIN; null for everyone else               |
 * | node(id) of a Child                        | its guardian                                |
 * | node(id) of a ChildRegistration (and a     | its guardian and the workshop's organizers  |
 * | notification's subject, which loads it)    |                                             |
 * | ChildRegistration.guardian, guardianContact| the guardian and the organizers             |
 *
 * Every mutation on a child or its registration is the guardian's alone; to anyone else the
 * child does not exist (NOT_FOUND, the same as a missing id). Notifications and their pushes
 * (notificationAdded) name the workshop, never the child (who-hears-what.ts placesGiven).
 */

/** The guardian of `child` (a child, or a registration or consent of one). */
export function isGuardian(viewer: Viewer | null, child: { guardianId: string }): boolean {
  return viewer !== null && viewer.id === child.guardianId;
}

/** User.children, User.childRegistrations, User.guardianConsents: the user themself only. */
export function readsOwnChildren(user: UserEntity, ctx: RequestContext): boolean {
  return isSelf(user, ctx);
}

/** Workshop.childRegistrations: the organizers (and admins), who run the room. */
export function seesChildrenOf(viewer: Viewer | null, workshop: WorkshopEntity): boolean {
  return organizes(viewer, workshop);
}

/**
 * A child registration by id (node, a notification's subject), and its guardian and the
 * contact the guardian shared: the guardian and the workshop's organizers.
 */
export function seesChildRegistration(
  viewer: Viewer | null,
  registration: { guardianId: string },
  workshop: WorkshopEntity,
): boolean {
  return isGuardian(viewer, registration) || seesChildrenOf(viewer, workshop);
}
