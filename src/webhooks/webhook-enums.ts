import { registerEnumType } from '@nestjs/graphql';

/** What a client may subscribe to. */
export enum WebhookEventType {
  PROPOSAL_CREATED = 'PROPOSAL_CREATED',
  PROPOSAL_STATUS_CHANGED = 'PROPOSAL_STATUS_CHANGED',
  PROPOSAL_ANSWERED = 'PROPOSAL_ANSWERED',
  PROPOSAL_ESCALATED = 'PROPOSAL_ESCALATED',
  PROGRESS_UPDATED = 'PROGRESS_UPDATED',
  WORKSHOP_UPDATED = 'WORKSHOP_UPDATED',
  BUDGET_RESULTS_PUBLISHED = 'BUDGET_RESULTS_PUBLISHED',
}
registerEnumType(WebhookEventType, { name: 'WebhookEventType' });

/**
 * PENDING until first tried; RETRYING after a failed try with tries left (the Standard
 * Webhooks schedule); DELIVERED on a 2xx; FAILED when the schedule is spent (the subscription
 * is then paused).
 */
export enum WebhookDeliveryState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  RETRYING = 'RETRYING',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryState, { name: 'WebhookDeliveryState' });
