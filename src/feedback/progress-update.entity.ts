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
import { DepartmentEntity } from '../catalog/department.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';

/** A report on the work of an accepted proposal; the latest one is the proposal's progress. */
@Entity('progress_update')
@Index('ix_progress_update_proposal', ['proposalId', 'createdAt'])
@Check('ck_progress_update_progress', 'progress BETWEEN 0 AND 100')
export class ProgressUpdateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  /** The department the proposal was assigned to when the update was posted. */
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  @Column({ type: 'int' })
  progress: number;

  @Column({ type: 'text' })
  body: string;

  /** clock_timestamp(): see DepartmentTransferEntity.createdAt. */
  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
