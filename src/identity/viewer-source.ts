import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '../core/access/role.js';
import { ViewerSource, type Viewer } from '../core/auth/viewer.js';

/**
 * One query per authenticated request: the user as they are now (a role change or suspension
 * takes effect at once) and whether the token's session is still open (log-out and token
 * reuse end access tokens too, not only refresh tokens).
 */
@Injectable()
export class IdentityViewerSource extends ViewerSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async findViewer(userId: string, sessionId: string): Promise<Viewer | null> {
    const uuid = /^[0-9a-f-]{36}$/;
    if (!uuid.test(userId) || !uuid.test(sessionId)) return null;
    const rows: { role: Role; department_id: string | null; suspended_until: Date | null }[] =
      await this.db.query(
        `SELECT u.role, u.department_id, u.suspended_until
         FROM app_user u JOIN auth_session s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND s.revoked_at IS NULL`,
        [userId, sessionId],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      id: userId,
      sessionId,
      role: row.role,
      departmentId: row.department_id,
      suspendedUntil: row.suspended_until,
    };
  }
}
