import { SetMetadata } from '@nestjs/common';
import { registerEnumType } from '@nestjs/graphql';

/**
 * What an API client (src/api-clients) may do, granted by an admin and narrowed per token by
 * the OAuth `scope` parameter. People are not scoped: these apply to client tokens only.
 */
export enum ApiScope {
  /** Queries and subscriptions: public data, and what the client's own account may read. */
  READ = 'READ',
  /** createProposalOnBehalf: a call centre or kiosk proposing for a citizen who consented. */
  PROPOSALS_WRITE = 'PROPOSALS_WRITE',
  /** The mutations a department's staff may make (ACT_FOR_DEPARTMENT), for its department. */
  FEEDBACK_WRITE = 'FEEDBACK_WRITE',
  /** Subscribing endpoints to events (src/webhooks). */
  WEBHOOKS = 'WEBHOOKS',
}
registerEnumType(ApiScope, { name: 'ApiScope' });

/** The OAuth spelling of each scope (RFC 6749 scope tokens, lower case). */
export const OAUTH_SCOPE: Record<ApiScope, string> = {
  [ApiScope.READ]: 'read',
  [ApiScope.PROPOSALS_WRITE]: 'proposals:write',
  [ApiScope.FEEDBACK_WRITE]: 'feedback:write',
  [ApiScope.WEBHOOKS]: 'webhooks',
};

const BY_OAUTH = new Map(Object.entries(OAUTH_SCOPE).map(([scope, name]) => [name, scope]));

/** The scopes an OAuth `scope` string names, or null when it names one that does not exist. */
export function scopesOf(oauth: string): ApiScope[] | null {
  const names = oauth.split(' ').filter(Boolean);
  const scopes = names.map((name) => BY_OAUTH.get(name) as ApiScope | undefined);
  return scopes.every((scope) => scope !== undefined) ? [...new Set(scopes)] : null;
}

export const API_SCOPE_KEY = 'wontak:apiScope';

/**
 * The scope an API client needs for a root field, when it is not the default for its
 * permission (src/core/auth/gql-auth.guard.ts: queries READ, ACT_FOR_DEPARTMENT
 * FEEDBACK_WRITE, any other mutation no scope at all).
 */
export const RequireScope = (scope: ApiScope) => SetMetadata(API_SCOPE_KEY, scope);
