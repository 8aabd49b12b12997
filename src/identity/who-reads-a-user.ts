import { Role } from '../core/access/role.js';
import { viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { SIGNED_IN_AS } from './auth.service.js';
import type { UserEntity } from './user.entity.js';

/**
 * Whether the reader of `user` is that user themself: the viewer, or the person the request
 * signs in (an AuthPayload's user, read while the request is still anonymous). The one place
 * the private User fields (email, locale, emailVerified, timeZone, digestHour, suspendedUntil,
 * notificationPreferences) ask it.
 */
export function isSelf(user: UserEntity, ctx: RequestContext): boolean {
  return viewerOf(ctx)?.id === user.id || SIGNED_IN_AS in user;
}

/** The user themself or an admin: who reads email, locale and emailVerified. */
export function isSelfOrAdmin(user: UserEntity, ctx: RequestContext): boolean {
  return isSelf(user, ctx) || viewerOf(ctx)?.role === Role.ADMIN;
}
