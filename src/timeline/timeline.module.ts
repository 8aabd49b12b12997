import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { viewerOf } from '../core/auth/current-viewer.decorator.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { ProposalEventEntity } from './proposal-event.entity.js';
import {
  EventActorResolver,
  ProposalEventResolver,
  ProposalTimelineResolver,
} from './timeline.resolver.js';
import { TimelineService } from './timeline.service.js';

/**
 * A proposal's timeline: read here (Proposal.timeline, node(id)), written by the domains that
 * make the changes, with recordProposalEvent inside their own transactions.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProposalEventEntity]), CatalogModule, ProposalsModule],
  providers: [TimelineService, ProposalTimelineResolver, ProposalEventResolver, EventActorResolver],
})
export class TimelineModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly timeline: TimelineService,
  ) {}

  onModuleInit(): void {
    // node(id) shows an event exactly when the proposal's timeline would.
    this.nodes.register('ProposalEvent', (ids, ctx) =>
      Promise.all(ids.map((id) => this.timeline.findVisible(ctx.loaders, viewerOf(ctx), id))),
    );
  }
}
