import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { MailModule } from '../mail/mail.module.js';
import { MailTransport } from '../mail/mail-transport.js';
import { WebhookDeliverer } from './webhook-deliverer.js';
import {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from './webhook.entity.js';
import { WebhookDeliveriesResolver, WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Webhooks: API clients subscribe HTTPS endpoints to events; deliveries are signed the
 * Standard Webhooks way, queued in Postgres, sent at least once and in order per subject,
 * retried on the Standard Webhooks schedule, then the subscription is paused. The events are
 * written by the domains (webhook-events.ts), the outbox sent by WebhookDeliverer from the job
 * queue; docs/clients.md is the receiver's guide.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      WebhookSubscriptionEntity,
      WebhookDeliveryEntity,
      WebhookAttemptEntity,
    ]),
    MailModule,
  ],
  providers: [WebhooksService, WebhooksResolver, WebhookDeliveriesResolver, WebhookDeliverer],
  exports: [WebhookDeliverer],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly webhooks: WebhooksService,
  ) {}

  onModuleInit(): void {
    // A client's subscriptions and deliveries are its own: null for anyone else.
    this.nodes.register('WebhookSubscription', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.webhooks.loadSubscription(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
    this.nodes.register('WebhookDelivery', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.webhooks.loadDelivery(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
  }
}

/** The delivery alone, for the worker process (no GraphQL there). */
@Module({ providers: [WebhookDeliverer, MailTransport] })
export class WebhookJobsModule {}
