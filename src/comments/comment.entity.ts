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
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { WorkshopEntity } from '../workshops/workshop.entity.js';

/**
 * A comment or reply on a subject. The subject is one foreign-key column per commentable kind
 * (a proposal or a workshop), with a check that exactly one is set: real foreign keys rather
 * than a type-and-id pair the database cannot check.
 *
 * A deleted comment keeps its row and place in the thread; its body is erased.
 */
@Entity('comment')
// Threads are read top-level-first per subject and reply-per-parent, oldest first.
@Index('ix_comment_proposal_thread', ['proposalId', 'createdAt', 'id'], {
  where: 'parent_id IS NULL',
})
@Index('ix_comment_workshop_thread', ['workshopId', 'createdAt', 'id'], {
  where: 'parent_id IS NULL',
})
@Index('ix_comment_replies', ['parentId', 'createdAt', 'id'])
@Index('ix_comment_author', ['authorId'])
@Check('ck_comment_one_subject', 'num_nonnulls(proposal_id, workshop_id) = 1')
@Check('ck_comment_reply_count', 'reply_count >= 0')
@Check('ck_comment_deleted_body', '(deleted_at IS NULL) = (body IS NOT NULL)')
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @Column({ type: 'uuid', nullable: true })
  workshopId: string | null;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => CommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<CommentEntity>;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  /** Null once deleted by its author. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /**
   * Whether the writer was staff of the department the proposal was assigned to when writing:
   * fixed at that moment, so a later transfer does not rewrite who spoke for the city.
   */
  @Column({ type: 'boolean', default: false })
  isOfficial: boolean;

  /** Visible direct replies (neither deleted nor hidden). */
  @Column({ type: 'int', default: 0 })
  replyCount: number;

  /** Hidden by moderation: the body is shown to moderators and admins only. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  editedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;
}
