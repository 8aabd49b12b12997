import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { AnswersService } from './answers.service.js';
import {
  AnswerProposalInput,
  AssignProposalInput,
  PostProgressUpdateInput,
  RateAnswerInput,
} from './dto/feedback.inputs.js';
import { OfficialAnswer, ProgressUpdate } from './feedback.models.js';
import type { OfficialAnswerEntity } from './official-answer.entity.js';
import type { ProgressUpdateEntity } from './progress-update.entity.js';
import { RoutingService } from './routing.service.js';

/** The mutations of the feedback loop; who may do what is in feedback-access.ts. */
@Resolver()
export class FeedbackResolver {
  constructor(
    private readonly routing: RoutingService,
    private readonly answers: AnswersService,
  ) {}

  @Mutation(() => Proposal, {
    description:
      'Routes a proposal to a department: the first assignment (any staff member or an admin; SUBMITTED becomes UNDER_REVIEW and responseDueAt is set) or a transfer (staff of the current department or an admin; responseDueAt is kept).',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  assignProposal(
    @Args('input') input: AssignProposalInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity> {
    return this.routing.assign(ctx.loaders, viewer, input);
  }

  @Mutation(() => OfficialAnswer, {
    description:
      'An answer of the assigned department, setting a status the lifecycle table allows (the same status: an interim reply). Anything else is a CONFLICT.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  answerProposal(
    @Args('input') input: AnswerProposalInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<OfficialAnswerEntity> {
    return this.answers.answer(ctx.loaders, viewer, input);
  }

  @Mutation(() => ProgressUpdate, {
    description:
      'On ACCEPTED or IN_PROGRESS proposals; the first one moves ACCEPTED to IN_PROGRESS, and Proposal.progress becomes its value.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  postProgressUpdate(
    @Args('input') input: PostProgressUpdateInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<ProgressUpdateEntity> {
    return this.answers.postProgress(ctx.loaders, viewer, input);
  }

  @Mutation(() => OfficialAnswer, {
    description: "The proposal's author rates an answer, once (a second rating is a CONFLICT).",
  })
  @Allow(Permission.PARTICIPATE)
  rateAnswer(
    @Args('input') input: RateAnswerInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<OfficialAnswerEntity> {
    return this.answers.rate(ctx.loaders, viewer, input);
  }
}
