import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log.js';
import { AuditAction } from '../audit/audit-action.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { DistrictEntity } from '../catalog/district.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { text } from '../core/i18n/text.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { canSeeProposal } from '../proposals/proposal-access.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { assertReviews, departmentForNewProject } from './budget-access.js';
import { BudgetProjectChangeKind, BudgetVotingStyle, Feasibility } from './budget-enums.js';
import { BUDGET_LIMITS } from './budget-limits.js';
import { BudgetProjectChangeEntity, BudgetProjectEntity } from './budget-project.entity.js';
import { projectsEditable } from './budget-stage.js';
import { BudgetPotEntity, ParticipatoryBudgetEntity } from './budget.entity.js';
import type {
  CreateBudgetInput,
  CreateBudgetProjectInput,
  ReviewBudgetProjectInput,
} from './dto/budget.inputs.js';

const BUDGET_BY_ID = new LoaderKey<string, ParticipatoryBudgetEntity | null>('budget-by-id');
const POTS_OF_BUDGET = new LoaderKey<string, BudgetPotEntity[]>('pots-of-budget');
const PROJECT_BY_ID = new LoaderKey<string, BudgetProjectEntity | null>('budget-project-by-id');
const BUDGETS_OF_PROCESS = new LoaderKey<string, ParticipatoryBudgetEntity[]>('budgets-of-process');
const PROJECTS_OF_PROPOSAL = new LoaderKey<string, BudgetProjectEntity[]>('projects-of-proposal');
const CHANGES_OF_PROJECT = new LoaderKey<string, BudgetProjectChangeEntity[]>('project-changes');

const YEAR_MS = 366 * 86_400_000;

/** Projects in the order they were added, the order of the ballot paper. */
const BY_CREATION: KeysetOrdering<BudgetProjectEntity> = {
  name: 'budget-projects-created',
  direction: 'ASC',
  keys: [
    { expression: 'p.created_at', sqlType: 'timestamptz', value: (p) => p.createdAt.toISOString() },
    { expression: 'p.id', sqlType: 'uuid', value: (p) => p.id },
  ],
};

/** Locks a budget's row for the rest of the transaction: its acts happen one at a time. */
export async function lockBudget(
  manager: EntityManager,
  budgetId: string,
): Promise<ParticipatoryBudgetEntity> {
  const budget = await manager.findOne(ParticipatoryBudgetEntity, {
    where: { id: budgetId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!budget) throw AppError.notFound('budget');
  return budget;
}

/**
 * Budgets and their projects: creation by admins, projects by departments, review before
 * voting, and the record of every change to a project.
 */
@Injectable()
export class BudgetsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  load(loaders: RequestLoaders, id: string): Promise<ParticipatoryBudgetEntity | null> {
    return loaders
      .get(BUDGET_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(ParticipatoryBudgetEntity).findBy({ id: In([...ids]) }),
          (b) => b.id,
        ),
      )
      .load(id);
  }

  pots(loaders: RequestLoaders, budgetId: string): Promise<BudgetPotEntity[]> {
    return loaders
      .get(POTS_OF_BUDGET, async (ids) =>
        groupByKeys(
          ids,
          await this.db.getRepository(BudgetPotEntity).find({
            where: { budgetId: In([...ids]) },
            // The city-wide pot first, then the districts' by id (stable).
            order: { districtId: { direction: 'ASC', nulls: 'FIRST' } },
          }),
          (pot) => pot.budgetId,
        ),
      )
      .load(budgetId);
  }

  loadProject(loaders: RequestLoaders, id: string): Promise<BudgetProjectEntity | null> {
    return loaders
      .get(PROJECT_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(BudgetProjectEntity).findBy({ id: In([...ids]) }),
          (p) => p.id,
        ),
      )
      .load(id);
  }

  /** A process's budgets, the latest voting first (at most BUDGET_LIMITS.budgetsPerProcess). */
  ofProcess(loaders: RequestLoaders, processId: string): Promise<ParticipatoryBudgetEntity[]> {
    return loaders
      .get(BUDGETS_OF_PROCESS, async (ids) =>
        groupByKeys(
          ids,
          await this.db.getRepository(ParticipatoryBudgetEntity).find({
            where: { processId: In([...ids]) },
            order: { votingStartsAt: 'DESC', id: 'ASC' },
          }),
          (b) => b.processId,
        ).map((budgets) => budgets.slice(0, BUDGET_LIMITS.budgetsPerProcess)),
      )
      .load(processId);
  }

  /** The projects made from a proposal, in any budget (the link read from the proposal's side). */
  ofProposal(loaders: RequestLoaders, proposalId: string): Promise<BudgetProjectEntity[]> {
    return loaders
      .get(PROJECTS_OF_PROPOSAL, async (ids) =>
        groupByKeys(
          ids,
          await this.db.getRepository(BudgetProjectEntity).find({
            where: { proposalId: In([...ids]) },
            order: { createdAt: 'DESC', id: 'ASC' },
          }),
          (p) => p.proposalId!,
        ).map((projects) => projects.slice(0, BUDGET_LIMITS.budgetsPerProcess)),
      )
      .load(proposalId);
  }

  /** The most recent changes of a project, oldest first. */
  changes(loaders: RequestLoaders, projectId: string): Promise<BudgetProjectChangeEntity[]> {
    return loaders
      .get(CHANGES_OF_PROJECT, async (ids) => {
        const rows = (await this.db.query(
          `SELECT * FROM (
             SELECT c.*, row_number() OVER (PARTITION BY c.project_id ORDER BY c.seq DESC) AS n
               FROM budget_project_change c WHERE c.project_id = ANY($1::uuid[])
           ) recent WHERE n <= $2 ORDER BY seq`,
          [ids, BUDGET_LIMITS.projectHistory],
        )) as Record<string, unknown>[];
        const changes = rows.map((row) =>
          this.db.getRepository(BudgetProjectChangeEntity).create({
            id: row.id as string,
            projectId: row.project_id as string,
            kind: row.kind as BudgetProjectChangeKind,
            actorId: row.actor_id as string | null,
            details: row.details as Record<string, unknown>,
            reason: row.reason as string | null,
            at: row.at as Date,
          }),
        );
        return groupByKeys(ids, changes, (c) => c.projectId);
      })
      .load(projectId);
  }

  /** A budget's projects in ballot order, optionally of one district or on the ballot only. */
  projects(
    budgetId: string,
    filter: { districtId?: string | null; onBallotOnly?: boolean | null },
    args: ConnectionArgs,
  ): Promise<Connection<BudgetProjectEntity>> {
    const query = this.db
      .getRepository(BudgetProjectEntity)
      .createQueryBuilder('p')
      .where('p.budget_id = :budgetId', { budgetId });
    if (filter.districtId) query.andWhere('p.district_id = :districtId', filter);
    if (filter.onBallotOnly) {
      query.andWhere('p.feasibility = :feasible', { feasible: Feasibility.FEASIBLE });
    }
    return paginate(query, args, BY_CREATION);
  }

  async create(viewer: Viewer, input: CreateBudgetInput): Promise<ParticipatoryBudgetEntity> {
    const problems = budgetInputProblems(input);
    return this.db.transaction(async (manager) => {
      if (!(await manager.existsBy(ProcessEntity, { id: input.processId }))) {
        problems.push(fieldProblem('processId', 'field.namesNoProcess'));
      }
      const districtIds = input.pots.flatMap((pot) => (pot.districtId ? [pot.districtId] : []));
      const known = new Set(
        districtIds.length
          ? (await manager.findBy(DistrictEntity, { id: In(districtIds) })).map((d) => d.id)
          : [],
      );
      input.pots.forEach((pot, i) => {
        if (pot.districtId && !known.has(pot.districtId)) {
          problems.push(fieldProblem(`pots.${i}.districtId`, 'field.namesNoDistrict'));
        }
      });
      if (problems.length) throw AppError.badInput(problems);
      // The process row is locked so that two creations cannot both pass the count.
      await manager.query('SELECT 1 FROM participatory_process WHERE id = $1 FOR UPDATE', [
        input.processId,
      ]);
      const count = await manager.countBy(ParticipatoryBudgetEntity, {
        processId: input.processId,
      });
      if (count >= BUDGET_LIMITS.budgetsPerProcess) {
        throw AppError.conflict(
          text('error.conflict.tooManyBudgets', { maximum: BUDGET_LIMITS.budgetsPerProcess }),
        );
      }
      const budget = await manager.save(
        manager.create(ParticipatoryBudgetEntity, {
          processId: input.processId,
          title: input.title,
          votingStyle: input.votingStyle,
          selectionRule: input.selectionRule,
          maxChoices: input.maxChoices ?? null,
          minimumAge: input.minimumAge ?? 14,
          requiresVerifiedResidency: input.requiresVerifiedResidency ?? true,
          liveTotals: input.liveTotals ?? false,
          reviewStartsAt: input.reviewStartsAt ?? null,
          votingStartsAt: input.votingStartsAt,
          votingEndsAt: input.votingEndsAt,
          createdById: viewer.id,
        }),
      );
      await manager.insert(
        BudgetPotEntity,
        input.pots.map((pot) => ({
          budgetId: budget.id,
          districtId: pot.districtId ?? null,
          amount: pot.amount,
        })),
      );
      await recordAudit(manager, {
        actorId: viewer.id,
        action: AuditAction.BUDGET_CREATED,
        target: { type: 'ParticipatoryBudget', id: budget.id },
        after: budget.title,
      });
      return budget;
    });
  }

  async createProject(
    viewer: Viewer,
    input: CreateBudgetProjectInput,
  ): Promise<BudgetProjectEntity> {
    return this.db.transaction(async (manager) => {
      const budget = await lockBudget(manager, input.budgetId);
      if (!projectsEditable(budget, new Date())) {
        throw AppError.conflict('error.conflict.projectsFixed');
      }
      const proposal = input.proposalId
        ? await manager.findOneBy(ProposalEntity, { id: input.proposalId })
        : null;
      const problems: FieldProblem[] = [];
      if (input.proposalId && (!proposal || !canSeeProposal(viewer, proposal))) {
        problems.push(fieldProblem('proposalId', 'field.namesNoProposal'));
      }
      const departmentId = departmentForNewProject(
        viewer,
        input.departmentId,
        proposal?.departmentId ?? null,
      );
      if (
        input.departmentId &&
        !(await manager.existsBy(DepartmentEntity, { id: input.departmentId }))
      ) {
        problems.push(fieldProblem('departmentId', 'field.namesNoDepartment'));
      }
      const title = input.title ?? proposal?.title;
      const description = input.description ?? proposal?.body;
      if (!title) problems.push(fieldProblem('title', 'field.titleRequired'));
      if (!description) problems.push(fieldProblem('description', 'field.titleRequired'));
      const pot = await potOf(manager, budget.id, input.districtId ?? null);
      if (!pot) {
        problems.push(
          input.districtId
            ? fieldProblem('districtId', 'field.noPotForDistrict')
            : fieldProblem('districtId', 'field.noCityPot'),
        );
      } else if (input.cost > pot.amount) {
        problems.push(fieldProblem('cost', 'field.costOverPot', { amount: pot.amount }));
      }
      if (problems.length) throw AppError.badInput(problems);
      if (
        proposal &&
        (await manager.existsBy(BudgetProjectEntity, {
          budgetId: budget.id,
          proposalId: proposal.id,
        }))
      ) {
        throw AppError.conflict('error.conflict.proposalAlreadyProject');
      }
      const count = await manager.countBy(BudgetProjectEntity, { budgetId: budget.id });
      if (count >= BUDGET_LIMITS.projectsPerBudget) {
        throw AppError.conflict(
          text('error.conflict.tooManyProjects', { maximum: BUDGET_LIMITS.projectsPerBudget }),
        );
      }
      const project = await manager.save(
        manager.create(BudgetProjectEntity, {
          budgetId: budget.id,
          title: title!,
          description: description!,
          cost: input.cost,
          departmentId,
          districtId: input.districtId ?? null,
          proposalId: proposal?.id ?? null,
          feasibility: Feasibility.PENDING,
          feasibilityReason: null,
          createdById: viewer.id,
        }),
      );
      await recordChange(manager, project.id, viewer.id, BudgetProjectChangeKind.CREATED, {
        cost: [null, project.cost],
      });
      return project;
    });
  }

  /**
   * The department's judgement: FEASIBLE puts the project on the ballot; NOT_FEASIBLE needs a
   * reason; a revised cost replaces the cost. Until voting starts; each review is on the record.
   */
  async review(viewer: Viewer, input: ReviewBudgetProjectInput): Promise<BudgetProjectEntity> {
    return this.db.transaction(async (manager) => {
      const found = await manager.findOneBy(BudgetProjectEntity, { id: input.projectId });
      if (!found) throw AppError.notFound('budgetProject');
      const budget = await lockBudget(manager, found.budgetId);
      const project = await manager.findOneOrFail(BudgetProjectEntity, {
        where: { id: input.projectId },
        lock: { mode: 'pessimistic_write' },
      });
      assertReviews(viewer, project);
      if (!projectsEditable(budget, new Date())) {
        throw AppError.conflict('error.conflict.projectsFixed');
      }
      if (input.feasibility === Feasibility.NOT_FEASIBLE && !input.reason) {
        throw AppError.badField('reason', 'field.reasonRequired');
      }
      const cost = input.revisedCost ?? project.cost;
      if (cost !== project.cost) {
        const pot = await potOf(manager, budget.id, project.districtId);
        if (pot && cost > pot.amount) {
          throw AppError.badField('revisedCost', 'field.costOverPot', { amount: pot.amount });
        }
      }
      const details: Record<string, unknown> = {
        feasibility: [project.feasibility, input.feasibility],
      };
      if (cost !== project.cost) details.cost = [project.cost, cost];
      project.feasibility = input.feasibility;
      project.feasibilityReason = input.reason ?? null;
      project.cost = cost;
      await manager.save(project);
      await recordChange(
        manager,
        project.id,
        viewer.id,
        BudgetProjectChangeKind.REVIEWED,
        details,
        input.reason ?? null,
      );
      return project;
    });
  }
}

/** The pot that pays for a project of `districtId` (null: the city-wide pot), if the budget has it. */
export function potOf(
  manager: EntityManager,
  budgetId: string,
  districtId: string | null,
): Promise<BudgetPotEntity | null> {
  return manager.findOneBy(BudgetPotEntity, { budgetId, districtId: districtId ?? IsNull() });
}

/** One line on a project's record. */
export async function recordChange(
  manager: EntityManager,
  projectId: string,
  actorId: string | null,
  kind: BudgetProjectChangeKind,
  details: Record<string, unknown>,
  reason: string | null = null,
): Promise<void> {
  await manager.insert(BudgetProjectChangeEntity, {
    projectId,
    actorId,
    kind,
    details: details as never,
    reason,
    at: new Date(),
  });
}

/** What is wrong with a budget's own fields (dates, style, pots), before the database is asked. */
function budgetInputProblems(input: CreateBudgetInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.votingEndsAt <= input.votingStartsAt) {
    problems.push(fieldProblem('votingEndsAt', 'field.votingEndsBeforeStart'));
  } else if (input.votingEndsAt.getTime() - input.votingStartsAt.getTime() > YEAR_MS) {
    problems.push(fieldProblem('votingEndsAt', 'field.votingTooLong'));
  }
  if (input.reviewStartsAt && input.reviewStartsAt > input.votingStartsAt) {
    problems.push(fieldProblem('reviewStartsAt', 'field.reviewAfterVoting'));
  }
  const approval = input.votingStyle === BudgetVotingStyle.APPROVAL;
  if (approval !== (input.maxChoices != null)) {
    problems.push(fieldProblem('maxChoices', 'field.maxChoicesForApproval'));
  }
  const seen = new Set<string | null>();
  input.pots.forEach((pot, i) => {
    const key = pot.districtId ?? null;
    if (seen.has(key)) problems.push(fieldProblem(`pots.${i}.districtId`, 'field.potTwice'));
    seen.add(key);
  });
  return problems;
}
