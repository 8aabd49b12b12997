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
import { CommentEntity } from '../comments/comment.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { ModerationAction, ReportReason } from './moderation-enums.js';

/**
 * Reported or moderated content: one foreign-key column per reportable kind with a check that
 * exactly one is set, as comments do for their subject.
 */
abstract class OnReportable {
  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @Column({ type: 'uuid', nullable: true })
  commentId: string | null;

  @ManyToOne(() => CommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comment_id' })
  comment?: Relation<CommentEntity>;
}

/** One person's report of one proposal or comment; a second by the same person is refused. */
@Entity('content_report')
@Check('ck_content_report_one_target', 'num_nonnulls(proposal_id, comment_id) = 1')
@Index('ux_content_report_proposal', ['proposalId', 'reporterId'], {
  unique: true,
  where: 'proposal_id IS NOT NULL',
})
@Index('ux_content_report_comment', ['commentId', 'reporterId'], {
  unique: true,
  where: 'comment_id IS NOT NULL',
})
@Index('ix_content_report_reporter', ['reporterId'])
export class ContentReportEntity extends OnReportable {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reporterId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id' })
  reporter?: Relation<UserEntity>;

  @Column({ type: 'enum', enum: ReportReason, enumName: 'report_reason' })
  reason: ReportReason;

  @Column({ type: 'text', nullable: true })
  details: string | null;

  /**
   * Whether it counts toward the automatic hide (reportCountsTowardHide): decided when it was
   * made, from the reporter's standing then, and kept so moderators can see why content was,
   * or was not, hidden.
   */
  @Column({ type: 'boolean' })
  countsTowardHide: boolean;

  /**
   * The content as it read when reported, for moderators: an author may edit or delete it
   * afterwards (a deleted comment's body is erased), and the report must still make sense.
   */
  @Column({ type: 'text' })
  contentSnapshot: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;
}

/**
 * The moderation queue's row for one proposal or comment: made by its first report (or a
 * moderator's first decision), then kept. Its counters move under the lock of the content's
 * row, in the transaction of the report or decision.
 */
@Entity('moderation_item')
@Check('ck_moderation_item_one_target', 'num_nonnulls(proposal_id, comment_id) = 1')
@Check('ck_moderation_item_counts', 'open_report_count >= 0 AND open_report_count <= report_count')
@Check(
  'ck_moderation_item_counted',
  'open_counted_report_count >= 0 AND open_counted_report_count <= open_report_count',
)
@Index('ux_moderation_item_proposal', ['proposalId'], {
  unique: true,
  where: 'proposal_id IS NOT NULL',
})
@Index('ux_moderation_item_comment', ['commentId'], {
  unique: true,
  where: 'comment_id IS NOT NULL',
})
// The queue, most recent activity first; and the open part of it.
@Index('ix_moderation_item_activity', ['activityAt', 'id'])
@Index('ix_moderation_item_open', ['activityAt', 'id'], { where: 'resolved_at IS NULL' })
export class ModerationItemEntity extends OnReportable {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Every report ever made. */
  @Column({ type: 'int', default: 0 })
  reportCount: number;

  /** Reports since the last RESTORE. */
  @Column({ type: 'int', default: 0 })
  openReportCount: number;

  /** Of those, the ones that count toward the automatic hide (ContentReport.countsTowardHide). */
  @Column({ type: 'int', default: 0 })
  openCountedReportCount: number;

  /**
   * Hidden by the reports, and no person has decided on it since: a moderator may restore it
   * whoever wrote it (mayModerateContent).
   */
  @Column({ type: 'boolean', default: false })
  hiddenByReports: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastReportedAt: Date | null;

  /** When a moderator last decided; cleared by a newer report. Null: waiting for a moderator. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  /** The last report or decision: the queue's order. */
  @Column({ type: 'timestamptz', precision: 3 })
  activityAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;
}

/** A HIDE or RESTORE, by a moderator or (moderator null) automatically by reports. */
@Entity('moderation_decision')
@Index('ix_moderation_decision_item', ['itemId', 'createdAt'])
export class ModerationDecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ModerationItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<ModerationItemEntity>;

  @Column({ type: 'enum', enum: ModerationAction, enumName: 'moderation_action' })
  action: ModerationAction;

  /** Null when the reports hid it automatically. */
  @Column({ type: 'uuid', nullable: true })
  moderatorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'moderator_id' })
  moderator?: Relation<UserEntity>;

  @Column({ type: 'text' })
  note: string;

  /** The content as it read when decided (kept for moderators, as reports keep theirs). */
  @Column({ type: 'text' })
  contentSnapshot: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;
}
