import type { EntityManager } from 'typeorm';
import type { ProposalStatus } from '../proposals/proposal-status.js';
import type { ProposalEventKind } from './proposal-event-kind.js';
import { ProposalEventEntity } from './proposal-event.entity.js';
import { proposalEventWebhooks } from '../webhooks/webhook-events.js';

/**
 * Who caused an event: a person, a department acting officially (with its staff member), or the
 * platform.
 */
export type ProposalEventActor =
  | { userId: string; departmentId?: string | null }
  | { departmentId: string; userId?: string | null }
  | { system: true };

export interface NewProposalEvent {
  proposalId: string;
  kind: ProposalEventKind;
  actor: ProposalEventActor;
  /**
   * The timestamp of the change this event records (the created row's createdAt, or the time
   * the service decided with). Omitted: the database's clock_timestamp() at the insert.
   */
  at?: Date;
  status?: ProposalStatus | null;
  fromDepartmentId?: string | null;
  toDepartmentId?: string | null;
  reason?: string | null;
  escalationLevel?: number | null;
}

/**
 * Appends one event to a proposal's timeline. Call it with the manager of the transaction that
 * makes the change, so the event exists exactly when the change does (a rolled-back change
 * leaves no event). The only write path to proposal_event: events are never updated or deleted.
 */
export async function recordProposalEvent(
  manager: EntityManager,
  event: NewProposalEvent,
): Promise<void> {
  const { actor } = event;
  const system = 'system' in actor;
  await manager.insert(ProposalEventEntity, {
    proposalId: event.proposalId,
    kind: event.kind,
    ...(event.at ? { at: event.at } : {}),
    actorUserId: system ? null : (actor.userId ?? null),
    actorDepartmentId: system ? null : (actor.departmentId ?? null),
    actorSystem: system,
    status: event.status ?? null,
    fromDepartmentId: event.fromDepartmentId ?? null,
    toDepartmentId: event.toDepartmentId ?? null,
    reason: event.reason ?? null,
    escalationLevel: event.escalationLevel ?? null,
  });
  // Webhooks of the same change, in the same transaction (src/webhooks/webhook-events.ts).
  await proposalEventWebhooks(manager, event);
}
