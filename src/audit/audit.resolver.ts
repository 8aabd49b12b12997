import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { inReadersLanguage } from '../core/i18n/system-note.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { toGlobalId } from '../core/graphql/relay/global-id.js';
import { Node } from '../core/graphql/relay/node.interface.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { UsersService } from '../identity/users.service.js';
import { AuditEntry, AuditEntryConnection } from './audit-entry.model.js';
import type { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditLogArgs } from './dto/audit-log.args.js';

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(
    private readonly audit: AuditLogService,
    private readonly users: UsersService,
    private readonly nodes: NodeRegistry,
  ) {}

  @Query(() => AuditEntryConnection, {
    description:
      'ADMIN only. Privileged actions, newest first: role changes, suspensions, moderation, routing, answers and progress updates.',
  })
  @Allow(Permission.ADMINISTER)
  auditLog(@Args() args: AuditLogArgs): Promise<Connection<AuditEntryEntity>> {
    return this.audit.list(args);
  }

  @ResolveField(() => User, { nullable: true, description: 'Null when the system acted.' })
  actor(
    @Parent() entry: AuditEntryEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return entry.actorId ? this.users.load(ctx.loaders, entry.actorId) : null;
  }

  /** The actor's note as they gave it; the system's, in the reader's language. */
  @ResolveField('note')
  note(@Parent() entry: AuditEntryEntity, @Context() ctx: RequestContext): string | null {
    return entry.note === null ? null : inReadersLanguage(ctx, entry.note, entry.actorId === null);
  }

  @ResolveField(() => ID, { description: 'The global ID of the object acted on.' })
  targetId(@Parent() entry: AuditEntryEntity): string {
    return toGlobalId(entry.targetType, entry.targetId);
  }

  @ResolveField(() => Node, {
    nullable: true,
    description: 'The object acted on, when it still exists.',
  })
  target(
    @Parent() entry: AuditEntryEntity,
    @Context() ctx: RequestContext,
  ): Promise<object | null> {
    return this.nodes.loadOne(entry.targetType, entry.targetId, ctx);
  }
}
