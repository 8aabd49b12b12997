import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { District } from '../catalog/district.model.js';
import type { DistrictEntity } from '../catalog/district.entity.js';
import { DistrictsService } from '../catalog/district.service.js';
import { ParticipatoryProcess } from '../catalog/process.model.js';
import type { ProcessEntity } from '../catalog/process.entity.js';
import { ProcessesService } from '../catalog/processes.service.js';
import { Allow, AllowWhileSuspended, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import { canSeeProposal } from '../proposals/proposal-access.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { BallotsService } from './ballots.service.js';
import { BudgetStage, Feasibility } from './budget-enums.js';
import { BUDGET_LIMITS } from './budget-limits.js';
import type { BudgetProjectChangeEntity, BudgetProjectEntity } from './budget-project.entity.js';
import { budgetStage } from './budget-stage.js';
import type { BudgetPotEntity, ParticipatoryBudgetEntity } from './budget.entity.js';
import {
  Ballot,
  BudgetPot,
  BudgetProject,
  BudgetProjectChange,
  BudgetProjectConnection,
  ParticipatoryBudget,
} from './budget.model.js';
import { BudgetsService } from './budgets.service.js';
import {
  BudgetProjectsArgs,
  CastBallotInput,
  CreateBudgetInput,
  CreateBudgetProjectInput,
  ReviewBudgetProjectInput,
} from './dto/budget.inputs.js';

@Resolver(() => ParticipatoryBudget)
export class BudgetsResolver {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly ballots: BallotsService,
    private readonly processes: ProcessesService,
  ) {}

  @Query(() => ParticipatoryBudget, {
    nullable: true,
    description: 'Null when missing or not a ParticipatoryBudget id.',
  })
  @Allow(Permission.READ_PUBLIC)
  budget(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<ParticipatoryBudgetEntity | null> | null {
    const budgetId = decodeGlobalId(id, 'ParticipatoryBudget');
    return budgetId ? this.budgets.load(ctx.loaders, budgetId) : null;
  }

  @Mutation(() => ParticipatoryBudget, { description: 'ADMIN only.' })
  @Allow(Permission.ADMINISTER)
  createBudget(
    @Args('input') input: CreateBudgetInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ParticipatoryBudgetEntity> {
    return this.budgets.create(viewer, input);
  }

  @Mutation(() => Ballot, {
    description:
      "Eligible residents while VOTING; replaces the voter's previous ballot. A suspended user may vote: a suspension stops writing for others to read, and a ballot is read by nobody.",
  })
  @Allow(Permission.PARTICIPATE)
  @AllowWhileSuspended()
  castBallot(
    @Args('input') input: CastBallotInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Ballot> {
    return this.ballots.cast(viewer, input);
  }

  @ResolveField(() => ParticipatoryProcess)
  async process(
    @Parent() budget: ParticipatoryBudgetEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProcessEntity> {
    return (await this.processes.load(ctx.loaders, budget.processId))!;
  }

  @ResolveField(() => BudgetStage, {
    description:
      'Derived from the dates: COLLECTING until reviewStartsAt (when set), then REVIEWING until votingStartsAt, VOTING until votingEndsAt; then RESULTS (provisional until an admin publishes them: results.final), IMPLEMENTING once an admin starts implementation. Projects may be added and reviewed at any time before votingStartsAt.',
  })
  stage(@Parent() budget: ParticipatoryBudgetEntity): BudgetStage {
    return budgetStage(budget, new Date());
  }

  @ResolveField(() => [BudgetPot], { description: 'The city-wide pot first, then the districts.' })
  @MaxItems(BUDGET_LIMITS.pots)
  pots(
    @Parent() budget: ParticipatoryBudgetEntity,
    @Context() ctx: RequestContext,
  ): Promise<BudgetPotEntity[]> {
    return this.budgets.pots(ctx.loaders, budget.id);
  }

  @ResolveField(() => BudgetProjectConnection, {
    description: 'In the order they were added (the ballot paper).',
  })
  projects(
    @Parent() budget: ParticipatoryBudgetEntity,
    @Args() args: BudgetProjectsArgs,
  ): Promise<Connection<BudgetProjectEntity>> {
    return this.budgets.projects(budget.id, args, args);
  }

  @ResolveField(() => Ballot, {
    nullable: true,
    description: "The viewer's own ballot; null when none or anonymous.",
  })
  myBallot(
    @Parent() budget: ParticipatoryBudgetEntity,
    @Context() ctx: RequestContext,
  ): Promise<Ballot | null> {
    return this.ballots.mine(ctx.loaders, viewerOf(ctx), budget.id);
  }
}

@Resolver(() => BudgetPot)
export class BudgetPotResolver {
  constructor(private readonly districts: DistrictsService) {}

  @ResolveField(() => District, { nullable: true, description: 'Null for the city-wide pot.' })
  district(
    @Parent() pot: BudgetPot,
    @Context() ctx: RequestContext,
  ): Promise<DistrictEntity | null> | null {
    return pot.districtId ? this.districts.load(ctx.loaders, pot.districtId) : null;
  }
}

@Resolver(() => BudgetProject)
export class BudgetProjectsResolver {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly departments: DepartmentsService,
    private readonly districts: DistrictsService,
    private readonly proposals: ProposalsService,
  ) {}

  @Mutation(() => BudgetProject, {
    description:
      'STAFF (its department) and ADMIN, until voting starts. The cost must fit in its pot.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  createBudgetProject(
    @Args('input') input: CreateBudgetProjectInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<BudgetProjectEntity> {
    return this.budgets.createProject(viewer, input);
  }

  @Mutation(() => BudgetProject, {
    description:
      "STAFF of the project's department and ADMIN, until voting starts (REVIEWING, or earlier). NOT_FEASIBLE needs a reason; each review is on the project's record.",
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  reviewBudgetProject(
    @Args('input') input: ReviewBudgetProjectInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<BudgetProjectEntity> {
    return this.budgets.review(viewer, input);
  }

  @ResolveField(() => ParticipatoryBudget)
  async budget(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<ParticipatoryBudgetEntity> {
    return (await this.budgets.load(ctx.loaders, project.budgetId))!;
  }

  @ResolveField(() => Department, { nullable: true })
  department(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return project.departmentId ? this.departments.load(ctx.loaders, project.departmentId) : null;
  }

  @ResolveField(() => District, { nullable: true, description: 'Null: the city-wide pot.' })
  district(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<DistrictEntity | null> | null {
    return project.districtId ? this.districts.load(ctx.loaders, project.districtId) : null;
  }

  @ResolveField(() => Proposal, {
    nullable: true,
    description: 'The proposal it was made from (null when none, or hidden from the viewer).',
  })
  async proposal(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity | null> {
    if (!project.proposalId) return null;
    const proposal = await this.proposals.load(ctx.loaders, project.proposalId);
    return proposal && canSeeProposal(viewerOf(ctx), proposal) ? proposal : null;
  }

  @ResolveField(() => Boolean, { description: 'FEASIBLE: on the ballot.' })
  onBallot(@Parent() project: BudgetProjectEntity): boolean {
    return project.feasibility === Feasibility.FEASIBLE;
  }

  @ResolveField(() => [BudgetProjectChange], {
    description: `The project's record, oldest first: its most recent ${BUDGET_LIMITS.projectHistory} changes.`,
  })
  @MaxItems(BUDGET_LIMITS.projectHistory)
  async history(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<BudgetProjectChange[]> {
    const changes = await this.budgets.changes(ctx.loaders, project.id);
    return changes.map(asChange);
  }
}

/** A record row as the API shows it: the cost and feasibility it moved between. */
function asChange(change: BudgetProjectChangeEntity): BudgetProjectChange {
  const details = change.details as {
    cost?: [number | null, number];
    feasibility?: [string, string];
  };
  return {
    kind: change.kind,
    costBefore: details.cost?.[0] ?? null,
    costAfter: details.cost?.[1] ?? null,
    feasibility: (details.feasibility?.[1] as Feasibility | undefined) ?? null,
    reason: change.reason,
    at: change.at,
    actorId: change.actorId,
  };
}

@Resolver(() => BudgetProjectChange)
export class BudgetProjectChangeResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, {
    nullable: true,
    description:
      'Who made the change (staff or an admin); null for the system or a deleted account.',
  })
  actor(
    @Parent() change: BudgetProjectChange,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return change.actorId ? this.users.load(ctx.loaders, change.actorId) : null;
  }
}

@Resolver(() => Ballot)
export class BallotResolver {
  constructor(private readonly budgets: BudgetsService) {}

  @ResolveField(() => ParticipatoryBudget)
  async budget(
    @Parent() ballot: Ballot,
    @Context() ctx: RequestContext,
  ): Promise<ParticipatoryBudgetEntity> {
    return (await this.budgets.load(ctx.loaders, ballot.budgetId))!;
  }

  @ResolveField(() => [BudgetProject], { description: 'In ballot-paper order.' })
  @MaxItems(BUDGET_LIMITS.ballotProjects)
  async projects(
    @Parent() ballot: Ballot,
    @Context() ctx: RequestContext,
  ): Promise<BudgetProjectEntity[]> {
    const projects = await Promise.all(
      ballot.projectIds.map((id) => this.budgets.loadProject(ctx.loaders, id)),
    );
    return projects
      .filter((p): p is BudgetProjectEntity => p !== null)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }
}

@Resolver(() => ParticipatoryProcess)
export class ProcessBudgetsResolver {
  constructor(private readonly budgetsService: BudgetsService) {}

  @ResolveField(() => [ParticipatoryBudget], {
    description: `The process's budgets, the latest voting first (at most ${BUDGET_LIMITS.budgetsPerProcess}).`,
  })
  @MaxItems(BUDGET_LIMITS.budgetsPerProcess)
  budgets(
    @Parent() process: ProcessEntity,
    @Context() ctx: RequestContext,
  ): Promise<ParticipatoryBudgetEntity[]> {
    return this.budgetsService.ofProcess(ctx.loaders, process.id);
  }
}

@Resolver(() => Proposal)
export class ProposalBudgetProjectsResolver {
  constructor(private readonly budgets: BudgetsService) {}

  @ResolveField(() => [BudgetProject], {
    description: `Budget projects made from this proposal (at most ${BUDGET_LIMITS.budgetsPerProcess}), the newest first.`,
  })
  @MaxItems(BUDGET_LIMITS.budgetsPerProcess)
  budgetProjects(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<BudgetProjectEntity[]> {
    return this.budgets.ofProposal(ctx.loaders, proposal.id);
  }
}
