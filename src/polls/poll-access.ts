import { isStaffOf } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { PollEntity } from './poll.entity.js';

/**
 * Who may do what with a poll: the object-level half of the role table (the role half is
 * @Allow on each root field). Every poll permission and visibility rule is here.
 */

/** Staff of the organizing department, or an admin: they close it and read its free texts. */
export function organizesPoll(viewer: Viewer | null, poll: PollEntity): boolean {
  return viewer?.role === Role.ADMIN || isStaffOf(viewer, poll.departmentId);
}

export function assertOrganizesPoll(viewer: Viewer, poll: PollEntity): void {
  if (!organizesPoll(viewer, poll)) throw AppError.forbidden('error.forbidden.pollOrganizersOnly');
}

/** Open for responses: from opensAt (included) to closesAt (excluded), on the app's clock. */
export function pollOpen(poll: PollEntity, now = new Date()): boolean {
  return poll.opensAt <= now && now < poll.closesAt;
}

/**
 * Whether `viewer` may see the poll's counts (responseCount, each option's count and percent).
 * Everyone once it has closed, or while it runs when its creator chose live results; the
 * organizers always, since they run it (they see totals only, never who chose what, like
 * everyone else).
 */
export function resultsVisible(viewer: Viewer | null, poll: PollEntity, now = new Date()): boolean {
  return now >= poll.closesAt || poll.liveResults || organizesPoll(viewer, poll);
}
