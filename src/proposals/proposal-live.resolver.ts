import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { Allow, Permission } from '../core/access/permissions.js';
import { LiveViewers } from '../core/auth/live-viewers.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import { RequestLoaders } from '../core/loaders/request-loaders.js';
import { LiveChannel, type ProposalUpdatedEvent } from '../core/live/live-events.js';
import { filterEvents } from '../core/live/live-iterators.js';
import { canSeeProposal } from './proposal-access.js';
import type { ProposalEntity } from './proposal.entity.js';
import { Proposal } from './proposal.model.js';
import { ProposalsService } from './proposals.service.js';

/** proposalUpdated: one proposal's changes, live, for whoever may read it at that moment. */
@Resolver()
export class ProposalLiveResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly pubSub: PubSubEngine,
    private readonly liveViewers: LiveViewers,
  ) {}

  @Subscription(() => Proposal, {
    description:
      'A proposal after each committed change: text, status, routing, answers, progress, supports and comments counts. NOT_FOUND when the viewer cannot see it; while it is hidden, only those who may see hidden content (and its author) hear of it.',
    resolve(
      this: ProposalLiveResolver,
      event: ProposalUpdatedEvent,
      _args: unknown,
      ctx: RequestContext,
    ) {
      return this.resolveEvent(event, ctx);
    },
  })
  @Allow(Permission.READ_PUBLIC)
  async proposalUpdated(
    @Args('id', { type: () => ID }) id: string,
    @CurrentViewer() viewer: Viewer | null,
    @Context() ctx: RequestContext,
  ): Promise<AsyncIterableIterator<ProposalUpdatedEvent>> {
    const proposalId = decodeGlobalId(id, 'Proposal');
    if (!proposalId) throw AppError.badField('id', 'field.idOf', { type: 'Proposal' });
    if (!(await this.proposals.findVisible(ctx.loaders, viewer, proposalId))) {
      throw AppError.notFound('proposal');
    }
    const events = this.pubSub.asyncIterableIterator<ProposalUpdatedEvent>(
      LiveChannel.proposal(proposalId),
    );
    // Checked against the proposal as it was at commit and the viewer as of now.
    return filterEvents(events, async (event) =>
      canSeeProposal(await this.liveViewers.viewerAt(ctx.live, event), event),
    );
  }

  /**
   * Each event is read once per API instance, however many subscribers it has: the pub/sub
   * engines hand the same event object to every listener, so it keys the read.
   */
  private readonly reads = new WeakMap<ProposalUpdatedEvent, Promise<ProposalEntity | null>>();

  private async resolveEvent(
    event: ProposalUpdatedEvent,
    ctx: RequestContext,
  ): Promise<ProposalEntity> {
    const viewer = await this.liveViewers.refresh(ctx, event);
    let read = this.reads.get(event);
    if (!read) {
      read = this.proposals.load(new RequestLoaders(), event.proposalId);
      this.reads.set(event, read);
    }
    const proposal = await read;
    if (!proposal || !canSeeProposal(viewer, proposal)) throw AppError.notFound('proposal');
    this.proposals.noteChanged(ctx.loaders, proposal);
    return proposal;
  }
}
