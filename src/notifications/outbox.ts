import type { EntityManager } from 'typeorm';
import {
  LiveChannel,
  publishAfterCommit,
  type NotificationAddedEvent,
} from '../core/live/live-events.js';
import { NotificationEntity } from './notification.entity.js';
import type { NotificationKind } from './notification-kind.js';

/** What a notification is about: a GraphQL Node type and its database id. */
export interface SubjectRef {
  type: string;
  id: string;
}

export interface NotificationDraft {
  kind: NotificationKind;
  subject: SubjectRef;
  message: string;
}

/**
 * Writes one notification per recipient in the caller's transaction (the outbox) and queues
 * each for notificationAdded once that transaction commits. Nobody is notified of their own
 * action: the actor is taken out of the recipients. Null and repeated recipients are ignored.
 */
export async function notify(
  manager: EntityManager,
  actorId: string | null,
  recipients: Iterable<string | null | undefined>,
  draft: NotificationDraft,
): Promise<void> {
  const ids = [...new Set(recipients)].filter(
    (id): id is string => typeof id === 'string' && id !== actorId,
  );
  if (!ids.length) return;
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(NotificationEntity)
    .values(
      ids.map((recipientId) => ({
        recipientId,
        actorId,
        kind: draft.kind,
        subjectType: draft.subject.type,
        subjectId: draft.subject.id,
        message: draft.message,
      })),
    )
    .returning(['id', 'recipientId'])
    .execute();
  for (const row of result.raw as { id: string; recipient_id: string }[]) {
    const event: NotificationAddedEvent = { notificationId: row.id };
    publishAfterCommit(manager, LiveChannel.notifications(row.recipient_id), event);
  }
}

/** The staff of a department, who hear of the proposals sent to it. */
export async function staffOf(manager: EntityManager, departmentId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM app_user WHERE role = 'STAFF' AND department_id = $1`,
    [departmentId],
  );
  return rows.map((r) => r.id);
}
