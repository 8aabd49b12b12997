import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { BudgetProjectEntity } from './budget-project.entity.js';
import { ParticipatoryBudgetEntity } from './budget.entity.js';

/**
 * Paper ballots counted at a polling place (a community centre), entered by staff as totals.
 * A second entry for the same place replaces the first: the first gets `replacedById` and
 * stays on the record; only entries not replaced count (the partial unique index allows one
 * current entry per place, places compared case- and space-insensitively by `placeKey`).
 */
@Entity('offline_tally')
@Index('uq_offline_tally_current', ['budgetId', 'placeKey'], {
  unique: true,
  where: 'replaced_by_id IS NULL',
})
@Check('ck_offline_tally_ballots', 'paper_ballots >= 0')
export class OfflineTallyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  budgetId: string;

  @ManyToOne(() => ParticipatoryBudgetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'budget_id' })
  budget?: Relation<ParticipatoryBudgetEntity>;

  @Column({ type: 'text' })
  place: string;

  /** The place as compared: lower case, spaces collapsed. */
  @Column({ type: 'text' })
  placeKey: string;

  @Column({ type: 'int' })
  paperBallots: number;

  @Column({ type: 'uuid', nullable: true })
  enteredById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'entered_by_id' })
  enteredBy?: Relation<UserEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  enteredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  replacedById: string | null;

  @ManyToOne(() => OfflineTallyEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replaced_by_id' })
  replacedBy?: Relation<OfflineTallyEntity>;
}

/** The paper votes of one project at one place. */
@Entity('offline_tally_vote')
@Index('ix_offline_tally_vote_project', ['projectId'])
@Check('ck_offline_tally_vote_votes', 'votes >= 0')
export class OfflineTallyVoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  tallyId: string;

  @ManyToOne(() => OfflineTallyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tally_id' })
  tally?: Relation<OfflineTallyEntity>;

  @PrimaryColumn({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => BudgetProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<BudgetProjectEntity>;

  @Column({ type: 'int' })
  votes: number;
}
