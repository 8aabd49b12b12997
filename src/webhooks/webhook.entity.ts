import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { ApiClientEntity } from '../api-clients/api-client.entity.js';
import { WebhookDeliveryState, WebhookEventType } from './webhook-enums.js';

/**
 * An API client's endpoint, subscribed to event types. The signing secret must be kept as
 * itself (the HMAC needs it), so it is stored, never shown again after creation. Paused after
 * a delivery has failed on every retry, until the client resumes it.
 */
@Entity('webhook_subscription')
@Index('ix_webhook_subscription_client', ['apiClientId'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apiClientId: string;

  @ManyToOne(() => ApiClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'api_client_id' })
  apiClient?: Relation<ApiClientEntity>;

  @Column({ type: 'text' })
  url: string;

  @Column({
    type: 'enum',
    enum: WebhookEventType,
    enumName: 'webhook_event_type',
    array: true,
  })
  events: WebhookEventType[];

  /** Standard Webhooks' whsec_<base64>. */
  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'text', nullable: true })
  pausedReason: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  pausedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/**
 * One event for one subscription: its body (fixed when the event happened, so a redelivery
 * sends the same bytes), its state and when it is next tried. `seq` orders a subject's events:
 * one is not sent while an earlier one for the same subject and subscription is undelivered.
 */
@Entity('webhook_delivery')
@Index('ix_webhook_delivery_due', ['state', 'nextAttemptAt'])
@Index('ix_webhook_delivery_subscription', ['subscriptionId', 'createdAt', 'id'])
@Index('ix_webhook_delivery_subject', ['subscriptionId', 'subjectId', 'seq'])
@Check('ck_webhook_delivery_attempts', 'attempt_count >= 0')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: Relation<WebhookSubscriptionEntity>;

  /** The webhook-id header: msg_<...>, the same on every attempt (receivers deduplicate). */
  @Column({ type: 'text', unique: true })
  eventId: string;

  @Column({ type: 'enum', enum: WebhookEventType, enumName: 'webhook_event_type' })
  eventType: WebhookEventType;

  /** What the event is about (a proposal, a workshop, a budget): its type and id. */
  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({
    type: 'enum',
    enum: WebhookDeliveryState,
    enumName: 'webhook_delivery_state',
    default: WebhookDeliveryState.PENDING,
  })
  state: WebhookDeliveryState;

  @Column({ type: 'int', default: 0 })
  attemptCount: number;

  @Column({ type: 'timestamptz', precision: 3 })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One try of a delivery: when, how long, the receiver's status code or the error. */
@Entity('webhook_attempt')
@Index('ix_webhook_attempt_delivery', ['deliveryId', 'id'])
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: Relation<WebhookDeliveryEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'int' })
  durationMs: number;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
