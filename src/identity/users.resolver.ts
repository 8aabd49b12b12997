import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, holds, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { Department } from '../catalog/department.model.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { isSelf, isSelfOrAdmin } from './who-reads-a-user.js';
import { SetUserRoleInput } from './dto/set-user-role.input.js';
import { UsersArgs } from './dto/users.args.js';
import type { UserEntity } from './user.entity.js';
import { User, UserConnection } from './user.model.js';
import { UsersService } from './users.service.js';
import { MaxChars, TEXT_CHARS } from '../core/graphql/cost-model.js';

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  @Query(() => User, { nullable: true, description: 'Null when not signed in.' })
  @Allow(Permission.READ_PUBLIC)
  me(@CurrentViewer() viewer: Viewer | null): Promise<UserEntity | null> | null {
    return viewer ? this.usersService.findById(viewer.id) : null;
  }

  @Query(() => UserConnection, { description: 'ADMIN only.' })
  @Allow(Permission.ADMINISTER)
  users(@Args() args: UsersArgs): Promise<Connection<UserEntity>> {
    return this.usersService.list(args);
  }

  @Mutation(() => User)
  @Allow(Permission.ADMINISTER)
  setUserRole(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: SetUserRoleInput,
  ): Promise<UserEntity> {
    return this.usersService.setRole(viewer, input);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Only the user themself and admins see this; null for everyone else.',
  })
  @MaxChars(TEXT_CHARS.email)
  email(@Parent() user: UserEntity, @Context() ctx: RequestContext): string | null {
    return isSelfOrAdmin(user, ctx) ? user.email : null;
  }

  /**
   * Only the user themself, moderators and admins see this; null for everyone else. A
   * suspension is a matter between the user and the moderators: others must not learn who was
   * suspended, or until when. Resolves the model's field of the same name (which describes it).
   */
  @ResolveField(() => Date, { nullable: true })
  suspendedUntil(@Parent() user: UserEntity, @Context() ctx: RequestContext): Date | null {
    return isSelf(user, ctx) || holds(viewerOf(ctx), Permission.MODERATE)
      ? user.suspendedUntil
      : null;
  }

  @ResolveField(() => Department, {
    nullable: true,
    description: 'The department a STAFF member works in; null for everyone else.',
  })
  department(
    @Parent() user: UserEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return user.departmentId ? this.departments.load(ctx.loaders, user.departmentId) : null;
  }
}
