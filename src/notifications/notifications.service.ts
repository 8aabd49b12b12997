import type { EmailDeliveryState } from '../mail/email-delivery-state.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import type { NotificationsArgs } from './dto/notifications.args.js';
import { NotificationEntity } from './notification.entity.js';

const NEWEST_FIRST: KeysetOrdering<NotificationEntity> = {
  name: 'notifications-newest',
  direction: 'DESC',
  keys: [
    { expression: 'n.created_at', sqlType: 'timestamptz', value: (n) => n.createdAt.toISOString() },
    { expression: 'n.id', sqlType: 'uuid', value: (n) => n.id },
  ],
};

const NOTIFICATION_BY_ID = new LoaderKey<string, NotificationEntity | null>('notification-by-id');

const EMAIL_STATE_BY_NOTIFICATION = new LoaderKey<string, EmailDeliveryState | null>(
  'email-state-by-notification',
);

/** At most this many ids per markNotificationsRead call. */
export const MARK_READ_MAX_IDS = 500;

export type NotificationPage = Connection<NotificationEntity> & {
  unreadCount: () => Promise<number>;
};

/** A person's own notifications: reading them and marking them read. Nobody sees another's. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(NotificationEntity)
    private readonly notifications: Repository<NotificationEntity>,
  ) {}

  async list(viewer: Viewer, args: NotificationsArgs): Promise<NotificationPage> {
    const query = this.notifications
      .createQueryBuilder('n')
      .where('n.recipient_id = :recipient', { recipient: viewer.id });
    if (args.unreadOnly) query.andWhere('n.read_at IS NULL');
    const page = await paginate(query, args, NEWEST_FIRST);
    return { ...page, unreadCount: () => this.unreadCount(viewer.id) };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.countBy({ recipientId: userId, readAt: IsNull() });
  }

  /** The notification when it is the viewer's own; null otherwise (as if it did not exist). */
  async findOwn(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<NotificationEntity | null> {
    if (!viewer) return null;
    const notification = await loaders
      .get(NOTIFICATION_BY_ID, async (ids) =>
        byKeys(ids, await this.notifications.findBy({ id: In([...ids]) }), (n) => n.id),
      )
      .load(id);
    return notification?.recipientId === viewer.id ? notification : null;
  }

  /**
   * Marks the viewer's unread notifications among `ids` read (all of them when `ids` is null)
   * and returns how many changed. Ids of other people's notifications change nothing and are
   * not told apart from unknown ones.
   */
  async markRead(viewer: Viewer, ids: string[] | null | undefined): Promise<number> {
    if (ids && ids.length > MARK_READ_MAX_IDS) {
      throw AppError.badField('ids', 'field.atMostNotifications', { maximum: MARK_READ_MAX_IDS });
    }
    if (ids && ids.length === 0) return 0;
    const [, changed] = (await this.notifications.query(
      `UPDATE notification SET read_at = clock_timestamp()
        WHERE recipient_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [viewer.id, ids ?? null],
    )) as [unknown, number];
    return changed;
  }

  /**
   * Where the e-mail of each notification stands; null for those not delivered by e-mail. A
   * digest item reads its digest's state once the digest mail is made. One statement per page.
   */
  emailState(loaders: RequestLoaders, notificationId: string): Promise<EmailDeliveryState | null> {
    return loaders
      .get(EMAIL_STATE_BY_NOTIFICATION, async (ids) => {
        const rows: { notification_id: string; state: EmailDeliveryState }[] =
          await this.notifications.query(
            `SELECT i.notification_id, coalesce(d.state, i.state) AS state
               FROM email_delivery i LEFT JOIN email_delivery d ON d.id = i.digest_id
              WHERE i.notification_id = ANY($1::uuid[])`,
            [[...ids]],
          );
        const states = new Map(rows.map((r) => [r.notification_id, r.state]));
        return ids.map((id) => states.get(id) ?? null);
      })
      .load(notificationId);
  }
}
