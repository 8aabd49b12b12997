import { type DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ConfigModule } from './core/config/config.module.js';
import { DatabaseModule } from './core/database/database.module.js';
import { WontakGraphqlModule } from './core/graphql/graphql.module.js';
import { HealthModule } from './core/health/health.module.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { MetricsModule } from './core/metrics/metrics.module.js';
import { TracingModule } from './core/tracing/tracing.module.js';
import type { Tracing } from './core/tracing/tracing.js';
import { createValidationPipe } from './core/validation/validation.pipe.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { WorkshopsModule } from './workshops/workshops.module.js';
import { BudgetsModule } from './budgets/budgets.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { AuditModule } from './audit/audit.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { LiveModule } from './core/live/live.module.js';
import { RateLimitModule } from './core/rate-limit/rate-limit.module.js';
import { SeedModule } from './seed/seed.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { EscalationModule } from './escalation/escalation.module.js';
import { MailModule } from './mail/mail.module.js';
import { PollsModule } from './polls/polls.module.js';
import { RoundTablesModule } from './round-tables/round-tables.module.js';
import { GuardiansModule } from './guardians/guardians.module.js';
import { ApiClientsModule } from './api-clients/api-clients.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export interface AppOptions {
  /** The Postgres to use, already resolved (DATABASE_URL or the embedded one). */
  databaseUrl: string;
  /**
   * Redis for live events and rate-limit counters shared between instances; REDIS_URL when
   * omitted, none when null.
   */
  redisUrl?: string | null;
  /** Traces of the requests, operations, resolvers and SQL; none (and no cost) when omitted. */
  tracing?: Tracing | null;
  /**
   * Work the job queue (reminders, escalation sweeps) in this process: main.ts says yes unless
   * WORKER=separate; tests ask for it when they test jobs. Off when omitted.
   */
  runJobs?: boolean;
}

/** The domain modules, in one list: what the schema is built from. */
export const DOMAIN_MODULES = [
  CatalogModule,
  IdentityModule,
  ProposalsModule,
  CommentsModule,
  FeedbackModule,
  WorkshopsModule,
  BudgetsModule,
  NotificationsModule,
  ModerationModule,
  AuditModule,
  RemindersModule,
  TimelineModule,
  EscalationModule,
  MailModule,
  PollsModule,
  RoundTablesModule,
  GuardiansModule,
  ApiClientsModule,
  WebhooksModule,
];

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        LoggingModule,
        DatabaseModule.forUrl(options.databaseUrl),
        JobsModule.forRoot({ databaseUrl: options.databaseUrl, runJobs: options.runJobs ?? false }),
        MetricsModule,
        TracingModule.forRoot(options.tracing ?? null),
        LiveModule.forRoot(options.redisUrl),
        RateLimitModule.forRoot(options.redisUrl),
        WontakGraphqlModule,
        HealthModule,
        ...DOMAIN_MODULES,
        SeedModule,
      ],
      providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
    };
  }
}
