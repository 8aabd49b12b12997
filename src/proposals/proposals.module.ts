import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { canSeeProposal } from './proposal-access.js';
import {
  DepartmentProposalsResolver,
  ProcessProposalsResolver,
  UserProposalsResolver,
} from './proposal-lists.resolver.js';
import { ProposalEntity, ProposalTopicEntity, SupportEntity } from './proposal.entity.js';
import { ProposalsResolver } from './proposals.resolver.js';
import { ProposalLiveResolver } from './proposal-live.resolver.js';
import { ProposalPlanner } from './proposal-plan.js';
import { ProposalsService } from './proposals.service.js';
import { SupportsService } from './supports.service.js';

/** What citizens propose and support: proposals, their topics and locations, and supports. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ProposalEntity, ProposalTopicEntity, SupportEntity]),
    CatalogModule,
    EscalationModule,
  ],
  providers: [
    ProposalsService,
    SupportsService,
    ProposalsResolver,
    UserProposalsResolver,
    DepartmentProposalsResolver,
    ProcessProposalsResolver,
    ProposalLiveResolver,
    ProposalPlanner,
  ],
  exports: [ProposalsService, SupportsService],
})
export class ProposalsModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly proposals: ProposalsService,
  ) {}

  onModuleInit(): void {
    // node(id) shows a proposal exactly when proposal(id) would.
    this.nodes.register('Proposal', async (ids, ctx) => {
      const viewer = ctx.req.viewer ?? null;
      const rows = await Promise.all(ids.map((id) => this.proposals.load(ctx.loaders, id)));
      return rows.map((p) => (p && canSeeProposal(viewer, p) ? p : null));
    });
  }
}
