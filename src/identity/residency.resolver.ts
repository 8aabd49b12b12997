import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, AllowWhileSuspended, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { DistrictEntity } from '../catalog/district.entity.js';
import { District } from '../catalog/district.model.js';
import { DistrictsService } from '../catalog/district.service.js';
import {
  RevokeResidencyArgs,
  SetBirthYearArgs,
  VerifyResidencyInput,
} from './dto/residency.inputs.js';
import { Residency, residencyOf, type ResidencyView } from './residency.model.js';
import { ResidencyService } from './residency.service.js';
import type { UserEntity } from './user.entity.js';
import { User } from './user.model.js';
import { UsersService } from './users.service.js';
import { isSelfOrAdmin, mayReadResidency } from './who-reads-a-user.js';

/** User.birthYear and User.residency, and the mutations that set them. */
@Resolver(() => User)
export class ResidencyResolver {
  constructor(private readonly residencyService: ResidencyService) {}

  @Mutation(() => User, {
    description:
      'The signed-in user gives their birth year (1900 to this year), also while suspended. CONFLICT once staff verified it off an ID.',
  })
  @Allow(Permission.SIGNED_IN)
  @AllowWhileSuspended()
  setBirthYear(
    @CurrentViewer() viewer: Viewer,
    @Args() args: SetBirthYearArgs,
  ): Promise<UserEntity> {
    return this.residencyService.setBirthYear(viewer, args.year);
  }

  @Mutation(() => User, {
    description:
      'STAFF (any department: the triage desk) and ADMIN, after checking an ID in person; not their own. Verifying again (a move) replaces the district. Audited.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  verifyResidency(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: VerifyResidencyInput,
  ): Promise<UserEntity> {
    return this.residencyService.verifyResidency(viewer, input);
  }

  @Mutation(() => User, {
    description:
      'STAFF and ADMIN, not their own: the person is UNVERIFIED again (moved away, or verified by mistake); their ballots already cast stay. CONFLICT when not verified. Audited.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  revokeResidency(
    @CurrentViewer() viewer: Viewer,
    @Args() { userId }: RevokeResidencyArgs,
  ): Promise<UserEntity> {
    return this.residencyService.revokeResidency(viewer, userId);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'The user themself and admins only; null for everyone else.',
  })
  birthYear(@Parent() user: UserEntity, @Context() ctx: RequestContext): number | null {
    return isSelfOrAdmin(user, ctx) ? user.birthYear : null;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      'Whether staff verified the birth year off an ID (the user can then no longer change it). The user themself and admins only; null for everyone else.',
  })
  birthYearVerified(@Parent() user: UserEntity, @Context() ctx: RequestContext): boolean | null {
    return isSelfOrAdmin(user, ctx) ? user.birthYearVerified : null;
  }

  @ResolveField(() => Residency, {
    nullable: true,
    description:
      'The user themself, STAFF (the triage desk) and admins only; null for everyone else.',
  })
  residency(@Parent() user: UserEntity, @Context() ctx: RequestContext): ResidencyView | null {
    return mayReadResidency(user, ctx) ? residencyOf(user) : null;
  }
}

/** A residency's district and verifier, through the request's loaders (no N+1 over a list). */
@Resolver(() => Residency)
export class ResidencyFieldsResolver {
  constructor(
    private readonly districts: DistrictsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => District, { nullable: true })
  district(
    @Parent() residency: ResidencyView,
    @Context() ctx: RequestContext,
  ): Promise<DistrictEntity | null> | null {
    return residency.districtId ? this.districts.load(ctx.loaders, residency.districtId) : null;
  }

  @ResolveField(() => User, {
    nullable: true,
    description: 'Who checked the ID; null for an identity service, or once their account is gone.',
  })
  verifiedBy(
    @Parent() residency: ResidencyView,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return residency.verifiedById ? this.users.load(ctx.loaders, residency.verifiedById) : null;
  }
}
