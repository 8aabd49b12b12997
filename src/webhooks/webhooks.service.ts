import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { text } from '../core/i18n/text.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { ApiClientEntity } from '../api-clients/api-client.entity.js';
import { WEBHOOK_LIMITS, type CreateWebhookInput } from './dto/webhook.inputs.js';
import { urlProblem } from './webhook-address.js';
import { WebhookDeliveryState } from './webhook-enums.js';
import { newWebhookSecret } from './webhook-signature.js';
import {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from './webhook.entity.js';

const ATTEMPTS_OF_DELIVERY = new LoaderKey<string, WebhookAttemptEntity[]>('webhook-attempts');
const SUBSCRIPTION_BY_ID = new LoaderKey<string, WebhookSubscriptionEntity | null>(
  'webhook-subscription-by-id',
);
const DELIVERY_BY_ID = new LoaderKey<string, WebhookDeliveryEntity | null>(
  'webhook-delivery-by-id',
);

/**
 * A subscription's deliveries, newest first. By (createdAt, id), not seq: a cursor's values are
 * checked against their columns' types, and the shared cursor types hold no bigint.
 */
const DELIVERY_ORDER: KeysetOrdering<WebhookDeliveryEntity> = {
  name: 'webhook-deliveries',
  direction: 'DESC',
  keys: [
    { expression: 'd.created_at', sqlType: 'timestamptz', value: (d) => d.createdAt.toISOString() },
    { expression: 'd.id', sqlType: 'uuid', value: (d) => d.id },
  ],
};

/**
 * Subscriptions and their deliveries, for the client that owns them. Who may: an API client's
 * token with the webhooks scope (the guard, @RequireScope), and then only its own
 * subscriptions: another client's ids are NOT_FOUND, as ids that do not exist, so a client
 * learns nothing of others. People have no webhooks: FORBIDDEN for them (a person's token
 * carries no scopes, and a subscription needs a client to own it and to be told when it pauses).
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
  ) {}

  /** The calling client's id, or FORBIDDEN for a person. */
  clientOf(viewer: Viewer): string {
    const clientId = viewer.apiClient?.id;
    if (!clientId) throw AppError.forbidden('error.forbidden.webhooksForApiClients');
    return clientId;
  }

  /** The client's subscriptions, oldest first (at most WEBHOOK_LIMITS.subscriptionsPerClient). */
  list(viewer: Viewer): Promise<WebhookSubscriptionEntity[]> {
    return this.db.getRepository(WebhookSubscriptionEntity).find({
      where: { apiClientId: this.clientOf(viewer) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: WEBHOOK_LIMITS.subscriptionsPerClient,
    });
  }

  /**
   * The URL is checked (its shape, then every address its host resolves to) before anything is
   * written; the client's row is locked while its subscriptions are counted, so two creations
   * at once cannot both take the last place.
   */
  async create(
    viewer: Viewer,
    input: CreateWebhookInput,
  ): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const clientId = this.clientOf(viewer);
    const problem = await urlProblem(input.url, this.env.WEBHOOKS_ALLOW_PRIVATE_URLS ?? false);
    if (problem) throw AppError.badField('url', problem);
    const url = new URL(input.url).href;
    const secret = newWebhookSecret();
    const subscription = await this.db.transaction(async (manager) => {
      await manager.findOne(ApiClientEntity, {
        where: { id: clientId },
        lock: { mode: 'pessimistic_write' },
      });
      const count = await manager.countBy(WebhookSubscriptionEntity, { apiClientId: clientId });
      if (count >= WEBHOOK_LIMITS.subscriptionsPerClient) {
        throw AppError.conflict(
          text('error.conflict.tooManyWebhooks', {
            maximum: WEBHOOK_LIMITS.subscriptionsPerClient,
          }),
        );
      }
      return manager.save(
        manager.create(WebhookSubscriptionEntity, {
          apiClientId: clientId,
          url,
          events: input.events,
          secret,
          active: true,
          pausedReason: null,
          pausedAt: null,
        }),
      );
    });
    return { subscription, secret };
  }

  /** Deletes the subscription and its deliveries (the foreign keys cascade). */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const result = await this.db
      .getRepository(WebhookSubscriptionEntity)
      .delete({ id, apiClientId: this.clientOf(viewer) });
    if (!result.affected) throw AppError.notFound('webhookSubscription');
    return true;
  }

  /**
   * Active again: the deliveries that waited while it was paused go out, in order. A FAILED
   * delivery stays FAILED unless the client redelivers it.
   */
  async resume(viewer: Viewer, id: string): Promise<WebhookSubscriptionEntity> {
    const [rows]: [Record<string, unknown>[], number] = await this.db.query(
      `UPDATE webhook_subscription SET active = true, paused_reason = NULL, paused_at = NULL
        WHERE id = $1 AND api_client_id = $2
        RETURNING id`,
      [id, this.clientOf(viewer)],
    );
    if (!rows.length) throw AppError.notFound('webhookSubscription');
    return this.db.getRepository(WebhookSubscriptionEntity).findOneByOrFail({ id });
  }

  /**
   * The same event (its webhook-id and body) tried again from now, on a fresh schedule: the
   * delivery is PENDING, due at once. Its earlier attempts stay on its record.
   */
  async redeliver(viewer: Viewer, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const [rows]: [Record<string, unknown>[], number] = await this.db.query(
      `UPDATE webhook_delivery d
          SET state = $3, attempt_count = 0, next_attempt_at = $4, delivered_at = NULL
         FROM webhook_subscription s
        WHERE d.id = $1 AND s.id = d.subscription_id AND s.api_client_id = $2
        RETURNING d.id`,
      [deliveryId, this.clientOf(viewer), WebhookDeliveryState.PENDING, new Date()],
    );
    if (!rows.length) throw AppError.notFound('webhookDelivery');
    return this.db.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: deliveryId });
  }

  deliveries(
    subscriptionId: string,
    args: ConnectionArgs,
  ): Promise<Connection<WebhookDeliveryEntity>> {
    const query = this.db
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.subscription_id = :subscriptionId', { subscriptionId });
    return paginate(query, args, DELIVERY_ORDER);
  }

  /**
   * The latest attempts of a delivery, oldest first; batched per request. Cut in SQL: every
   * redelivery adds attempts, so a delivery's whole history is never read.
   */
  attempts(loaders: RequestLoaders, deliveryId: string): Promise<WebhookAttemptEntity[]> {
    return loaders
      .get(ATTEMPTS_OF_DELIVERY, async (ids) => {
        const rows = (await this.db.query(
          `SELECT id, delivery_id, at, duration_ms, response_status, error FROM (
             SELECT a.*, row_number() OVER (PARTITION BY a.delivery_id ORDER BY a.id DESC) AS n
               FROM webhook_attempt a WHERE a.delivery_id = ANY($1::uuid[])) latest
            WHERE n <= $2 ORDER BY id`,
          [ids, WEBHOOK_LIMITS.attemptsShown],
        )) as {
          id: string;
          delivery_id: string;
          at: Date;
          duration_ms: number;
          response_status: number | null;
          error: string | null;
        }[];
        const attempts = rows.map((row) =>
          Object.assign(new WebhookAttemptEntity(), {
            id: row.id,
            deliveryId: row.delivery_id,
            at: row.at,
            durationMs: row.duration_ms,
            responseStatus: row.response_status,
            error: row.error,
          }),
        );
        return groupByKeys(ids, attempts, (attempt) => attempt.deliveryId);
      })
      .load(deliveryId);
  }

  /** node(): a subscription, for the client that owns it only. */
  async loadSubscription(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<WebhookSubscriptionEntity | null> {
    const subscription = await loaders
      .get(SUBSCRIPTION_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(WebhookSubscriptionEntity).findBy({ id: In([...ids]) }),
          (row) => row.id,
        ),
      )
      .load(id);
    const clientId = viewer?.apiClient?.id;
    return subscription && clientId && subscription.apiClientId === clientId ? subscription : null;
  }

  /** node(): a delivery, for the client that owns its subscription only. */
  async loadDelivery(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<WebhookDeliveryEntity | null> {
    const delivery = await loaders
      .get(DELIVERY_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(WebhookDeliveryEntity).findBy({ id: In([...ids]) }),
          (row) => row.id,
        ),
      )
      .load(id);
    if (!delivery) return null;
    const subscription = await this.loadSubscription(loaders, viewer, delivery.subscriptionId);
    return subscription ? delivery : null;
  }
}
