import {
  Args,
  Context,
  Float,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import type { ProcessEntity } from '../catalog/process.entity.js';
import { ParticipatoryProcess } from '../catalog/process.model.js';
import { ProcessesService } from '../catalog/processes.service.js';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { MaxChars, MaxItems } from '../core/graphql/cost-model.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { firstItems } from '../core/loaders/request-loaders.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import { Workshop } from '../workshops/workshop.model.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import {
  CreatePollInput,
  FreeTextArgs,
  POLL_LIMITS,
  PollIdArgs,
  RespondToPollInput,
} from './dto/poll.inputs.js';
import { organizesPoll, pollOpen, resultsVisible } from './poll-access.js';
import {
  PollOptionEntity,
  PollQuestionEntity,
  PollQuestionKind,
  type PollAnswerTextEntity,
  type PollEntity,
} from './poll.entity.js';
import {
  Poll,
  PollFreeTextConnection,
  PollOption,
  PollQuestion,
  type PollOptionView,
  type PollQuestionView,
} from './poll.model.js';
import { PollsService } from './polls.service.js';

/** A copy of a loaded row that carries its poll (the loaders' rows are left as they are). */
function withPoll<T extends object>(blank: T, row: T, poll: PollEntity): T & { poll: PollEntity } {
  return Object.assign(blank, row, { poll });
}

@Resolver(() => Poll)
export class PollsResolver {
  constructor(
    private readonly polls: PollsService,
    private readonly processes: ProcessesService,
    private readonly workshops: WorkshopsService,
    private readonly departments: DepartmentsService,
  ) {}

  @Query(() => Poll, { nullable: true, description: 'Null when missing or not a Poll id.' })
  @Allow(Permission.READ_PUBLIC)
  poll(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<PollEntity | null> | null {
    const pollId = decodeGlobalId(id, 'Poll');
    return pollId ? this.polls.load(ctx.loaders, pollId) : null;
  }

  @Mutation(() => Poll, {
    description:
      "STAFF (organizing department) and ADMIN. A workshop's poll is its organizer's; otherwise staff create for their own department and admins name it (departmentId).",
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  createPoll(
    @Args('input') input: CreatePollInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PollEntity> {
    return this.polls.create(viewer, input);
  }

  @Mutation(() => Poll, {
    description:
      'Staff of the organizing department, or an admin: closes the poll now (closesAt becomes now). A poll already closed is returned as it is; one not open yet is a CONFLICT.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  closePoll(
    @Args() { pollId }: PollIdArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<PollEntity> {
    return this.polls.close(ctx.loaders, viewer, pollId);
  }

  @Mutation(() => Poll, {
    description:
      'While the poll is open, by an eligible user (FORBIDDEN with extensions.reason otherwise). Responding again replaces the earlier response.',
  })
  @Allow(Permission.PARTICIPATE)
  respondToPoll(
    @Args('input') input: RespondToPollInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<PollEntity> {
    return this.polls.respond(ctx.loaders, viewer, input);
  }

  @ResolveField(() => ParticipatoryProcess, { nullable: true })
  process(
    @Parent() poll: PollEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProcessEntity | null> | null {
    return poll.processId ? this.processes.load(ctx.loaders, poll.processId) : null;
  }

  @ResolveField(() => Workshop, { nullable: true })
  workshop(
    @Parent() poll: PollEntity,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity | null> | null {
    return poll.workshopId ? this.workshops.load(ctx.loaders, poll.workshopId) : null;
  }

  @ResolveField(() => Department, { description: 'The organizing department.' })
  async department(
    @Parent() poll: PollEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity> {
    return (await this.departments.load(ctx.loaders, poll.departmentId))!;
  }

  @ResolveField(() => [PollQuestion], {
    description: `In order (at most ${POLL_LIMITS.questions[1]}).`,
  })
  @MaxItems(POLL_LIMITS.questions[1])
  async questions(
    @Parent() poll: PollEntity,
    @Context() ctx: RequestContext,
  ): Promise<PollQuestionView[]> {
    const questions = await this.polls.questionsOf(ctx.loaders, poll.id);
    return firstItems(questions, POLL_LIMITS.questions[1]).map((q) =>
      withPoll(new PollQuestionEntity(), q, poll),
    );
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      'Responses so far. Null until the results are public: once the poll has closed, while it runs with liveResults, and always for the organizing department and admins.',
  })
  responseCount(@Parent() poll: PollEntity, @Context() ctx: RequestContext): number | null {
    return resultsVisible(viewerOf(ctx), poll) ? poll.responseCount : null;
  }

  @ResolveField(() => Boolean, {
    description: 'Whether the viewer has responded (false when anonymous).',
  })
  viewerHasResponded(@Parent() poll: PollEntity, @Context() ctx: RequestContext): Promise<boolean> {
    return this.polls.viewerHasResponded(ctx.loaders, viewerOf(ctx), poll.id);
  }

  @ResolveField(() => Boolean, { description: 'Taking responses now: opensAt <= now < closesAt.' })
  isOpen(@Parent() poll: PollEntity): boolean {
    return pollOpen(poll);
  }
}

@Resolver(() => PollQuestion)
export class PollQuestionResolver {
  constructor(private readonly polls: PollsService) {}

  @ResolveField(() => [PollOption], {
    description: `In order; none for FREE_TEXT (at most ${POLL_LIMITS.options[1]}).`,
  })
  @MaxItems(POLL_LIMITS.options[1])
  async options(
    @Parent() question: PollQuestionView,
    @Context() ctx: RequestContext,
  ): Promise<PollOptionView[]> {
    const options = await this.polls.optionsOf(ctx.loaders, question.id);
    return firstItems(options, POLL_LIMITS.options[1]).map((o) =>
      withPoll(new PollOptionEntity(), o, question.poll),
    );
  }

  @ResolveField(() => [String], {
    nullable: true,
    description:
      'FREE_TEXT answers, oldest first, without their authors: staff of the organizing department and admins only (null for anyone else, and for choice questions). `after` takes a cursor of freeTexts.',
  })
  @MaxChars(POLL_LIMITS.freeText[1])
  async freeTextAnswers(
    @Parent() question: PollQuestionView,
    @Args() args: FreeTextArgs,
    @Context() ctx: RequestContext,
  ): Promise<string[] | null> {
    const page = await this.freeTexts(question, args, ctx);
    return page ? page.nodes.map((t) => t.text) : null;
  }

  @ResolveField(() => PollFreeTextConnection, {
    nullable: true,
    description:
      'freeTextAnswers as a connection, with cursors to page on: the same rule of who may read them.',
  })
  freeTexts(
    @Parent() question: PollQuestionView,
    @Args() args: FreeTextArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<PollAnswerTextEntity>> | null {
    if (question.kind !== PollQuestionKind.FREE_TEXT) return null;
    if (!organizesPoll(viewerOf(ctx), question.poll)) return null;
    return this.polls.freeTexts(ctx.loaders, question.id, args);
  }
}

@Resolver(() => PollOption)
export class PollOptionResolver {
  constructor(private readonly polls: PollsService) {}

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Responses that chose it; null until the results are public (Poll.responseCount).',
  })
  count(@Parent() option: PollOptionView, @Context() ctx: RequestContext): Promise<number> | null {
    if (!resultsVisible(viewerOf(ctx), option.poll)) return null;
    return this.polls.choicesOf(ctx.loaders, option.id);
  }

  @ResolveField(() => Float, {
    nullable: true,
    description:
      "The share of the poll's responses that chose it, in percent (0-100, one decimal; 0 when there are none); null until the results are public. The options of a MULTIPLE_CHOICE question may add up to more than 100.",
  })
  async percent(
    @Parent() option: PollOptionView,
    @Context() ctx: RequestContext,
  ): Promise<number | null> {
    if (!resultsVisible(viewerOf(ctx), option.poll)) return null;
    const responses = option.poll.responseCount;
    if (responses === 0) return 0;
    const chosen = await this.polls.choicesOf(ctx.loaders, option.id);
    return Math.round((chosen * 1000) / responses) / 10;
  }
}

@Resolver(() => ParticipatoryProcess)
export class ProcessPollsResolver {
  constructor(private readonly pollsService: PollsService) {}

  @ResolveField(() => [Poll], {
    description: `The process's polls, the latest to open first (at most ${POLL_LIMITS.pollsPerProcess}).`,
  })
  @MaxItems(POLL_LIMITS.pollsPerProcess)
  async polls(
    @Parent() process: ProcessEntity,
    @Context() ctx: RequestContext,
  ): Promise<PollEntity[]> {
    return firstItems(
      await this.pollsService.pollsOfProcess(ctx.loaders, process.id),
      POLL_LIMITS.pollsPerProcess,
    );
  }
}

@Resolver(() => Workshop)
export class WorkshopPollsResolver {
  constructor(private readonly pollsService: PollsService) {}

  @ResolveField(() => [Poll], {
    description: `The workshop's polls, the latest to open first (at most ${POLL_LIMITS.pollsPerWorkshop}).`,
  })
  @MaxItems(POLL_LIMITS.pollsPerWorkshop)
  async polls(
    @Parent() workshop: WorkshopEntity,
    @Context() ctx: RequestContext,
  ): Promise<PollEntity[]> {
    return firstItems(
      await this.pollsService.pollsOfWorkshop(ctx.loaders, workshop.id),
      POLL_LIMITS.pollsPerWorkshop,
    );
  }
}
