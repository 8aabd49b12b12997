import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommentsModule } from '../comments/comments.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { seesHiddenContent } from '../proposals/proposal-access.js';
import {
  ContentReportEntity,
  ModerationDecisionEntity,
  ModerationItemEntity,
} from './moderation.entities.js';
import {
  ModerationDecisionResolver,
  ModerationItemResolver,
  ModerationResolver,
  ReportResolver,
} from './moderation.resolver.js';
import { ModerationService } from './moderation.service.js';

/**
 * Moderation: reports, the automatic hide, the queue, HIDE/RESTORE and suspensions. Who may
 * moderate whom is in moderation-rules.ts; what "hidden" means for reading is in
 * proposal-access.ts and CommentsService.bodyFor.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContentReportEntity, ModerationItemEntity, ModerationDecisionEntity]),
    ProposalsModule,
    CommentsModule,
  ],
  providers: [
    ModerationService,
    ModerationResolver,
    ModerationItemResolver,
    ReportResolver,
    ModerationDecisionResolver,
  ],
  exports: [ModerationService],
})
export class ModerationModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly moderation: ModerationService,
  ) {}

  onModuleInit(): void {
    // Reports are for moderators and admins.
    this.nodes.register('Report', (ids, ctx) =>
      seesHiddenContent(ctx.req.viewer ?? null)
        ? Promise.all(ids.map((id) => this.moderation.loadReport(ctx.loaders, id)))
        : Promise.resolve(ids.map(() => null)),
    );
  }
}
