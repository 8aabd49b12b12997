import {
  Column,
  CreateDateColumn,
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
 * A voter's ballot in a budget: one per voter (the unique index), replaced in place when they
 * vote again, so the last one counts. It is secret: no API reads another person's ballot,
 * the voter's id never leaves this table, and results are counted from ballot_choice alone.
 */
@Entity('ballot')
@Index('uq_ballot_voter', ['budgetId', 'voterId'], { unique: true })
export class BallotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  budgetId: string;

  @ManyToOne(() => ParticipatoryBudgetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'budget_id' })
  budget?: Relation<ParticipatoryBudgetEntity>;

  @Column({ type: 'uuid' })
  voterId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voter_id' })
  voter?: Relation<UserEntity>;

  /**
   * The voter's district when they voted (their verified residency then): which district pot
   * their ballot counts in, even if they move later.
   */
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** A project chosen on a ballot. */
@Entity('ballot_choice')
@Index('ix_ballot_choice_project', ['projectId'])
export class BallotChoiceEntity {
  @PrimaryColumn({ type: 'uuid' })
  ballotId: string;

  @ManyToOne(() => BallotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ballot_id' })
  ballot?: Relation<BallotEntity>;

  @PrimaryColumn({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => BudgetProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<BudgetProjectEntity>;
}
