import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * The channels live events travel on. An event carries ids and the little each subscriber
 * needs to decide whether it may hear it (whether a proposal is hidden, and whose it is);
 * never content: each subscriber reads the object afresh, as its own viewer may see it.
 */
export const LiveChannel = {
  proposal: (proposalId: string) => `wontak.proposal.${proposalId}`,
  comments: (subjectId: string) => `wontak.comments.${subjectId}`,
  notifications: (userId: string) => `wontak.notifications.${userId}`,
} as const;

/** What a subscriber needs to know to check it may see a proposal, as it was at commit. */
export interface ProposalVisibilityFacts {
  hidden: boolean;
  authorId: string;
}

export interface ProposalUpdatedEvent extends ProposalVisibilityFacts {
  proposalId: string;
}

export interface CommentAddedEvent {
  commentId: string;
  subjectId: string;
  /** Set when the subject is a proposal: its visibility at commit. */
  proposal: ProposalVisibilityFacts | null;
}

export interface NotificationAddedEvent {
  notificationId: string;
}

interface PendingEvent {
  channel: string;
  payload: object;
}

const PENDING = 'wontak.pendingLiveEvents';

/**
 * Queues an event to be published once the transaction of `manager` commits; a rollback drops
 * it. So nobody hears of a change that did not happen, and an event never arrives before the
 * change can be read. The same event queued twice in one transaction is published once.
 */
export function publishAfterCommit(manager: EntityManager, channel: string, payload: object): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('publishAfterCommit must be called inside a transaction');
  }
  const pending = ((runner.data as Record<string, PendingEvent[]>)[PENDING] ??= []);
  const key = JSON.stringify(payload);
  if (!pending.some((e) => e.channel === channel && JSON.stringify(e.payload) === key)) {
    pending.push({ channel, payload });
  }
}

/** Takes the events a committed (or rolled back) transaction queued, leaving none behind. */
export function takePendingEvents(runner: QueryRunner): PendingEvent[] {
  const data = runner.data as Record<string, PendingEvent[] | undefined>;
  const pending = data[PENDING] ?? [];
  delete data[PENDING];
  return pending;
}
