import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { Allow, Permission } from '../core/access/permissions.js';
import { LiveViewers } from '../core/auth/live-viewers.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { parseGlobalId } from '../core/graphql/relay/global-id.js';
import { LiveChannel, type CommentAddedEvent } from '../core/live/live-events.js';
import { filterEvents } from '../core/live/live-iterators.js';
import { canSeeProposal } from '../proposals/proposal-access.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import { COMMENTABLE_TYPES } from './comment-subject.js';
import type { CommentEntity } from './comment.entity.js';
import { Comment } from './comment.model.js';
import { CommentsService } from './comments.service.js';

/** commentAdded: new comments and replies on one proposal or workshop, live. */
@Resolver()
export class CommentLiveResolver {
  constructor(
    private readonly comments: CommentsService,
    private readonly proposals: ProposalsService,
    private readonly workshops: WorkshopsService,
    private readonly pubSub: PubSubEngine,
    private readonly liveViewers: LiveViewers,
  ) {}

  @Subscription(() => Comment, {
    description:
      'Each new comment or reply on a Proposal or Workshop, once committed. NOT_FOUND when the viewer cannot see the subject; nothing is sent about a proposal while it is hidden from the viewer.',
    resolve(
      this: CommentLiveResolver,
      event: CommentAddedEvent,
      _args: unknown,
      ctx: RequestContext,
    ) {
      return this.resolveEvent(event, ctx);
    },
  })
  @Allow(Permission.READ_PUBLIC)
  async commentAdded(
    @Args('subjectId', { type: () => ID }) subjectId: string,
    @CurrentViewer() viewer: Viewer | null,
    @Context() ctx: RequestContext,
  ): Promise<AsyncIterableIterator<CommentAddedEvent>> {
    const subject = parseGlobalId(subjectId);
    if (!subject || !(subject.type in COMMENTABLE_TYPES)) {
      throw AppError.badField('subjectId', 'field.theIdOfEither', {
        first: 'Proposal',
        second: 'Workshop',
      });
    }
    const found =
      subject.type === 'Proposal'
        ? await this.proposals.findVisible(ctx.loaders, viewer, subject.id)
        : await this.workshops.load(ctx.loaders, subject.id);
    if (!found) throw AppError.notFound(subject.type === 'Proposal' ? 'proposal' : 'workshop');
    const events = this.pubSub.asyncIterableIterator<CommentAddedEvent>(
      LiveChannel.comments(subject.id),
    );
    return filterEvents(
      events,
      async (event) =>
        !event.proposal ||
        canSeeProposal(await this.liveViewers.viewerAt(ctx.live, event), event.proposal),
    );
  }

  private async resolveEvent(
    event: CommentAddedEvent,
    ctx: RequestContext,
  ): Promise<CommentEntity> {
    const viewer = await this.liveViewers.refresh(ctx, event);
    // The comment (and its proposal) is read once per event and instance, however many
    // subscribers it has; each subscriber's visibility is checked on it.
    const comment = await this.comments.findVisible(
      this.liveViewers.eventLoaders(event),
      viewer,
      event.commentId,
    );
    if (!comment) throw AppError.notFound('comment');
    return comment;
  }
}
