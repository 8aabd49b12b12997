import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { FeedbackModule } from '../feedback/feedback.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { WorkshopsModule } from '../workshops/workshops.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { DemoSeeder } from './demo-seeder.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { BudgetsModule } from '../budgets/budgets.module.js';
import { PollsModule } from '../polls/polls.module.js';

@Module({
  imports: [
    CatalogModule,
    ProposalsModule,
    CommentsModule,
    FeedbackModule,
    WorkshopsModule,
    ModerationModule,
    EscalationModule,
    RemindersModule,
    BudgetsModule,
    PollsModule,
  ],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}
