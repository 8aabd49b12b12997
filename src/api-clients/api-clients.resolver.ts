import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import { AuditEntry } from '../audit/audit-entry.model.js';
import type { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { Department } from '../catalog/department.model.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { ApiScope, RequireScope } from '../core/access/api-scope.js';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { MaxChars, MaxItems, TEXT_CHARS } from '../core/graphql/cost-model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { ProposalChannel } from '../proposals/proposal-channel.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { EventActor, type EventActorSource } from '../timeline/proposal-event.model.js';
import { seesApiClient, seesProposalContact } from './api-client-access.js';
import type { ApiClientEntity } from './api-client.entity.js';
import { ApiClient, ApiClientSecret, ApiClientUsage } from './api-client.model.js';
import { ApiClientsService, type IssuedApiClientSecret } from './api-clients.service.js';
import {
  API_CLIENT_LIMITS,
  ApiClientIdArgs,
  CreateApiClientInput,
  CreateProposalOnBehalfInput,
  RotateApiClientSecretArgs,
} from './dto/api-clients.inputs.js';

/** Admins' registry of clients, a client's view of itself, and proposals taken down by clients. */
@Resolver(() => ApiClient)
export class ApiClientsResolver {
  constructor(
    private readonly clients: ApiClientsService,
    private readonly departments: DepartmentsService,
  ) {}

  @Query(() => [ApiClient], {
    description: `ADMIN only. Every client, revoked ones too, oldest first; paged as connections are (first, after an ApiClient's cursor).`,
  })
  @Allow(Permission.ADMINISTER)
  apiClients(@Args() args: ConnectionArgs): Promise<ApiClientEntity[]> {
    return this.clients.list(args);
  }

  @Query(() => ApiClient, {
    nullable: true,
    description: 'The calling API client itself; null for people and anonymous callers.',
  })
  @Allow(Permission.READ_PUBLIC)
  apiClient(
    @CurrentViewer() viewer: Viewer | null,
    @Context() ctx: RequestContext,
  ): Promise<ApiClientEntity | null> | null {
    return viewer?.apiClient ? this.clients.load(ctx.loaders, viewer.apiClient.id) : null;
  }

  @Mutation(() => ApiClientSecret, {
    description: `ADMIN only. name ${API_CLIENT_LIMITS.name[0]}-${API_CLIENT_LIMITS.name[1]} characters, ownerContact ${API_CLIENT_LIMITS.ownerContact[0]}-${API_CLIENT_LIMITS.ownerContact[1]}; FEEDBACK_WRITE needs a departmentId. The secret is shown once.`,
  })
  @Allow(Permission.ADMINISTER)
  createApiClient(
    @Args('input') input: CreateApiClientInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<IssuedApiClientSecret> {
    return this.clients.create(viewer, input);
  }

  @Mutation(() => ApiClientSecret, {
    description:
      'ADMIN only. The old secret stays valid for graceSeconds. CONFLICT for a revoked client.',
  })
  @Allow(Permission.ADMINISTER)
  rotateApiClientSecret(
    @Args() { id, graceSeconds }: RotateApiClientSecretArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<IssuedApiClientSecret> {
    return this.clients.rotateSecret(viewer, id, graceSeconds ?? undefined);
  }

  @Mutation(() => ApiClient, {
    description:
      'ADMIN only. For good: its tokens are refused at once and no new ones are issued. Revoking a revoked client changes nothing.',
  })
  @Allow(Permission.ADMINISTER)
  revokeApiClient(
    @Args() { id }: ApiClientIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ApiClientEntity> {
    return this.clients.revoke(viewer, id);
  }

  @Mutation(() => Proposal, {
    description:
      'API clients with the PROPOSALS_WRITE scope (FORBIDDEN for people): a proposal taken down for a citizen who consented, by PHONE, KIOSK or VISIT. Its author is the citizen (citizenId, a CITIZEN account) or else the client, with contactName and contactPhone kept for the answering department.',
  })
  @Allow(Permission.PARTICIPATE)
  @RequireScope(ApiScope.PROPOSALS_WRITE)
  createProposalOnBehalf(
    @Args('input') input: CreateProposalOnBehalfInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ProposalEntity> {
    return this.clients.createProposalOnBehalf(viewer, input);
  }

  @ResolveField(() => String, {
    description: 'ADMIN and the client itself (FORBIDDEN otherwise).',
  })
  @MaxChars(API_CLIENT_LIMITS.ownerContact[1])
  ownerContact(@Parent() client: ApiClientEntity, @Context() ctx: RequestContext): string {
    return this.restricted(client, ctx, () => client.ownerContact);
  }

  @ResolveField(() => [ApiScope], {
    description: 'ADMIN and the client itself (FORBIDDEN otherwise).',
  })
  @MaxItems(API_CLIENT_LIMITS.scopes[1])
  scopes(@Parent() client: ApiClientEntity, @Context() ctx: RequestContext): ApiScope[] {
    return this.restricted(client, ctx, () => client.scopes);
  }

  @ResolveField(() => Date, {
    nullable: true,
    description: 'ADMIN and the client itself (FORBIDDEN otherwise).',
  })
  revokedAt(@Parent() client: ApiClientEntity, @Context() ctx: RequestContext): Date | null {
    return this.restricted(client, ctx, () => client.revokedAt);
  }

  @ResolveField(() => ApiClientUsage, {
    description:
      'Its cost budget in the current minute. ADMIN and the client itself (FORBIDDEN otherwise).',
  })
  usage(
    @Parent() client: ApiClientEntity,
    @Context() ctx: RequestContext,
  ): Promise<ApiClientUsage> {
    return this.restricted(client, ctx, () => this.clients.usage(client));
  }

  @ResolveField(() => Department, {
    nullable: true,
    description: 'The department it acts for (its account is STAFF there); null: none.',
  })
  department(
    @Parent() client: ApiClientEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return client.departmentId ? this.departments.load(ctx.loaders, client.departmentId) : null;
  }

  @ResolveField(() => String, {
    description: "Pass as apiClients' after to read on from here.",
  })
  @MaxChars(TEXT_CHARS.cursor)
  cursor(@Parent() client: ApiClientEntity): string {
    return this.clients.cursorOf(client);
  }

  /** A field for admins and the client itself: FORBIDDEN for anyone else (seesApiClient). */
  private restricted<T>(client: ApiClientEntity, ctx: RequestContext, value: () => T): T {
    if (!seesApiClient(viewerOf(ctx), client)) throw AppError.forbidden();
    return value();
  }
}

/** Where a proposal came from: its channel, and the client that took it down. */
@Resolver(() => Proposal)
export class ProposalProvenanceResolver {
  constructor(private readonly clients: ApiClientsService) {}

  @ResolveField(() => ProposalChannel, {
    description: 'How it reached the city: ONLINE by its author, else taken down by an API client.',
  })
  channel(@Parent() proposal: ProposalEntity): ProposalChannel {
    return proposal.channel ?? ProposalChannel.ONLINE;
  }

  @ResolveField(() => ApiClient, {
    nullable: true,
    description:
      'The API client that created it, if any: its name, clientId and department are public.',
  })
  submittedVia(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<ApiClientEntity | null> | null {
    return proposal.submittedViaClientId
      ? this.clients.load(ctx.loaders, proposal.submittedViaClientId)
      : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "The name a citizen without an account left with the API client that took the proposal down: the answering department's STAFF and ADMIN only (null for everyone else, API clients included).",
  })
  @MaxChars(API_CLIENT_LIMITS.contactName[1])
  contactName(@Parent() proposal: ProposalEntity, @Context() ctx: RequestContext): string | null {
    return seesProposalContact(viewerOf(ctx), proposal) ? proposal.contactName : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Their phone number, seen as contactName is.',
  })
  @MaxChars(API_CLIENT_LIMITS.contactPhone[1])
  contactPhone(@Parent() proposal: ProposalEntity, @Context() ctx: RequestContext): string | null {
    return seesProposalContact(viewerOf(ctx), proposal) ? proposal.contactPhone : null;
  }
}

/** Every write by a client is attributed to it: on the timeline and in the audit log. */
@Resolver(() => EventActor)
export class EventActorClientResolver {
  constructor(private readonly clients: ApiClientsService) {}

  @ResolveField(() => ApiClient, {
    nullable: true,
    description: 'The API client that acted (through its account, actor.user); null for people.',
  })
  apiClient(
    @Parent() actor: EventActorSource,
    @Context() ctx: RequestContext,
  ): Promise<ApiClientEntity | null> | null {
    return actor.userId ? this.clients.ofUser(ctx.loaders, actor.userId) : null;
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryClientResolver {
  constructor(private readonly clients: ApiClientsService) {}

  @ResolveField(() => ApiClient, {
    nullable: true,
    description: 'The API client that acted (through its account, actor); null for people.',
  })
  apiClient(
    @Parent() entry: AuditEntryEntity,
    @Context() ctx: RequestContext,
  ): Promise<ApiClientEntity | null> | null {
    return entry.actorId ? this.clients.ofUser(ctx.loaders, entry.actorId) : null;
  }
}
