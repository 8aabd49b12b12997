import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { EmailDeliveryState, EmailPurpose } from './email-delivery-state.js';

/**
 * One e-mail to send, or one notification waiting for its digest: the mail outbox. Rows are
 * written in the transaction of their cause (a notification, a sign-up), and the deliverer
 * (mail-deliverer.ts) sends each under a row lock, so that two workers never send one twice.
 */
@Entity('email_delivery')
// What the deliverer picks up next: due rows that are mails of their own.
@Index('ix_email_delivery_due', ['nextAttemptAt'], {
  where: `state IN ('PENDING', 'RETRYING') AND purpose <> 'DIGEST_ITEM'`,
})
// What a person's next digest holds.
@Index('ix_email_delivery_digest_items', ['recipientId', 'createdAt'], {
  where: `state = 'PENDING' AND purpose = 'DIGEST_ITEM' AND digest_id IS NULL`,
})
// One digest per person per day, in their own time zone.
@Index('ux_email_delivery_digest_day', ['recipientId', 'digestDate'], {
  unique: true,
  where: `purpose = 'DIGEST'`,
})
@Index('ix_email_delivery_digest', ['digestId'])
@Check(
  'ck_email_delivery_shape',
  `(purpose IN ('NOTIFICATION', 'DIGEST_ITEM')) = (notification_id IS NOT NULL)
   AND (purpose = 'DIGEST') = (digest_date IS NOT NULL)`,
)
export class EmailDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: EmailPurpose, enumName: 'email_purpose' })
  purpose: EmailPurpose;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: Relation<UserEntity>;

  /** NOTIFICATION and DIGEST_ITEM: the notification it delivers (at most one row each). */
  @Column({ type: 'uuid', nullable: true, unique: true })
  notificationId: string | null;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Relation<NotificationEntity>;

  /** DIGEST_ITEM: the digest mail that carries it, once that digest is made. */
  @Column({ type: 'uuid', nullable: true })
  digestId: string | null;

  @ManyToOne(() => EmailDeliveryEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'digest_id' })
  digest?: Relation<EmailDeliveryEntity>;

  /** DIGEST: the day it covers, in the recipient's time zone. */
  @Column({ type: 'date', nullable: true })
  digestDate: string | null;

  /** VERIFICATION: the address to prove (the account's address when it was asked for). */
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({
    type: 'enum',
    enum: EmailDeliveryState,
    enumName: 'email_delivery_state',
    default: EmailDeliveryState.PENDING,
  })
  state: EmailDeliveryState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  nextAttemptAt: Date;

  /** The last refusal or failure, as the mail server or the network said it (for admins). */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;
}
