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
import { AuditAction } from './audit-action.js';

/**
 * One privileged action: who did what to which object, why, and when. Append-only: nothing in
 * the code updates or deletes these rows.
 */
@Entity('audit_entry')
@Index('ix_audit_entry_created', ['createdAt', 'id'])
@Index('ix_audit_entry_target', ['targetId', 'createdAt'])
@Index('ix_audit_entry_actor', ['actorId', 'createdAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: AuditAction, enumName: 'audit_action' })
  action: AuditAction;

  /** Null when the system acted (content hidden by enough reports). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: Relation<UserEntity>;

  /** The GraphQL type of the object acted on (User, Proposal, Comment). */
  @Column({ type: 'text' })
  targetType: string;

  @Column({ type: 'uuid' })
  targetId: string;

  /** The reason or note the actor gave. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The state before and after, in a few words (a role, a status, a date). */
  @Column({ type: 'text', nullable: true })
  before: string | null;

  @Column({ type: 'text', nullable: true })
  after: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;
}
