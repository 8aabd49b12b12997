import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ApiScope } from '../core/access/api-scope.js';
import type { Role } from '../core/access/role.js';
import type { Locale } from '../core/i18n/locale.js';
import { UnauthenticatedReason } from '../core/errors/error-codes.js';
import { isUuid } from '../core/graphql/relay/global-id.js';
import { ViewerSource, type Viewer, type ViewerKey } from '../core/auth/viewer.js';
import { refusalOfEndedSession } from './sessions.service.js';
import { preparedRows } from '../core/database/prepared-statements.js';

/**
 * One query per authenticated request (and per live event, for all its subscribers at once): the user as they are now (a role change or suspension
 * takes effect at once) and whether the token's session is still open (log-out and token
 * reuse end access tokens too, not only refresh tokens).
 */
@Injectable()
export class IdentityViewerSource extends ViewerSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async findViewer(userId: string, sessionId: string): Promise<Viewer | null> {
    const [viewer] = await this.findViewers([{ userId, sessionId }]);
    return viewer ?? null;
  }

  async findViewers(keys: readonly ViewerKey[]): Promise<(Viewer | null)[]> {
    const sessionIds = keys
      .filter((k) => isUuid(k.userId) && isUuid(k.sessionId))
      .map((k) => k.sessionId);
    if (sessionIds.length === 0) return keys.map(() => null);
    const rows: {
      user_id: string;
      session_id: string;
      role: Role;
      department_id: string | null;
      suspended_until: Date | null;
      locale: Locale | null;
      api_client_id: string | null;
      api_scopes: ApiScope[] | null;
    }[] = await preparedRows(
      this.db,
      // Every signed-in request runs it: prepared once per connection (issue 21).
      'viewer_of_session',
      `SELECT u.id AS user_id, s.id AS session_id, u.role, u.department_id, u.suspended_until,
              u.locale, c.id AS api_client_id, c.scopes::text[] AS api_scopes
         FROM auth_session s JOIN app_user u ON u.id = s.user_id
         LEFT JOIN api_client c ON c.session_id = s.id AND c.revoked_at IS NULL
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL`,
      [[...new Set(sessionIds)]],
    );
    const bySession = new Map(rows.map((row) => [row.session_id, row]));
    return keys.map(({ userId, sessionId }) => {
      const row = bySession.get(sessionId);
      // A session belongs to one user: a token naming another user's session is refused.
      if (!row || row.user_id !== userId) return null;
      return {
        id: userId,
        sessionId,
        role: row.role,
        departmentId: row.department_id,
        suspendedUntil: row.suspended_until,
        locale: row.locale,
        // An API client's session (src/api-clients): the token's own scopes narrow these.
        apiClient: row.api_client_id
          ? {
              id: row.api_client_id,
              scopes: row.api_scopes ?? [],
            }
          : null,
      };
    });
  }

  async refusalOf({ userId, sessionId }: ViewerKey): Promise<UnauthenticatedReason> {
    if (!isUuid(userId) || !isUuid(sessionId)) return UnauthenticatedReason.TOKEN_INVALID;
    const [session]: { user_id: string; revoked_reason: string | null }[] = await this.db.query(
      'SELECT user_id, revoked_reason FROM auth_session WHERE id = $1',
      [sessionId],
    );
    // Only this server can sign a session id into a token: one that is gone was deleted with
    // its account.
    if (!session) return UnauthenticatedReason.SESSION_REVOKED;
    if (session.user_id !== userId) return UnauthenticatedReason.TOKEN_INVALID;
    return refusalOfEndedSession(session.revoked_reason);
  }
}
