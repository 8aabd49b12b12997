import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommentsService } from '../comments/comments.service.js';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { inReadersLanguage } from '../core/i18n/system-note.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { Role } from '../core/access/role.js';
import { UsersService } from '../identity/users.service.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import {
  LiftSuspensionInput,
  ModerateContentInput,
  ModerationQueueArgs,
  ReportContentInput,
  SuspendUserInput,
} from './dto/moderation.inputs.js';
import type {
  ContentReportEntity,
  ModerationDecisionEntity,
  ModerationItemEntity,
} from './moderation.entities.js';
import {
  ModerationDecision,
  ModerationItem,
  ModerationItemConnection,
  Report,
  Reportable,
} from './moderation.models.js';
import { ModerationService } from './moderation.service.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import { firstItems, lastItems } from '../core/loaders/request-loaders.js';
import { isStaffContent, MODERATION_LIMITS } from './moderation-rules.js';

const ITEM_HISTORY = MODERATION_LIMITS.itemHistory;

/**
 * Loads what a report or queue item is about. No visibility filter: reports and the queue are
 * for moderators and admins, who see hidden content (and a reporter, who just read it).
 */
function loadTarget(
  proposals: ProposalsService,
  comments: CommentsService,
  ctx: RequestContext,
  row: { proposalId: string | null; commentId: string | null },
): Promise<object | null> {
  return row.proposalId
    ? proposals.load(ctx.loaders, row.proposalId)
    : comments.load(ctx.loaders, row.commentId!);
}

@Resolver()
export class ModerationResolver {
  constructor(private readonly moderation: ModerationService) {}

  @Query(() => ModerationItemConnection, {
    description:
      'MODERATOR and ADMIN only. Reported and moderated content, most recent activity first.',
  })
  @Allow(Permission.MODERATE)
  moderationQueue(@Args() args: ModerationQueueArgs): Promise<Connection<ModerationItemEntity>> {
    return this.moderation.queue(args);
  }

  @Mutation(() => Report, {
    description:
      "Reports a proposal or comment, once per person (a second report is a CONFLICT). When the counting reports since the last RESTORE (by established reporters: Report.countsTowardHide) reach the threshold (MODERATION_HIDE_THRESHOLD, default 3), a citizen's content is hidden at once and its author notified. Content by staff, moderators and admins is never hidden by reports: it waits for an admin (ModerationItem.needsAdmin).",
  })
  @Allow(Permission.PARTICIPATE)
  reportContent(
    @Args('input') input: ReportContentInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ContentReportEntity> {
    return this.moderation.report(viewer, input);
  }

  @Mutation(() => ModerationItem, {
    description:
      "HIDE or RESTORE, with a note. Moderators: citizens' content, and RESTORE of whatever the reports hid (an automatic hide is nobody's decision); admins: anyone's but admins'; nobody their own. Resolves the item.",
  })
  @Allow(Permission.MODERATE)
  moderateContent(
    @Args('input') input: ModerateContentInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ModerationItemEntity> {
    return this.moderation.moderate(viewer, input);
  }

  @Mutation(() => User, {
    description:
      'Suspends a user until a time: they can still sign in and read, but every write is FORBIDDEN. Moderators suspend citizens; admins anyone but admins.',
  })
  @Allow(Permission.MODERATE)
  suspendUser(
    @Args('input') input: SuspendUserInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<UserEntity> {
    return this.moderation.suspend(viewer, input);
  }

  @Mutation(() => User, {
    description: 'Ends a suspension now; the same people who may suspend the user may lift it.',
  })
  @Allow(Permission.MODERATE)
  liftSuspension(
    @Args('input') input: LiftSuspensionInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<UserEntity> {
    return this.moderation.liftSuspension(viewer, input);
  }
}

@Resolver(() => ModerationItem)
export class ModerationItemResolver {
  constructor(
    private readonly moderation: ModerationService,
    private readonly proposals: ProposalsService,
    private readonly comments: CommentsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Reportable)
  target(
    @Parent() item: ModerationItemEntity,
    @Context() ctx: RequestContext,
  ): Promise<object | null> {
    return loadTarget(this.proposals, this.comments, ctx, item);
  }

  @ResolveField(() => Boolean, { description: 'Whether the content is hidden now.' })
  async hidden(
    @Parent() item: ModerationItemEntity,
    @Context() ctx: RequestContext,
  ): Promise<boolean> {
    const target = (await loadTarget(this.proposals, this.comments, ctx, item)) as {
      hidden: boolean;
    } | null;
    return target?.hidden ?? false;
  }

  @ResolveField(() => Boolean, {
    description:
      'Written by staff, a moderator or an admin, or an official comment: reports never hide it, and only an admin may hide or restore it (nobody, when an admin wrote it). A moderator may still restore it if reports hid it before it was exempt.',
  })
  async needsAdmin(
    @Parent() item: ModerationItemEntity,
    @Context() ctx: RequestContext,
  ): Promise<boolean> {
    const target = (await loadTarget(this.proposals, this.comments, ctx, item)) as {
      authorId: string;
      isOfficial?: boolean;
    } | null;
    if (!target) return false;
    const author = await this.users.load(ctx.loaders, target.authorId);
    return isStaffContent({
      authorRole: author?.role ?? Role.CITIZEN,
      officialComment: target.isOfficial === true,
    });
  }

  @ResolveField(() => [Report], {
    description: `Newest first (the most recent ${ITEM_HISTORY}; reportCount counts them all).`,
  })
  @MaxItems(ITEM_HISTORY)
  async reports(
    @Parent() item: ModerationItemEntity,
    @Context() ctx: RequestContext,
  ): Promise<ContentReportEntity[]> {
    return firstItems(await this.moderation.reportsOf(ctx.loaders, item), ITEM_HISTORY);
  }

  @ResolveField(() => [ModerationDecision], {
    description: `Every HIDE and RESTORE, oldest first (the most recent ${ITEM_HISTORY}).`,
  })
  @MaxItems(ITEM_HISTORY)
  async decisions(
    @Parent() item: ModerationItemEntity,
    @Context() ctx: RequestContext,
  ): Promise<ModerationDecisionEntity[]> {
    return lastItems(await this.moderation.decisionsOf(ctx.loaders, item.id), ITEM_HISTORY);
  }
}

@Resolver(() => Report)
export class ReportResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly comments: CommentsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Reportable)
  target(
    @Parent() report: ContentReportEntity,
    @Context() ctx: RequestContext,
  ): Promise<object | null> {
    return loadTarget(this.proposals, this.comments, ctx, report);
  }

  @ResolveField(() => User)
  reporter(
    @Parent() report: ContentReportEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> {
    return this.users.load(ctx.loaders, report.reporterId);
  }
}

@Resolver(() => ModerationDecision)
export class ModerationDecisionResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => Boolean, { description: 'Hidden by reports, not by a person.' })
  automatic(@Parent() decision: ModerationDecisionEntity): boolean {
    return decision.moderatorId === null;
  }

  /** A moderator's note as they wrote it; the system's, in the reader's language. */
  @ResolveField('note')
  note(@Parent() decision: ModerationDecisionEntity, @Context() ctx: RequestContext): string {
    return inReadersLanguage(ctx, decision.note, decision.moderatorId === null);
  }

  @ResolveField(() => User, { nullable: true, description: 'Null for an automatic hide.' })
  moderator(
    @Parent() decision: ModerationDecisionEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return decision.moderatorId ? this.users.load(ctx.loaders, decision.moderatorId) : null;
  }
}
