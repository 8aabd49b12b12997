import type { EntityManager } from 'typeorm';
import {
  LiveChannel,
  publishAfterCommit,
  type NotificationAddedEvent,
} from '../core/live/live-events.js';
import type { MessageKey } from '../core/i18n/translate.js';
import { ALWAYS_IN_APP, DEFAULT_CHANNELS } from './delivery-defaults.js';
import { NotificationActorKind, type NotificationKind } from './notification-kind.js';

/** What a notification is about: a GraphQL Node type and its database id. */
export interface SubjectRef {
  type: string;
  id: string;
}

/**
 * Who caused it, as the reader will be shown them: a citizen by name, an official by their
 * department, a moderator or admin as "관리자", or the platform itself.
 */
export type ActorRef =
  | { kind: NotificationActorKind.USER; userId: string }
  | { kind: NotificationActorKind.DEPARTMENT; userId: string; departmentId: string }
  | { kind: NotificationActorKind.MODERATOR; userId: string }
  | { kind: NotificationActorKind.SYSTEM };

export const SYSTEM_ACTOR: ActorRef = { kind: NotificationActorKind.SYSTEM };

export interface NotificationDraft {
  kind: NotificationKind;
  subject: SubjectRef;
  /** The catalogue message; rendered in each reader's language when it is read. */
  messageKey: MessageKey;
  /**
   * Its parameters as they are now (titles, numbers). `actor` (the acting citizen's display
   * name) and `department` (the acting department's name) are added by `notify` itself.
   */
  params?: Record<string, string | number>;
}

/**
 * Writes one notification per recipient in the caller's transaction (the outbox), with its
 * e-mail row for those who receive that kind by e-mail, and queues each for notificationAdded
 * once that transaction commits. One statement, whatever the number of recipients.
 *
 * - Nobody is notified of their own action: the actor is taken out of the recipients. Null and
 *   repeated recipients are ignored.
 * - A recipient whose channel for the kind is NONE gets nothing, unless the kind is one that is
 *   always kept in the app (ALWAYS_IN_APP); e-mail goes only to verified addresses: for an
 *   unverified one the row is SKIPPED, so the state says why nothing arrived.
 */
export async function notify(
  manager: EntityManager,
  actor: ActorRef,
  recipients: Iterable<string | null | undefined>,
  draft: NotificationDraft,
): Promise<void> {
  const actorId = actor.kind === NotificationActorKind.SYSTEM ? null : actor.userId;
  const ids = [...new Set(recipients)].filter(
    (id): id is string => typeof id === 'string' && id !== actorId,
  );
  if (!ids.length) return;
  const departmentId = actor.kind === NotificationActorKind.DEPARTMENT ? actor.departmentId : null;
  // Only a citizen acting as themself is named by their display name. A moderator's name is
  // not kept with what their reader will be sent (the text says "관리자"), nor an official's
  // (their department speaks).
  const namedUserId = actor.kind === NotificationActorKind.USER ? actor.userId : null;
  const rows: { id: string; recipient_id: string }[] = await manager.query(
    `WITH r AS (
       SELECT u.id, coalesce(p.channel, $3::delivery_channel) AS channel,
              u.email_verified_at IS NOT NULL AS verified
         FROM app_user u
         LEFT JOIN notification_preference p ON p.user_id = u.id AND p.kind = $2
        WHERE u.id = ANY($1::uuid[])
     ), n AS (
       INSERT INTO notification
              (recipient_id, actor_id, actor_kind, actor_department_id, kind,
               subject_type, subject_id, message_key, params)
       SELECT r.id, $5, $6, $7, $2, $8, $9, $10,
              $11::jsonb || jsonb_strip_nulls(jsonb_build_object(
                'actor', (SELECT display_name FROM app_user WHERE id = $12),
                'department', (SELECT name FROM department WHERE id = $7)))
         FROM r
        WHERE r.channel <> 'NONE' OR $4
       RETURNING id, recipient_id
     ), d AS (
       INSERT INTO email_delivery (purpose, recipient_id, notification_id, state)
       SELECT CASE r.channel WHEN 'EMAIL_NOW' THEN 'NOTIFICATION' ELSE 'DIGEST_ITEM' END::email_purpose,
              n.recipient_id, n.id,
              CASE WHEN r.verified THEN 'PENDING' ELSE 'SKIPPED' END::email_delivery_state
         FROM n JOIN r ON r.id = n.recipient_id
        WHERE r.channel IN ('EMAIL_NOW', 'EMAIL_DIGEST')
     )
     SELECT id, recipient_id FROM n`,
    [
      ids,
      draft.kind,
      DEFAULT_CHANNELS[draft.kind],
      ALWAYS_IN_APP.has(draft.kind),
      actorId,
      actor.kind,
      departmentId,
      draft.subject.type,
      draft.subject.id,
      draft.messageKey,
      JSON.stringify(draft.params ?? {}),
      namedUserId,
    ],
  );
  for (const row of rows) {
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
