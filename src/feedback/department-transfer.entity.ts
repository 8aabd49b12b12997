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
import { DepartmentEntity } from '../catalog/department.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';

/**
 * One routing of a proposal to a department: the first assignment (`from` null) or a transfer.
 * Rows are only ever added, so the ping-pong between departments stays public and the
 * department statistics are computed from what happened, not from a counter.
 */
@Entity('department_transfer')
@Index('ix_department_transfer_proposal', ['proposalId', 'createdAt'])
@Index('ix_department_transfer_to', ['toDepartmentId', 'proposalId'])
@Index('ix_department_transfer_from', ['fromDepartmentId'])
// The routings to a department in id order with their times, from the index alone: DepartmentStats
// merges them with the department's first answers (ix_official_answer_department_routing).
@Index('ix_department_transfer_to_routing', ['toDepartmentId', 'id', 'createdAt'])
export class DepartmentTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  /** Null for the first assignment. */
  @Column({ type: 'uuid', nullable: true })
  fromDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_department_id' })
  fromDepartment?: Relation<DepartmentEntity>;

  @Column({ type: 'uuid' })
  toDepartmentId: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_department_id' })
  toDepartment?: Relation<DepartmentEntity>;

  @Column({ type: 'text' })
  reason: string;

  /** Who routed it: triage or department staff, or an admin. */
  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'by_id' })
  by?: Relation<UserEntity>;

  /** The proposal's responseDueAt after this routing: kept by transfers unless an admin set it. */
  @Column({ type: 'timestamptz', precision: 3 })
  responseDueAt: Date;

  /**
   * clock_timestamp(), not now(): the row is written after the proposal's lock is taken, so
   * the time orders the routings and answers of one proposal as they really happened (now() is
   * the start of a transaction, which may have waited for the lock).
   */
  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
