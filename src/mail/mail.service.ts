import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { NotificationKind } from '../notifications/notification-kind.js';
import { EmailDeliveryEntity } from './email-delivery.entity.js';
import type { EmailDeliveriesArgs } from './dto/email-deliveries.args.js';
import { MailLinks } from './mail-links.js';
import { queueVerificationEmail } from './verification.js';

const NEWEST_FIRST: KeysetOrdering<EmailDeliveryEntity> = {
  name: 'email-delivery-newest',
  direction: 'DESC',
  keys: [
    { expression: 'd.created_at', sqlType: 'timestamptz', value: (d) => d.createdAt.toISOString() },
    { expression: 'd.id', sqlType: 'uuid', value: (d) => d.id },
  ],
};

const EMAIL_DELIVERY_BY_ID = new LoaderKey<string, EmailDeliveryEntity | null>(
  'email-delivery-by-id',
);

/**
 * What a person does with a mail without logging in (verifyEmail, unsubscribe), asking for a
 * new verification mail, and the admins' view of the outbox. The token is the credential:
 * signed (mail-tokens.ts), it names the account, and for a verification the address.
 */
@Injectable()
export class MailService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: MailLinks,
    @InjectRepository(EmailDeliveryEntity)
    private readonly deliveries: Repository<EmailDeliveryEntity>,
  ) {}

  /**
   * Marks the account's address verified when the token is ours, unexpired, and names the
   * account's current address; BAD_USER_INPUT on `token` otherwise, and nothing changes. A
   * second click on the same link is true again (the address stays verified since the first).
   */
  async verifyEmail(token: string, now = new Date()): Promise<boolean> {
    const claims = this.links.tokens.verify(token);
    if (claims?.purpose !== 'verify' || claims.expiresAt <= now)
      throw AppError.badField('token', 'field.verificationToken');
    const rows: { id: string }[] = await this.dataSource.query(
      // In a WITH: TypeORM answers a bare UPDATE with [rows, count], a SELECT with its rows.
      `WITH verified AS (
         UPDATE app_user SET email_verified_at = coalesce(email_verified_at, $3)
          WHERE id = $1 AND email = $2
         RETURNING id
       )
       SELECT id FROM verified`,
      [claims.userId, claims.email, now],
    );
    if (!rows.length) throw AppError.badField('token', 'field.verificationToken');
    return true;
  }

  /** Queues a new verification mail to the viewer's address; false when it is verified already. */
  async resendVerificationEmail(viewer: Viewer): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [user]: { email: string; verified: boolean }[] = await manager.query(
        `SELECT email, email_verified_at IS NOT NULL AS verified FROM app_user WHERE id = $1 FOR UPDATE`,
        [viewer.id],
      );
      if (!user || user.verified) return false;
      await queueVerificationEmail(manager, viewer.id, user.email);
      return true;
    });
  }

  /**
   * Stops e-mail of the token's kind (or of every kind, for ALL): the kinds the person receives
   * by e-mail become IN_APP; a kind they turned off (NONE) stays off. Mails already queued for
   * those kinds are skipped when their turn comes (the deliverer reads the choice again).
   * Clicking twice is true twice.
   */
  async unsubscribe(token: string): Promise<boolean> {
    const claims = this.links.tokens.verify(token);
    if (claims?.purpose !== 'unsubscribe')
      throw AppError.badField('token', 'field.unsubscribeToken');
    const kinds = claims.kind === 'ALL' ? Object.values(NotificationKind) : [claims.kind];
    return this.dataSource.transaction(async (manager) => {
      const [user]: unknown[] = await manager.query(`SELECT 1 FROM app_user WHERE id = $1`, [
        claims.userId,
      ]);
      // A signed token whose account is gone: nothing to stop, and nothing to say about whom.
      if (!user) throw AppError.badField('token', 'field.unsubscribeToken');
      await manager.query(
        `INSERT INTO notification_preference (user_id, kind, channel)
         SELECT $1, k::notification_kind, 'IN_APP' FROM unnest($2::text[]) AS k
         ON CONFLICT (user_id, kind) DO UPDATE SET channel = 'IN_APP'
          WHERE notification_preference.channel IN ('EMAIL_NOW', 'EMAIL_DIGEST')`,
        [claims.userId, kinds],
      );
      return true;
    });
  }

  list(args: EmailDeliveriesArgs): Promise<Connection<EmailDeliveryEntity>> {
    const query = this.deliveries.createQueryBuilder('d');
    if (args.state) query.andWhere('d.state = :state', { state: args.state });
    return paginate(query, args, NEWEST_FIRST);
  }

  load(loaders: RequestLoaders, id: string): Promise<EmailDeliveryEntity | null> {
    return loaders
      .get(EMAIL_DELIVERY_BY_ID, async (ids) =>
        byKeys(ids, await this.deliveries.findBy({ id: In([...ids]) }), (d) => d.id),
      )
      .load(id);
  }
}
