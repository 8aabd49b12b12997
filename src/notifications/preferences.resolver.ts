import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, AllowWhileSuspended, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { isSelf } from '../identity/who-reads-a-user.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { NotificationPreferenceInput } from './dto/preferences.inputs.js';
import { NotificationPreference } from './notification-preference.model.js';
import { ALL_KINDS, PreferencesService } from './preferences.service.js';

@Resolver(() => User)
export class PreferencesResolver {
  constructor(private readonly preferences: PreferencesService) {}

  @ResolveField(() => [NotificationPreference], {
    nullable: true,
    description:
      "How each kind of notification reaches the user (their choice, else the city's default). The user themself only; null for everyone else, admins included.",
  })
  @MaxItems(ALL_KINDS.length)
  notificationPreferences(
    @Parent() user: UserEntity,
    @Context() ctx: RequestContext,
  ): Promise<NotificationPreference[]> | null {
    return isSelf(user, ctx) ? this.preferences.list(user.id) : null;
  }

  @Mutation(() => [NotificationPreference], {
    description:
      "Sets the signed-in user's channel for the kinds given (each at most once; the others keep theirs) and returns every kind's. Allowed while suspended: nobody is made to keep receiving mail.",
  })
  @MaxItems(ALL_KINDS.length)
  @Allow(Permission.SIGNED_IN)
  @AllowWhileSuspended()
  updateNotificationPreferences(
    @CurrentViewer() viewer: Viewer,
    @Args('preferences', { type: () => [NotificationPreferenceInput] })
    preferences: NotificationPreferenceInput[],
  ): Promise<NotificationPreference[]> {
    return this.preferences.update(viewer, preferences);
  }
}
