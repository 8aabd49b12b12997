import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { viewerOf } from '../core/auth/current-viewer.decorator.js';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import type { ProposalEventEntity } from './proposal-event.entity.js';
import {
  EventActor,
  ProposalEvent,
  ProposalEventConnection,
  type EventActorSource,
} from './proposal-event.model.js';
import { TimelineService } from './timeline.service.js';

@Resolver(() => Proposal)
export class ProposalTimelineResolver {
  constructor(private readonly timelines: TimelineService) {}

  @ResolveField(() => ProposalEventConnection, {
    description: 'What happened to the proposal, oldest first.',
  })
  timeline(
    @Parent() proposal: ProposalEntity,
    @Args() args: ConnectionArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<ProposalEventEntity>> {
    return this.timelines.timelineOf(viewerOf(ctx), proposal, args);
  }
}

/** Departments and users of a page of events come through the request's loaders: one query each. */
@Resolver(() => ProposalEvent)
export class ProposalEventResolver {
  constructor(private readonly departments: DepartmentsService) {}

  @ResolveField(() => EventActor)
  actor(@Parent() event: ProposalEventEntity): EventActorSource {
    return {
      userId: event.actorUserId,
      departmentId: event.actorDepartmentId,
      system: event.actorSystem,
    };
  }

  @ResolveField(() => Department, { nullable: true })
  fromDepartment(
    @Parent() event: ProposalEventEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return event.fromDepartmentId
      ? this.departments.load(ctx.loaders, event.fromDepartmentId)
      : null;
  }

  @ResolveField(() => Department, { nullable: true })
  toDepartment(
    @Parent() event: ProposalEventEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return event.toDepartmentId ? this.departments.load(ctx.loaders, event.toDepartmentId) : null;
  }
}

@Resolver(() => EventActor)
export class EventActorResolver {
  constructor(
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  @ResolveField(() => User, { nullable: true })
  user(
    @Parent() actor: EventActorSource,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return actor.userId ? this.users.load(ctx.loaders, actor.userId) : null;
  }

  @ResolveField(() => Department, { nullable: true })
  department(
    @Parent() actor: EventActorSource,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return actor.departmentId ? this.departments.load(ctx.loaders, actor.departmentId) : null;
  }
}
