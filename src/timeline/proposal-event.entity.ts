import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalStatus } from '../proposals/proposal-status.js';
import { ProposalEventKind } from './proposal-event-kind.js';

/**
 * One thing that happened to a proposal. Rows are only ever inserted (recordProposalEvent), in
 * the transaction of the change they describe, so the timeline cannot disagree with the record.
 * Which fields are set depends on the kind: status for ANSWERED, the departments and reason
 * for ASSIGNED/TRANSFERRED, escalationLevel for ESCALATED.
 */
@Entity('proposal_event')
// A proposal's timeline, oldest first, in keyset pages.
@Index('ix_proposal_event_timeline', ['proposalId', 'at', 'id'])
@Check(
  'ck_proposal_event_actor',
  'actor_system OR actor_user_id IS NOT NULL OR actor_department_id IS NOT NULL',
)
export class ProposalEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @Column({ type: 'enum', enum: ProposalEventKind, enumName: 'proposal_event_kind' })
  kind: ProposalEventKind;

  /**
   * The time the change itself carries (its row's timestamp), so the two agree. Milliseconds,
   * as JavaScript dates and so cursors hold them: a cursor then names its row's time exactly.
   */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  at: Date;

  /** The person who acted; for official acts also actorDepartmentId. */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_user_id' })
  actorUser?: Relation<UserEntity>;

  /** The department on whose behalf staff acted (answers, progress, routings). */
  @Column({ type: 'uuid', nullable: true })
  actorDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_department_id' })
  actorDepartment?: Relation<DepartmentEntity>;

  /** The platform acted by itself (reminders, escalations, automatic hiding). */
  @Column({ type: 'boolean', default: false })
  actorSystem: boolean;

  @Column({ type: 'enum', enum: ProposalStatus, enumName: 'proposal_status', nullable: true })
  status: ProposalStatus | null;

  @Column({ type: 'uuid', nullable: true })
  fromDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_department_id' })
  fromDepartment?: Relation<DepartmentEntity>;

  @Column({ type: 'uuid', nullable: true })
  toDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_department_id' })
  toDepartment?: Relation<DepartmentEntity>;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'int', nullable: true })
  escalationLevel: number | null;
}
