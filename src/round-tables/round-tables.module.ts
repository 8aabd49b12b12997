import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { WorkshopsModule } from '../workshops/workshops.module.js';
import { PriorityToProposalService } from './priority-to-proposal.js';
import { RoundTableEntity, RoundTableSeatEntity } from './round-table.entity.js';
import { ROUND_TABLE_RESOLVERS } from './round-tables.resolver.js';
import { RoundTablesService } from './round-tables.service.js';
import {
  SessionPriorityEntity,
  TableIdeaCorrectionEntity,
  TableIdeaEntity,
} from './table-idea.entity.js';

/**
 * Round tables: what happens in the room enters the record. Tables with facilitators and seats,
 * ideas and dots entered with their provenance, duplicates merged, priorities ranked, published
 * and carried on as proposals. Who may do what is in round-table-access.ts; seating in
 * seating.ts; the limits in round-table-limits.ts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      RoundTableEntity,
      RoundTableSeatEntity,
      TableIdeaEntity,
      TableIdeaCorrectionEntity,
      SessionPriorityEntity,
    ]),
    IdentityModule,
    ProposalsModule,
    WorkshopsModule,
  ],
  providers: [RoundTablesService, PriorityToProposalService, ...ROUND_TABLE_RESOLVERS],
})
export class RoundTablesModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly roundTables: RoundTablesService,
  ) {}

  onModuleInit(): void {
    // Ideas and priorities: the room's people until the priorities are published, everyone after.
    this.nodes.register('TableIdea', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.roundTables.visibleIdea(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
    this.nodes.register('SessionPriority', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.roundTables.visiblePriority(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
  }
}
