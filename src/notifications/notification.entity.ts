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
import { DepartmentEntity } from '../catalog/department.entity.js';
import { NotificationActorKind, NotificationKind } from './notification-kind.js';

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

  /** Whose name the reader sees: a citizen's, their department's, "관리자", or none. */
  @Column({ type: 'enum', enum: NotificationActorKind, enumName: 'notification_actor_kind' })
  actorKind: NotificationActorKind;

  /** The department an official acted for (actorKind DEPARTMENT). */
  @Column({ type: 'uuid', nullable: true })
  actorDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_department_id' })
  actorDepartment?: Relation<DepartmentEntity>;

  /**
   * The catalogue message (src/core/i18n/catalogues) and its parameters, as they were when it
   * happened (titles, names): the text is rendered in the reader's language when it is read.
   */
  @Column({ type: 'text', nullable: true })
  messageKey: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: Record<string, string | number>;

  /** The English sentence stored by notifications written before messages were catalogued. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;
}
