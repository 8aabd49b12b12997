import type { EntityManager } from 'typeorm';
import {
  LiveChannel,
  publishAfterCommit,
  type ProposalUpdatedEvent,
} from '../core/live/live-events.js';

/**
 * Tells proposalUpdated subscribers, once the transaction commits, that a proposal changed
 * (its text, status, routing, answers, progress, counts or visibility). The event carries
 * what a subscriber needs to check it may see the proposal; the proposal itself is read
 * afresh for each subscriber.
 */
export function proposalChanged(
  manager: EntityManager,
  proposal: { id: string; hidden: boolean; authorId: string },
): void {
  const event: ProposalUpdatedEvent = {
    proposalId: proposal.id,
    hidden: proposal.hidden,
    authorId: proposal.authorId,
  };
  publishAfterCommit(manager, LiveChannel.proposal(proposal.id), event);
}
