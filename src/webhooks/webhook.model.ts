import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars, MaxItems, TEXT_CHARS } from '../core/graphql/cost-model.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { WEBHOOK_LIMITS } from './dto/webhook.inputs.js';
import { WebhookDeliveryState, WebhookEventType } from './webhook-enums.js';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entity.js';

/** One try of a delivery. */
@ObjectType('WebhookAttempt')
export class WebhookAttempt {
  @Field()
  at: Date;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Int, {
    nullable: true,
    description: "The receiver's HTTP status; null when none came.",
  })
  responseStatus: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it failed when no status says it (a timeout, a refused address...), or why it was not sent.',
  })
  @MaxChars(WEBHOOK_LIMITS.error)
  error: string | null;
}

/** One event for one subscription. attempts is a field resolver. */
@ObjectType('WebhookDelivery', { implements: () => [Node] })
export class WebhookDelivery implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: 'The webhook-id header.' })
  @MaxChars(TEXT_CHARS.slug)
  eventId: string;

  @Field(() => WebhookEventType)
  eventType: WebhookEventType;

  @Field(() => WebhookDeliveryState)
  state: WebhookDeliveryState;

  @Field()
  createdAt: Date;
}
registerNodeType(WebhookDeliveryEntity, 'WebhookDelivery');

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}

/** An endpoint of the calling client. deliveries is a field resolver. */
@ObjectType('WebhookSubscription', { implements: () => [Node] })
export class WebhookSubscription implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(WEBHOOK_LIMITS.url[1])
  url: string;

  @Field(() => [WebhookEventType])
  @MaxItems(WEBHOOK_LIMITS.events)
  events: WebhookEventType[];

  @Field({ description: 'False while paused (after a delivery failed on every retry).' })
  active: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was paused; null while active.' })
  @MaxChars(TEXT_CHARS.note)
  pausedReason: string | null;

  @Field()
  createdAt: Date;
}
registerNodeType(WebhookSubscriptionEntity, 'WebhookSubscription');

@ObjectType('WebhookSubscriptionCreated')
export class WebhookSubscriptionCreated {
  @Field(() => WebhookSubscription)
  subscription: WebhookSubscriptionEntity;

  @Field({ description: 'The signing secret (Standard Webhooks, whsec_...), shown once.' })
  @MaxChars(TEXT_CHARS.slug)
  secret: string;
}
