import type { ApiScope } from '../access/api-scope.js';
import { Role } from '../access/role.js';
import type { Locale } from '../i18n/locale.js';
import type { UnauthenticatedReason } from '../errors/error-codes.js';

/** Who is making the request, as the access rules need it. Null for anonymous requests. */
export interface Viewer {
  id: string;
  role: Role;
  departmentId: string | null;
  suspendedUntil: Date | null;
  /** The session the access token belongs to. */
  sessionId: string;
  /** The language they chose (null: their client's, else the city's): readerLocale. */
  locale: Locale | null;
  /**
   * Set when the token is an API client's (OAuth client credentials): the viewer is then the
   * client's own account, and the scopes bound what it may call. Absent for people.
   */
  apiClient?: ApiClientGrant | null;
}

/** An API client as a request sees it. */
export interface ApiClientGrant {
  /** api_client.id */
  id: string;
  /** The scopes of this token: the client's, narrowed by the token request's `scope`. */
  scopes: readonly ApiScope[];
}

export function isSuspended(viewer: Viewer, now = new Date()): boolean {
  return viewer.suspendedUntil !== null && viewer.suspendedUntil > now;
}

/**
 * Resolves the subject of a verified access token to a Viewer, or null when the user is gone
 * or the session was revoked. Implemented by the identity module, which owns users.
 */
export abstract class ViewerSource {
  abstract findViewer(userId: string, sessionId: string): Promise<Viewer | null>;
  /** Many at once, in one query: what findViewer would answer for each key, in order. */
  abstract findViewers(keys: readonly ViewerKey[]): Promise<(Viewer | null)[]>;
  /**
   * Why findViewer found no one for a validly signed token, for the client: its session was
   * ended (and how), or its claims name no session of that user. Read on refusals only.
   */
  abstract refusalOf(key: ViewerKey): Promise<UnauthenticatedReason>;
}

/** What an access token names: its user and its session. */
export interface ViewerKey {
  userId: string;
  sessionId: string;
}
