import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum } from 'class-validator';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { WebhookEventType } from '../webhook-enums.js';

/** The limits of webhooks: input rules and the lengths the cost model reads. */
export const WEBHOOK_LIMITS = {
  url: [1, 2000],
  /** Subscriptions of one client: Query.webhooks is a plain list. */
  subscriptionsPerClient: 10,
  events: Object.keys(WebhookEventType).length,
  /** Attempts of one delivery shown (the latest, oldest first): a schedule is 7, redeliveries add theirs. */
  attemptsShown: 10,
  /** The stored error of an attempt. */
  error: 300,
} as const;

@InputType()
export class CreateWebhookInput {
  @Field({
    description: `An absolute https URL, ${WEBHOOK_LIMITS.url[1]} characters at most, without credentials. Every address its host resolves to must be public (not loopback, private, link-local...), when subscribing and at each delivery.`,
  })
  @IsText(...WEBHOOK_LIMITS.url)
  url: string;

  @Field(() => [WebhookEventType], {
    description: `1-${WEBHOOK_LIMITS.events} distinct event types.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_LIMITS.events)
  @IsEnum(WebhookEventType, { each: true })
  @ArrayUnique()
  events: WebhookEventType[];
}

@ArgsType()
export class WebhookIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('WebhookSubscription')
  id: string;
}

@ArgsType()
export class RedeliverWebhookArgs {
  @Field(() => ID)
  @IsGlobalIdOf('WebhookDelivery')
  deliveryId: string;
}
