import { type DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ConfigModule } from './core/config/config.module.js';
import { DatabaseModule } from './core/database/database.module.js';
import { WontakGraphqlModule } from './core/graphql/graphql.module.js';
import { HealthModule } from './core/health/health.module.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { createValidationPipe } from './core/validation/validation.pipe.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { WorkshopsModule } from './workshops/workshops.module.js';
import { SeedModule } from './seed/seed.module.js';

export interface AppOptions {
  /** The Postgres to use, already resolved (DATABASE_URL or the embedded one). */
  databaseUrl: string;
}

/** The domain modules, in one list: what the schema is built from. */
export const DOMAIN_MODULES = [
  CatalogModule,
  IdentityModule,
  ProposalsModule,
  CommentsModule,
  FeedbackModule,
  WorkshopsModule,
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
        WontakGraphqlModule,
        HealthModule,
        ...DOMAIN_MODULES,
        SeedModule,
      ],
      providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
    };
  }
}
