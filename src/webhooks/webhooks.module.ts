import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from './webhook.entity.js';

/**
 * Webhooks: API clients subscribe HTTPS endpoints to events; deliveries are signed the
 * Standard Webhooks way, queued in Postgres, sent at least once and in order per subject,
 * retried on the Standard Webhooks schedule, then the subscription is paused.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      WebhookSubscriptionEntity,
      WebhookDeliveryEntity,
      WebhookAttemptEntity,
    ]),
  ],
})
export class WebhooksModule {}
