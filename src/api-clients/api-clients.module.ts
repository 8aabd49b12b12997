import {
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { urlencoded } from 'express';
import { CatalogModule } from '../catalog/catalog.module.js';
import { AuthModule } from '../core/auth/auth.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { RateLimits } from '../core/rate-limit/rate-limits.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { seesApiClient } from './api-client-access.js';
import { ApiClientEntity } from './api-client.entity.js';
import {
  ApiClientsResolver,
  AuditEntryClientResolver,
  EventActorClientResolver,
  ProposalProvenanceResolver,
} from './api-clients.resolver.js';
import { ApiClientsService } from './api-clients.service.js';
import { OAuthController } from './oauth.controller.js';

/**
 * Third-party clients as first-class citizens: registered by an admin, with scopes, a secret
 * and their own budget; OAuth 2.0 client credentials at POST /oauth/token; proposals taken
 * down for citizens (channel and client on the record); every write attributed to its client
 * (EventActor.apiClient, AuditEntry.apiClient). The scope rule itself is in
 * src/core/auth/gql-auth.guard.ts (checkScope); who sees what of a client in
 * api-client-access.ts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiClientEntity]),
    AuthModule,
    CatalogModule,
    ProposalsModule,
  ],
  controllers: [OAuthController],
  providers: [
    ApiClientsService,
    ApiClientsResolver,
    ProposalProvenanceResolver,
    EventActorClientResolver,
    AuditEntryClientResolver,
  ],
  exports: [ApiClientsService],
})
export class ApiClientsModule implements NestModule, OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly clients: ApiClientsService,
    private readonly rateLimits: RateLimits,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    // The app parses JSON only (bootstrap.ts); a token request is form-urlencoded (RFC 6749).
    consumer
      .apply(urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }))
      .forRoutes(OAuthController);
  }

  onModuleInit(): void {
    this.rateLimits.useClientCostLimits((userId) => this.clients.costLimitOf(userId));
    // A client by id: admins and the client itself.
    this.nodes.register('ApiClient', (ids, ctx) =>
      Promise.all(
        ids.map(async (id) => {
          const client = await this.clients.load(ctx.loaders, id);
          return client && seesApiClient(ctx.req.viewer ?? null, client) ? client : null;
        }),
      ),
    );
  }
}
