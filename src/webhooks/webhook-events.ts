import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../core/graphql/relay/global-id.js';
import { Lifecycle } from '../proposals/proposal-status.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import type { NewProposalEvent } from '../timeline/record-proposal-event.js';
import { WebhookEventType } from './webhook-enums.js';

/**
 * The events webhooks carry, written into the outbox (webhook_delivery) in the transaction of
 * the change itself: a change that rolls back sends nothing, and one that commits is sent at
 * least once. The domains call these one-liners where the change happens; what a body says is
 * decided here. A body holds public data only (what any reader of the API may see): the
 * subject's global id and a few of its public fields.
 */

/** One event about one subject. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The GraphQL type of the subject: Proposal, Workshop, ParticipatoryBudget. */
  subjectType: string;
  subjectId: string;
  /** Public fields of the subject, besides its id. */
  data: Record<string, unknown>;
  /** When it happened; now when omitted. */
  at?: Date;
}

/**
 * One delivery per subscription of the event's type, of every client not revoked. Paused
 * subscriptions get theirs too: they wait, and go out in order once the client resumes (at
 * least once). One statement, however many subscribers.
 */
export async function enqueueWebhookEvent(
  manager: EntityManager,
  event: WebhookEvent,
): Promise<void> {
  const at = event.at ?? new Date();
  const payload = {
    type: event.type,
    timestamp: at.toISOString(),
    data: { id: toGlobalId(event.subjectType, event.subjectId), ...event.data },
  };
  await manager.query(
    `INSERT INTO webhook_delivery
            (subscription_id, event_id, event_type, subject_type, subject_id, payload, next_attempt_at)
     SELECT s.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, $3, $4::jsonb, $5
       FROM webhook_subscription s
       JOIN api_client c ON c.id = s.api_client_id AND c.revoked_at IS NULL
      WHERE $1 = ANY(s.events)
      ORDER BY s.id`,
    [event.type, event.subjectType, event.subjectId, JSON.stringify(payload), new Date()],
  );
}

/**
 * What a proposal's timeline event sends (called by recordProposalEvent, so every change of
 * every domain is covered):
 *
 * | timeline event        | webhook events                                                 |
 * |-----------------------|----------------------------------------------------------------|
 * | SUBMITTED             | PROPOSAL_CREATED                                               |
 * | ANSWERED              | PROPOSAL_ANSWERED, then PROPOSAL_STATUS_CHANGED if it moved    |
 * | PROGRESS_UPDATED      | PROGRESS_UPDATED, then PROPOSAL_STATUS_CHANGED if it moved     |
 * | ASSIGNED, TRANSFERRED | PROPOSAL_STATUS_CHANGED if it moved (SUBMITTED → UNDER_REVIEW) |
 * | WITHDRAWN             | PROPOSAL_STATUS_CHANGED                                        |
 * | ESCALATED             | PROPOSAL_ESCALATED                                             |
 * | the others            | nothing (edits, links, reminders, moderation are not events)   |
 *
 * A hidden proposal sends nothing: clients see what anonymous readers see. "Moved" compares
 * the status the event sets with the proposal's row, which its callers save after recording
 * the event (routeProposal, answers, progress); a withdrawal always moves it. One statement,
 * which reads the proposal as it writes: nothing more for a change nobody subscribed to.
 */
export async function proposalEventWebhooks(
  manager: EntityManager,
  event: NewProposalEvent,
): Promise<void> {
  const types = TYPES_OF_KIND[event.kind];
  if (!types) return;
  const routed =
    event.kind === ProposalEventKind.ASSIGNED || event.kind === ProposalEventKind.TRANSFERRED;
  await manager.query(
    `INSERT INTO webhook_delivery
            (subscription_id, event_id, event_type, subject_type, subject_id, payload, next_attempt_at)
     SELECT s.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), t.type, 'Proposal', p.id,
            jsonb_build_object(
              'type', t.type, 'timestamp', $4::text,
              'data', jsonb_build_object(
                'id', $5::text, 'title', p.title, 'status', f.status,
                'departmentId', ${globalIdSql('Department', 'coalesce($6::uuid, p.department_id)')})
              || jsonb_strip_nulls(jsonb_build_object('escalationLevel', $7::int))),
            $8
       FROM proposal p
      CROSS JOIN LATERAL (
            SELECT coalesce($3::proposal_status,
                            CASE WHEN $9 AND p.status = 'SUBMITTED' THEN $10::proposal_status
                                 ELSE p.status END) AS status) f
      CROSS JOIN unnest($2::webhook_event_type[]) WITH ORDINALITY AS t(type, n)
       JOIN webhook_subscription s ON t.type = ANY(s.events)
       JOIN api_client c ON c.id = s.api_client_id AND c.revoked_at IS NULL
      WHERE p.id = $1 AND NOT p.hidden
        AND (t.type <> 'PROPOSAL_STATUS_CHANGED' OR $11 OR f.status <> p.status)
      ORDER BY t.n, s.id`,
    [
      event.proposalId,
      types,
      event.status ?? null,
      (event.at ?? new Date()).toISOString(),
      toGlobalId('Proposal', event.proposalId),
      event.toDepartmentId ?? null,
      event.escalationLevel ?? null,
      new Date(),
      routed,
      Lifecycle.statusOnFirstAssignment,
      event.kind === ProposalEventKind.WITHDRAWN,
    ],
  );
}

/** toGlobalId in SQL, for ids read in the statement: base64url of `Type:uuid`, unpadded. */
function globalIdSql(type: string, uuid: string): string {
  return `CASE WHEN ${uuid} IS NOT NULL THEN translate(rtrim(replace(encode(convert_to('${type}:' || ${uuid}::text, 'UTF8'), 'base64'), E'\\n', ''), '='), '+/', '-_') END`;
}

const TYPES_OF_KIND: Partial<Record<ProposalEventKind, readonly WebhookEventType[]>> = {
  [ProposalEventKind.SUBMITTED]: [WebhookEventType.PROPOSAL_CREATED],
  [ProposalEventKind.ANSWERED]: [
    WebhookEventType.PROPOSAL_ANSWERED,
    WebhookEventType.PROPOSAL_STATUS_CHANGED,
  ],
  [ProposalEventKind.PROGRESS_UPDATED]: [
    WebhookEventType.PROGRESS_UPDATED,
    WebhookEventType.PROPOSAL_STATUS_CHANGED,
  ],
  [ProposalEventKind.ASSIGNED]: [WebhookEventType.PROPOSAL_STATUS_CHANGED],
  [ProposalEventKind.TRANSFERRED]: [WebhookEventType.PROPOSAL_STATUS_CHANGED],
  [ProposalEventKind.WITHDRAWN]: [WebhookEventType.PROPOSAL_STATUS_CHANGED],
  [ProposalEventKind.ESCALATED]: [WebhookEventType.PROPOSAL_ESCALATED],
};

/** A workshop changed (its details, or its published outcome); workshops are public. */
export async function workshopUpdatedWebhook(
  manager: EntityManager,
  workshopId: string,
  change: 'changed' | 'outcome',
): Promise<void> {
  const [row]: { title: string; organizer_id: string; starts_at: Date; ends_at: Date }[] =
    await manager.query(
      'SELECT title, organizer_id, starts_at, ends_at FROM workshop WHERE id = $1',
      [workshopId],
    );
  if (!row) return;
  await enqueueWebhookEvent(manager, {
    type: WebhookEventType.WORKSHOP_UPDATED,
    subjectType: 'Workshop',
    subjectId: workshopId,
    data: {
      title: row.title,
      change: change === 'outcome' ? 'OUTCOME_PUBLISHED' : 'DETAILS_CHANGED',
      organizerId: toGlobalId('Department', row.organizer_id),
      startsAt: new Date(row.starts_at).toISOString(),
      endsAt: new Date(row.ends_at).toISOString(),
    },
  });
}

/** A budget's results were published (they are public from then on). */
export function budgetResultsWebhook(
  manager: EntityManager,
  budget: { id: string; title: string; resultsPublishedAt: Date | null },
): Promise<void> {
  return enqueueWebhookEvent(manager, {
    type: WebhookEventType.BUDGET_RESULTS_PUBLISHED,
    subjectType: 'ParticipatoryBudget',
    subjectId: budget.id,
    data: { title: budget.title },
    at: budget.resultsPublishedAt ?? undefined,
  });
}
