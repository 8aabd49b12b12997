import { Role } from '../core/access/role.js';
import { viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { SIGNED_IN_AS } from './auth.service.js';
import type { UserEntity } from './user.entity.js';

/**
 * Whether the reader of `user` is that user themself: the viewer, or the person the request
 * signs in (an AuthPayload's user, read while the request is still anonymous). The one place
 * the private User fields (email, locale, emailVerified, timeZone, digestHour, suspendedUntil,
 * notificationPreferences, birthYear, residency) ask it.
 */
export function isSelf(user: UserEntity, ctx: RequestContext): boolean {
  return viewerOf(ctx)?.id === user.id || SIGNED_IN_AS in user;
}

/** The user themself or an admin: who reads email, locale, emailVerified and birthYear. */
export function isSelfOrAdmin(user: UserEntity, ctx: RequestContext): boolean {
  return isSelf(user, ctx) || viewerOf(ctx)?.role === Role.ADMIN;
}

/**
 * Who reads a user's residency: the user themself, admins, and any STAFF member whatever their
 * department (every member of staff does triage here, and the desk that verifies residency
 * must see whose is verified already). Moderators do not: where someone lives is none of
 * moderation's business.
 */
export function mayReadResidency(user: UserEntity, ctx: RequestContext): boolean {
  const role = viewerOf(ctx)?.role;
  return isSelf(user, ctx) || role === Role.ADMIN || role === Role.STAFF;
}
