import {
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
import { NotificationKind } from './notification-kind.js';

/**
 * One notification for one person: the outbox row written in the same transaction as the
 * change that causes it, so it exists if and only if that change was committed.
 */
@Entity('notification')
// The inbox, newest first, and the unread count.
@Index('ix_notification_inbox', ['recipientId', 'createdAt', 'id'])
@Index('ix_notification_unread', ['recipientId', 'createdAt', 'id'], { where: 'read_at IS NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: Relation<UserEntity>;

  @Column({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind: NotificationKind;

  /** The GraphQL type of what it is about (Proposal, Comment, Workshop, OfficialAnswer...). */
  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** Who caused it; null when the system did (an automatic hide). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: Relation<UserEntity>;

  /** A sentence for people, written when it happened (titles as they were then). */
  @Column({ type: 'text' })
  message: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;
}
