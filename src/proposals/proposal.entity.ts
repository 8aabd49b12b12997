import { ApiClientEntity } from '../api-clients/api-client.entity.js';
import { ProposalChannel } from './proposal-channel.js';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { TopicEntity } from '../catalog/topic.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalStatus } from './proposal-status.js';

/**
 * What a citizen proposes. `supportCount` and `commentCount` are kept in the row, in the same
 * transaction as the support or comment that changes them, so lists can sort by them through an
 * index instead of counting.
 *
 * The keyset indexes (one per ordering, each ending in id) are expression indexes written by
 * hand in the migration; `synchronize: false` tells TypeORM's drift check that they are
 * intended. The search index is on ProposalSearchEntity, not here (see there why).
 */
@Entity('proposal')
@Index('ix_proposal_created', { synchronize: false })
@Index('ix_proposal_support_count', { synchronize: false })
@Index('ix_proposal_comment_count', { synchronize: false })
@Index('ix_proposal_response_due', { synchronize: false })
@Index('ix_proposal_author', ['authorId', 'createdAt', 'id'])
@Index('ix_proposal_department', ['departmentId', 'createdAt', 'id'])
@Index('ix_proposal_process', ['processId', 'createdAt', 'id'])
// A department's overdue inbox and its overdueCount read only the proposals awaiting an answer.
@Index('ix_proposal_awaiting_answer', ['departmentId', 'responseDueAt'], {
  where: 'awaiting_answer',
})
@Check('ck_proposal_support_count', 'support_count >= 0')
@Check('ck_proposal_comment_count', 'comment_count >= 0')
@Check('ck_proposal_progress', 'progress BETWEEN 0 AND 100')
@Check('ck_proposal_latitude', 'location_latitude BETWEEN -90 AND 90')
@Check('ck_proposal_longitude', 'location_longitude BETWEEN -180 AND 180')
// Coordinates come in pairs: a latitude alone places nothing.
@Check('ck_proposal_coordinates', '(location_latitude IS NULL) = (location_longitude IS NULL)')
export class ProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  @Column({ type: 'uuid', nullable: true })
  processId: string | null;

  @ManyToOne(() => ProcessEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: Relation<ProcessEntity>;

  /** The department the proposal is routed to; set by assignment (the feedback-loop module). */
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Column({
    type: 'enum',
    enum: ProposalStatus,
    enumName: 'proposal_status',
    default: ProposalStatus.SUBMITTED,
  })
  status: ProposalStatus;

  /** Set at the first assignment; a transfer keeps it (the citizen's clock never restarts). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  responseDueAt: Date | null;

  /**
   * True from each routing (first assignment or transfer) until the department it went to
   * answers; cleared by withdrawal too, since nothing is left to answer. Half of the overdue
   * rule (proposal-deadline.ts).
   */
  @Column({ type: 'boolean', default: false })
  awaitingAnswer: boolean;

  @Column({ type: 'int', default: 0 })
  supportCount: number;

  /** Visible comments and replies: neither deleted nor hidden. */
  @Column({ type: 'int', default: 0 })
  commentCount: number;

  @Column({ type: 'int', default: 0 })
  progress: number;

  @Column({ type: 'text', nullable: true })
  locationAddress: string | null;

  @Column({ type: 'float8', nullable: true })
  locationLatitude: number | null;

  @Column({ type: 'float8', nullable: true })
  locationLongitude: number | null;

  /** Hidden by moderation: invisible to all but moderators, admins and the author. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @Column({
    type: 'enum',
    enum: ProposalChannel,
    enumName: 'proposal_channel',
    default: ProposalChannel.ONLINE,
  })
  channel: ProposalChannel;

  /** The API client that took it down for a citizen (src/api-clients); null when online. */
  @Column({ type: 'uuid', nullable: true })
  submittedViaClientId: string | null;

  @ManyToOne(() => ApiClientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_via_client_id' })
  submittedViaClient?: Relation<ApiClientEntity>;

  /**
   * Who proposed it, when they have no account: kept for the department that answers (it may
   * call them back), never shown in the API to anyone else.
   */
  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /**
   * The last change to the proposal itself: its text, status, routing or progress. Supports
   * and comments move the counters without touching it.
   */
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** The topics of a proposal. */
@Entity('proposal_topic')
@Index('ix_proposal_topic_topic', ['topicId', 'proposalId'])
export class ProposalTopicEntity {
  @PrimaryColumn({ type: 'uuid' })
  proposalId: string;

  @PrimaryColumn({ type: 'uuid' })
  topicId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @ManyToOne(() => TopicEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Relation<TopicEntity>;
}

/** One citizen backs one proposal; the primary key makes a second support impossible. */
@Entity('proposal_support')
@Index('ix_proposal_support_user', ['userId', 'proposalId'])
export class SupportEntity {
  @PrimaryColumn({ type: 'uuid' })
  proposalId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/**
 * The search bigrams of a proposal's title and body, for the Korean substring search
 * (proposal-search.ts), in a table of their own with the GIN index. Triggers keep it (see the
 * ProposalSearchTable migration): a row is written when a proposal is created and when its
 * title or body changes, and never otherwise.
 *
 * Why not an expression index on proposal, as before: every support and comment updates a
 * counter of the proposal row, and such an update (not HOT, the counters are indexed) inserted
 * all the row's bigrams into the GIN index again, about 300 entries per support. A hot
 * proposal's update cost 0.7-1.5 ms instead of 0.1-0.2, in its row lock (npm run bench, issue 8).
 */
@Entity('proposal_search')
@Index('ix_proposal_search_bigrams', { synchronize: false })
export class ProposalSearchEntity {
  @PrimaryColumn({ type: 'uuid' })
  proposalId: string;

  @Column({ type: 'text', array: true })
  bigrams: string[];

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;
}
