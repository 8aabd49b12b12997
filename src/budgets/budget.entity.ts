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
import { DistrictEntity } from '../catalog/district.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { wholeWon } from '../core/database/whole-won.js';
import { UserEntity } from '../identity/user.entity.js';
import { BudgetSelectionRule, BudgetVotingStyle } from './budget-enums.js';

/**
 * A participatory budget (주민참여예산) of a process: its money in pots, its dates, its voting
 * style and selection rule. Its stage is derived from the dates (budget-stage.ts), except the two
 * acts that end voting's aftermath: publishing the results and starting implementation.
 */
@Entity('participatory_budget')
@Index('ix_participatory_budget_process', ['processId', 'votingStartsAt', 'id'])
@Check('ck_participatory_budget_voting', 'voting_ends_at > voting_starts_at')
@Check(
  'ck_participatory_budget_review',
  'review_starts_at IS NULL OR review_starts_at <= voting_starts_at',
)
@Check(
  'ck_participatory_budget_max_choices',
  "(voting_style = 'APPROVAL') = (max_choices IS NOT NULL) AND (max_choices IS NULL OR max_choices >= 1)",
)
@Check('ck_participatory_budget_minimum_age', 'minimum_age BETWEEN 0 AND 120')
@Check(
  'ck_participatory_budget_implementing',
  'implementing_at IS NULL OR results_published_at IS NOT NULL',
)
export class ParticipatoryBudgetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processId: string;

  @ManyToOne(() => ProcessEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: Relation<ProcessEntity>;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: BudgetVotingStyle, enumName: 'budget_voting_style' })
  votingStyle: BudgetVotingStyle;

  @Column({ type: 'enum', enum: BudgetSelectionRule, enumName: 'budget_selection_rule' })
  selectionRule: BudgetSelectionRule;

  /** APPROVAL: how many projects a voter may choose in each pot. */
  @Column({ type: 'int', nullable: true })
  maxChoices: number | null;

  /** In years reached during the current year (연 나이): eligibility.ts. */
  @Column({ type: 'smallint', default: 14 })
  minimumAge: number;

  @Column({ type: 'boolean', default: true })
  requiresVerifiedResidency: boolean;

  /** Whether the public sees totals while voting is open (secret ballots: off by default). */
  @Column({ type: 'boolean', default: false })
  liveTotals: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewStartsAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  votingStartsAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  votingEndsAt: Date;

  /** When an admin published the final results (stored in budget_project_result). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resultsPublishedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  implementingAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/**
 * The money of one pot: a district's (districtId) or the city-wide one (districtId null). A
 * budget has at most one pot per district and one city-wide pot (the two unique indexes).
 */
@Entity('budget_pot')
@Index('uq_budget_pot_district', ['budgetId', 'districtId'], {
  unique: true,
  where: 'district_id IS NOT NULL',
})
@Index('uq_budget_pot_city', ['budgetId'], { unique: true, where: 'district_id IS NULL' })
@Check('ck_budget_pot_amount', 'amount >= 1')
export class BudgetPotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  budgetId: string;

  @ManyToOne(() => ParticipatoryBudgetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'budget_id' })
  budget?: Relation<ParticipatoryBudgetEntity>;

  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: Relation<DistrictEntity>;

  /** Whole won. */
  @Column({ type: 'bigint', transformer: wholeWon })
  amount: number;
}
