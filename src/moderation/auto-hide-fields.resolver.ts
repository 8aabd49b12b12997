import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CommentsService } from '../comments/comments.service.js';
import { Role } from '../core/access/role.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { UsersService } from '../identity/users.service.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { isStaffContent } from './moderation-rules.js';
import type { ContentReportEntity, ModerationItemEntity } from './moderation.entities.js';
import { ModerationItem, Report } from './moderation.models.js';

/**
 * What the queue shows of the automatic hide's rules (moderation-rules.ts): which reports
 * count toward it, and which items only an admin may decide.
 */
@Resolver(() => ModerationItem)
export class ModerationItemAutoHideResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly comments: CommentsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Int, {
    description:
      'Of the reports since the last RESTORE, those that count toward the automatic hide (Report.countsTowardHide): at MODERATION_HIDE_THRESHOLD they hide content written by a citizen.',
  })
  openCountedReportCount(@Parent() item: ModerationItemEntity): number {
    return item.openCountedReportCount;
  }

  @ResolveField(() => Boolean, {
    description:
      'Written by staff, a moderator or an admin, or an official comment: reports never hide it, and only an admin may hide or restore it (nobody, when an admin wrote it). A moderator may still restore it if reports hid it before it was exempt.',
  })
  async needsAdmin(
    @Parent() item: ModerationItemEntity,
    @Context() ctx: RequestContext,
  ): Promise<boolean> {
    const target = (await (item.proposalId
      ? this.proposals.load(ctx.loaders, item.proposalId)
      : this.comments.load(ctx.loaders, item.commentId!))) as {
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
}

@Resolver(() => Report)
export class ReportAutoHideResolver {
  @ResolveField(() => Boolean, {
    description:
      'Whether it counts toward the automatic hide, decided when it was made: false when the reporter was a citizen whose account was younger than MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS, or anyone whose suspension had ended less than MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS before.',
  })
  countsTowardHide(@Parent() report: ContentReportEntity): boolean {
    return report.countsTowardHide;
  }
}
