import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, AllowWhileSuspended, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { Locale } from '../core/i18n/locale.js';
import { TIME_ZONE_MAX_CHARS } from '../core/i18n/time-zone.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { isSelf, isSelfOrAdmin } from './who-reads-a-user.js';
import { UpdateMeInput } from './dto/update-me.input.js';
import { MeService } from './me.service.js';
import type { UserEntity } from './user.entity.js';
import { User } from './user.model.js';

@Resolver(() => User)
export class MeResolver {
  constructor(private readonly me: MeService) {}

  @Mutation(() => User, {
    description:
      "Changes the signed-in user's display name, language, time zone or digest hour. A suspended user may change all but the display name.",
  })
  @Allow(Permission.SIGNED_IN)
  @AllowWhileSuspended()
  updateMe(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: UpdateMeInput,
  ): Promise<UserEntity> {
    return this.me.update(viewer, input);
  }

  @ResolveField(() => Locale, {
    nullable: true,
    description:
      'The language the user chose (null: none). The user themself and admins only; null for everyone else.',
  })
  locale(@Parent() user: UserEntity, @Context() ctx: RequestContext): Locale | null {
    return isSelfOrAdmin(user, ctx) ? user.locale : null;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      'Whether the e-mail address is verified (nothing is e-mailed before). The user themself and admins only; null for everyone else.',
  })
  emailVerified(@Parent() user: UserEntity, @Context() ctx: RequestContext): boolean | null {
    return isSelfOrAdmin(user, ctx) ? user.emailVerifiedAt !== null : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'IANA time zone of the daily digest. The user themself only.',
  })
  @MaxChars(TIME_ZONE_MAX_CHARS)
  timeZone(@Parent() user: UserEntity, @Context() ctx: RequestContext): string | null {
    return isSelf(user, ctx) ? user.timeZone : null;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Hour (0-23, in timeZone) of the daily digest. The user themself only.',
  })
  digestHour(@Parent() user: UserEntity, @Context() ctx: RequestContext): number | null {
    return isSelf(user, ctx) ? user.digestHour : null;
  }
}
