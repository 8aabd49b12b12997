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
import { RoundTableEntity } from './round-table.entity.js';

/**
 * A priority of the session: one or more ideas (from any tables) counted together. Every idea
 * starts in a priority of its own (merged_by null, title null: the idea's text); a merge moves
 * ideas into a new priority with a title and the organizer who merged them, and removes the
 * priorities it left empty. Dots, ranks and ties are sums over the ideas, computed when read.
 */
@Entity('session_priority')
@Index('ix_session_priority_workshop', ['workshopId'])
export class SessionPriorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workshopId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  /** Null for an idea standing alone: its title is the idea's text. */
  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'uuid', nullable: true })
  mergedById: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'merged_by_id' })
  mergedBy?: Relation<UserEntity>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  mergedAt: Date | null;

  /** The proposal made from this priority: at most one (the unique index). */
  @Column({ type: 'uuid', nullable: true, unique: true })
  proposalId: string | null;

  @ManyToOne(() => ProposalEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  /** The dots it had when it became a proposal (published priorities no longer change). */
  @Column({ type: 'int', nullable: true })
  proposalDots: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/**
 * An idea written down at a table, with its provenance: who entered it, when, from which
 * session (the access token's session: the device), and who entered its current dots. The
 * dots are the table's total for the idea; re-entering them keeps the old value as a
 * correction (table_idea_correction).
 */
@Entity('table_idea')
@Index('ix_table_idea_workshop', ['workshopId', 'createdAt'])
@Index('ix_table_idea_table', ['tableId'])
@Index('ix_table_idea_priority', ['priorityId'])
@Check('ck_table_idea_dots', 'dots >= 0')
export class TableIdeaEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workshopId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @Column({ type: 'uuid' })
  tableId: string;

  @ManyToOne(() => RoundTableEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'table_id' })
  table?: Relation<RoundTableEntity>;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'int', default: 0 })
  dots: number;

  @Column({ type: 'uuid' })
  priorityId: string;

  @ManyToOne(() => SessionPriorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'priority_id' })
  priority?: Relation<SessionPriorityEntity>;

  @Column({ type: 'uuid' })
  enteredById: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'entered_by_id' })
  enteredBy?: Relation<UserEntity>;

  /** The auth session (device) the idea was entered from. */
  @Column({ type: 'uuid', nullable: true })
  enteredSessionId: string | null;

  /** Null until dots are first entered. */
  @Column({ type: 'uuid', nullable: true })
  dotsEnteredById: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'dots_entered_by_id' })
  dotsEnteredBy?: Relation<UserEntity>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dotsEnteredAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  dotsEnteredSessionId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/**
 * A replaced value of an idea's dots: the value it had, who had entered it and when, and who
 * replaced it, when, from which session. Ordered by seq (two corrections may share a
 * millisecond).
 */
@Entity('table_idea_correction')
@Index('ix_table_idea_correction_idea', ['ideaId', 'seq'])
export class TableIdeaCorrectionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  seq: string;

  @Column({ type: 'uuid' })
  ideaId: string;

  @ManyToOne(() => TableIdeaEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'idea_id' })
  idea?: Relation<TableIdeaEntity>;

  /** The dots before the correction. */
  @Column({ type: 'int' })
  previousDots: number;

  @Column({ type: 'uuid', nullable: true })
  previousById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  previousAt: Date | null;

  @Column({ type: 'uuid' })
  correctedById: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'corrected_by_id' })
  correctedBy?: Relation<UserEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  correctedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  correctedSessionId: string | null;
}
