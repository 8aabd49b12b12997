import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isSuspended, type Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import {
  canonicalTimeZone,
  DEFAULT_DIGEST_HOUR,
  DEFAULT_TIME_ZONE,
} from '../core/i18n/time-zone.js';
import type { UpdateMeInput } from './dto/update-me.input.js';
import { UserEntity } from './user.entity.js';

/** What a person changes about themself: their name, language, time zone and digest hour. */
@Injectable()
export class MeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async update(viewer: Viewer, input: UpdateMeInput): Promise<UserEntity> {
    const changes: Partial<UserEntity> = {};
    if (input.displayName !== undefined) {
      if (input.displayName === null) throw AppError.badField('displayName', 'field.cannotBeNull');
      // A suspended person may not write, and a new name is what others read next to their
      // past contributions: it waits for the suspension to end. The rest is theirs alone.
      if (isSuspended(viewer)) throw AppError.forbidden('error.forbidden.suspendedSeeDate');
      changes.displayName = input.displayName;
    }
    if (input.locale !== undefined) changes.locale = input.locale;
    if (input.timeZone !== undefined) {
      const zone = input.timeZone === null ? DEFAULT_TIME_ZONE : canonicalTimeZone(input.timeZone);
      if (!zone || !(await this.postgresKnows(zone)))
        throw AppError.badField('timeZone', 'field.timeZone');
      changes.timeZone = zone;
    }
    if (input.digestHour !== undefined)
      changes.digestHour = input.digestHour ?? DEFAULT_DIGEST_HOUR;
    if (Object.keys(changes).length) await this.db.manager.update(UserEntity, viewer.id, changes);
    const user = await this.db.manager.findOneBy(UserEntity, { id: viewer.id });
    // The account was deleted while the request ran.
    if (!user) throw AppError.notFound('user');
    return user;
  }

  /**
   * The digest sweep reads `time_zone` with Postgres's AT TIME ZONE, for everyone in one
   * statement: a zone the runtime's ICU knows but the database's tz data does not (one newer
   * than the other) would fail every person's digest, so the database must know it too.
   */
  private async postgresKnows(zone: string): Promise<boolean> {
    const [row]: { known: boolean }[] = await this.db.query(
      'SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known',
      [zone],
    );
    return row?.known === true;
  }
}
