import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { AnswersService } from './answers.service.js';
import { DepartmentStatsService } from './department-stats.service.js';
import { DepartmentTransferEntity } from './department-transfer.entity.js';
import {
  DepartmentStatsResolver,
  DepartmentTransferResolver,
  OfficialAnswerResolver,
  ProgressUpdateResolver,
  ProposalFeedbackResolver,
} from './feedback-fields.resolver.js';
import { FeedbackHistoryService } from './feedback-history.service.js';
import { FeedbackMetrics } from './feedback.metrics.js';
import { FeedbackResolver } from './feedback.resolver.js';
import { AnswerRatingEntity, OfficialAnswerEntity } from './official-answer.entity.js';
import { ProgressUpdateEntity } from './progress-update.entity.js';
import { RoutingService } from './routing.service.js';

/**
 * The feedback loop to departments: routing (first assignment and transfers), answers within
 * the deadline, progress updates, ratings and the public department statistics. The rules are
 * in feedback-access.ts, the lifecycle in proposals/proposal-status.ts, overdue in
 * proposals/proposal-deadline.ts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      DepartmentTransferEntity,
      OfficialAnswerEntity,
      AnswerRatingEntity,
      ProgressUpdateEntity,
    ]),
    CatalogModule,
    ProposalsModule,
  ],
  providers: [
    RoutingService,
    AnswersService,
    FeedbackHistoryService,
    DepartmentStatsService,
    FeedbackResolver,
    ProposalFeedbackResolver,
    OfficialAnswerResolver,
    ProgressUpdateResolver,
    DepartmentTransferResolver,
    DepartmentStatsResolver,
    FeedbackMetrics,
  ],
  exports: [RoutingService, AnswersService],
})
export class FeedbackModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly history: FeedbackHistoryService,
  ) {}

  onModuleInit(): void {
    // node(id) shows answers and progress updates exactly when their proposal is visible.
    this.nodes.register('OfficialAnswer', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.history.findVisibleAnswer(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
    this.nodes.register('ProgressUpdate', (ids, ctx) =>
      Promise.all(
        ids.map((id) =>
          this.history.findVisibleProgressUpdate(ctx.loaders, ctx.req.viewer ?? null, id),
        ),
      ),
    );
  }
}
