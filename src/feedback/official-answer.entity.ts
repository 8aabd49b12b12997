import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalStatus } from '../proposals/proposal-status.js';
import { DepartmentTransferEntity } from './department-transfer.entity.js';

/**
 * A department's public answer to a proposal, and the status it set. Answers are only added:
 * the history of what the city said stays readable.
 */
@Entity('official_answer')
@Index('ix_official_answer_proposal', ['proposalId', 'createdAt'])
@Index('ix_official_answer_department', ['departmentId', 'proposalId'])
@Index('ix_official_answer_transfer', ['transferId', 'createdAt'])
// DepartmentStats reads a department's answers from this index alone (no table rows): the
// first answer of each routing (grouped by transfer, in order) and the ids its ratings join.
@Index('ix_official_answer_department_routing', ['departmentId', 'transferId', 'createdAt', 'id'])
export class OfficialAnswerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  /** The department the proposal was assigned to when answered (also when an admin answers). */
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  /**
   * The routing this answers: the response time of a department is measured from the moment
   * the proposal reached it to its first answer on that routing.
   */
  @Column({ type: 'uuid' })
  transferId: string;

  @ManyToOne(() => DepartmentTransferEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'transfer_id' })
  transfer?: Relation<DepartmentTransferEntity>;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  /** The status this answer set (the same as before for an interim reply). */
  @Column({ type: 'enum', enum: ProposalStatus, enumName: 'proposal_status' })
  status: ProposalStatus;

  @Column({ type: 'text' })
  body: string;

  @OneToOne(() => AnswerRatingEntity, (rating) => rating.answer)
  rating?: Relation<AnswerRatingEntity> | null;

  /** clock_timestamp(): see DepartmentTransferEntity.createdAt. */
  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}

/** The proposal author's rating of one answer; the primary key allows one per answer. */
@Entity('answer_rating')
@Check('ck_answer_rating_score', 'score BETWEEN 1 AND 5')
export class AnswerRatingEntity {
  @PrimaryColumn({ type: 'uuid' })
  answerId: string;

  @OneToOne(() => OfficialAnswerEntity, (answer) => answer.rating, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'answer_id' })
  answer?: Relation<OfficialAnswerEntity>;

  @Column({ type: 'uuid' })
  raterId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rater_id' })
  rater?: Relation<UserEntity>;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
