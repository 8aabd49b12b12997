import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import { isOverdue } from '../proposals/proposal-deadline.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { DepartmentStatsService } from './department-stats.service.js';
import type { DepartmentTransferEntity } from './department-transfer.entity.js';
import { FeedbackHistoryService } from './feedback-history.service.js';
import {
  AnswerRating,
  DepartmentStats,
  DepartmentTransfer,
  OfficialAnswer,
  ProgressUpdate,
} from './feedback.models.js';
import type { AnswerRatingEntity, OfficialAnswerEntity } from './official-answer.entity.js';
import type { ProgressUpdateEntity } from './progress-update.entity.js';
import { FieldCost, MaxItems } from '../core/graphql/cost-model.js';
import { lastItems } from '../core/loaders/request-loaders.js';
import { FEEDBACK_LIMITS } from './dto/feedback.inputs.js';

const HISTORY_ITEMS = FEEDBACK_LIMITS.historyItems;

/**
 * What one department's statistics cost (core/graphql/cost-model.ts): they are computed over
 * its whole history (npm run bench: 10 departments' statistics take 1.6 s of SQL at city
 * scale), so all the departments' statistics together are an expensive operation.
 */
const STATS_COST = 25;

/** The feedback history on a proposal, batched per request (FeedbackHistoryService). */
@Resolver(() => Proposal)
export class ProposalFeedbackResolver {
  constructor(private readonly history: FeedbackHistoryService) {}

  @ResolveField(() => [OfficialAnswer], {
    description: `Official answers, oldest first (the most recent ${HISTORY_ITEMS}).`,
  })
  @MaxItems(HISTORY_ITEMS)
  async answers(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<OfficialAnswerEntity[]> {
    return lastItems(await this.history.answersOf(ctx.loaders, proposal.id), HISTORY_ITEMS);
  }

  @ResolveField(() => [ProgressUpdate], {
    description: `Oldest first (the most recent ${HISTORY_ITEMS}).`,
  })
  @MaxItems(HISTORY_ITEMS)
  async progressUpdates(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProgressUpdateEntity[]> {
    return lastItems(await this.history.progressUpdatesOf(ctx.loaders, proposal.id), HISTORY_ITEMS);
  }

  @ResolveField(() => [DepartmentTransfer], {
    description: `Every routing of the proposal between departments, oldest first (the most recent ${HISTORY_ITEMS}).`,
  })
  @MaxItems(HISTORY_ITEMS)
  async transfers(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentTransferEntity[]> {
    return lastItems(await this.history.transfersOf(ctx.loaders, proposal.id), HISTORY_ITEMS);
  }

  @ResolveField(() => Boolean, {
    description:
      'Assigned, unanswered by the current department since it received the proposal, and past responseDueAt.',
  })
  overdue(@Parent() proposal: ProposalEntity): boolean {
    return isOverdue(proposal);
  }
}

@Resolver(() => OfficialAnswer)
export class OfficialAnswerResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  @ResolveField(() => Proposal)
  async proposal(
    @Parent() answer: OfficialAnswerEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity> {
    return (await this.proposals.load(ctx.loaders, answer.proposalId))!;
  }

  @ResolveField(() => User)
  async author(
    @Parent() answer: OfficialAnswerEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, answer.authorId))!;
  }

  @ResolveField(() => Department)
  async department(
    @Parent() answer: OfficialAnswerEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity> {
    return (await this.departments.load(ctx.loaders, answer.departmentId))!;
  }

  @ResolveField(() => AnswerRating, { nullable: true })
  rating(@Parent() answer: OfficialAnswerEntity): AnswerRatingEntity | null {
    // Answers are always read with their rating (FeedbackHistoryService).
    return answer.rating ?? null;
  }
}

@Resolver(() => ProgressUpdate)
export class ProgressUpdateResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User)
  async author(
    @Parent() update: ProgressUpdateEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, update.authorId))!;
  }
}

@Resolver(() => DepartmentTransfer)
export class DepartmentTransferResolver {
  constructor(
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  @ResolveField(() => Department, { nullable: true, description: 'Null for the first assignment.' })
  from(
    @Parent() transfer: DepartmentTransferEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return transfer.fromDepartmentId
      ? this.departments.load(ctx.loaders, transfer.fromDepartmentId)
      : null;
  }

  @ResolveField(() => Department)
  async to(
    @Parent() transfer: DepartmentTransferEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity> {
    return (await this.departments.load(ctx.loaders, transfer.toDepartmentId))!;
  }

  @ResolveField(() => User)
  async by(
    @Parent() transfer: DepartmentTransferEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, transfer.byId))!;
  }
}

@Resolver(() => Department)
export class DepartmentStatsResolver {
  constructor(private readonly departmentStats: DepartmentStatsService) {}

  @ResolveField(() => DepartmentStats, {
    description:
      'How the department answers the proposals routed to it: the public feedback-loop dashboard.',
  })
  @FieldCost(STATS_COST)
  stats(
    @Parent() department: DepartmentEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentStats> {
    return this.departmentStats.statsOf(ctx.loaders, department.id);
  }
}
