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
import { DistrictEntity } from '../catalog/district.entity.js';
import { wholeWon } from '../core/database/whole-won.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { BudgetProjectChangeKind, Feasibility, ProjectOutcome } from './budget-enums.js';
import { ParticipatoryBudgetEntity } from './budget.entity.js';

/**
 * A project of a budget: what would be built, for how much, by which department, in which
 * district (null: city-wide). Made by staff, or from a proposal (the link is kept both ways:
 * the project names its proposal; the proposal lists its projects). Only FEASIBLE projects
 * are on the ballot.
 */
@Entity('budget_project')
@Index('ix_budget_project_budget', ['budgetId', 'createdAt', 'id'])
@Index('ix_budget_project_proposal', ['proposalId'])
// A proposal becomes at most one project of a budget.
@Index('uq_budget_project_proposal', ['budgetId', 'proposalId'], { unique: true })
@Check('ck_budget_project_cost', 'cost >= 1')
@Check(
  'ck_budget_project_reason',
  "feasibility <> 'NOT_FEASIBLE' OR feasibility_reason IS NOT NULL",
)
export class BudgetProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  budgetId: string;

  @ManyToOne(() => ParticipatoryBudgetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'budget_id' })
  budget?: Relation<ParticipatoryBudgetEntity>;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  /** Whole won; the revised cost once review revised it. */
  @Column({ type: 'bigint', transformer: wholeWon })
  cost: number;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  /** The district whose pot pays for it; null: the city-wide pot. */
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: Relation<DistrictEntity>;

  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;

  @ManyToOne(() => ProposalEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @Column({
    type: 'enum',
    enum: Feasibility,
    enumName: 'feasibility',
    default: Feasibility.PENDING,
  })
  feasibility: Feasibility;

  @Column({ type: 'text', nullable: true })
  feasibilityReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/**
 * The record of a project: every change, who made it and when, with what it was before
 * (`details`: the fields that changed, e.g. { cost: [before, after], feasibility: [...] }).
 */
@Entity('budget_project_change')
@Index('ix_budget_project_change_project', ['projectId', 'seq'])
export class BudgetProjectChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The order changes were written in (two may share a millisecond). */
  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => BudgetProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<BudgetProjectEntity>;

  @Column({
    type: 'enum',
    enum: BudgetProjectChangeKind,
    enumName: 'budget_project_change_kind',
  })
  kind: BudgetProjectChangeKind;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: Relation<UserEntity>;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;
}

/**
 * The published result of a project, written once when an admin publishes the results: the
 * votes as counted then and the outcome under the budget's rule, so later reads are the record
 * and not a recount.
 */
@Entity('budget_project_result')
@Index('ix_budget_project_result_budget', ['budgetId', 'position'])
export class BudgetProjectResultEntity {
  @PrimaryColumn({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => BudgetProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<BudgetProjectEntity>;

  @Column({ type: 'uuid' })
  budgetId: string;

  @ManyToOne(() => ParticipatoryBudgetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'budget_id' })
  budget?: Relation<ParticipatoryBudgetEntity>;

  /** Order in the published list (selected first, in order of selection). */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'int' })
  onlineVotes: number;

  @Column({ type: 'int' })
  offlineVotes: number;

  @Column({ type: 'enum', enum: ProjectOutcome, enumName: 'project_outcome' })
  outcome: ProjectOutcome;

  /** A catalogue text: { key, params } (rendered in the reader's language). */
  @Column({ type: 'jsonb', nullable: true })
  explanation: { key: string; params: Record<string, string | number> } | null;
}
