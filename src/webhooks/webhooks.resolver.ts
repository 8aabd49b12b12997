import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiScope, RequireScope } from '../core/access/api-scope.js';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import {
  CreateWebhookInput,
  RedeliverWebhookArgs,
  WEBHOOK_LIMITS,
  WebhookIdArgs,
} from './dto/webhook.inputs.js';
import type {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from './webhook.entity.js';
import {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookSubscription,
  WebhookSubscriptionCreated,
} from './webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * An API client's webhooks. Every root field needs a client token with the webhooks scope
 * (SIGNED_IN, then @RequireScope in the guard); the service refuses people (FORBIDDEN) and
 * answers NOT_FOUND for another client's ids.
 */
@Resolver(() => WebhookSubscription)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [WebhookSubscription], {
    description:
      "The calling API client's webhook subscriptions, oldest first. API clients with the WEBHOOKS scope; FORBIDDEN for people.",
  })
  @MaxItems(WEBHOOK_LIMITS.subscriptionsPerClient)
  @Allow(Permission.SIGNED_IN)
  @RequireScope(ApiScope.WEBHOOKS)
  webhooks(@CurrentViewer() viewer: Viewer): Promise<WebhookSubscriptionEntity[]> {
    return this.service.list(viewer);
  }

  @Mutation(() => WebhookSubscriptionCreated, {
    description: `API clients with the WEBHOOKS scope; at most ${WEBHOOK_LIMITS.subscriptionsPerClient} per client (CONFLICT past it). The secret is shown once.`,
  })
  @Allow(Permission.SIGNED_IN)
  @RequireScope(ApiScope.WEBHOOKS)
  createWebhook(
    @Args('input') input: CreateWebhookInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WebhookSubscriptionCreated> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Boolean, {
    description: 'API clients with the WEBHOOKS scope: their own subscription and its deliveries.',
  })
  @Allow(Permission.SIGNED_IN)
  @RequireScope(ApiScope.WEBHOOKS)
  deleteWebhook(@Args() args: WebhookIdArgs, @CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.service.delete(viewer, args.id);
  }

  @Mutation(() => WebhookSubscription, {
    description:
      'API clients with the WEBHOOKS scope: active again. The deliveries that waited go out in order; FAILED ones only when redelivered.',
  })
  @Allow(Permission.SIGNED_IN)
  @RequireScope(ApiScope.WEBHOOKS)
  resumeWebhook(
    @Args() args: WebhookIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WebhookSubscriptionEntity> {
    return this.service.resume(viewer, args.id);
  }

  @Mutation(() => WebhookDelivery, {
    description:
      'API clients with the WEBHOOKS scope: the same event (webhook-id and body) sent again from now, on a fresh retry schedule (once the subscription is active, if it is paused).',
  })
  @Allow(Permission.SIGNED_IN)
  @RequireScope(ApiScope.WEBHOOKS)
  redeliverWebhook(
    @Args() args: RedeliverWebhookArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WebhookDeliveryEntity> {
    return this.service.redeliver(viewer, args.deliveryId);
  }

  @ResolveField(() => WebhookDeliveryConnection, { description: 'Newest first.' })
  deliveries(
    @Parent() subscription: WebhookSubscriptionEntity,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<WebhookDeliveryEntity>> {
    return this.service.deliveries(subscription.id, args);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveriesResolver {
  constructor(private readonly service: WebhooksService) {}

  @ResolveField(() => [WebhookAttempt], {
    description: `Oldest first: the latest ${WEBHOOK_LIMITS.attemptsShown}.`,
  })
  @MaxItems(WEBHOOK_LIMITS.attemptsShown)
  attempts(
    @Parent() delivery: WebhookDeliveryEntity,
    @Context() ctx: RequestContext,
  ): Promise<WebhookAttemptEntity[]> {
    return this.service.attempts(ctx.loaders, delivery.id);
  }
}
