import type { EntityManager } from 'typeorm';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { NotificationActorKind, NotificationKind } from './notification-kind.js';
import { notify, staffOf, SYSTEM_ACTOR, type ActorRef } from './outbox.js';

/**
 * Who is notified of what: the "Notifications" rule of ../shared/api/README.md, in one place.
 * Every function runs inside the transaction of the change it reports, and nobody is notified
 * of their own action (the actor is dropped by `notify`).
 *
 * | cause                                     | who                                 | kind                            |
 * |-------------------------------------------|-------------------------------------|---------------------------------|
 * | first assignment                          | author; staff of the department     | PROPOSAL_ASSIGNED               |
 * | transfer                                  | author; staff of the new department | PROPOSAL_TRANSFERRED            |
 * | official answer                           | author                              | PROPOSAL_ANSWERED               |
 * | progress update                           | author                              | PROGRESS_UPDATED                |
 * | comment on a proposal                     | the proposal's author               | COMMENT_ON_PROPOSAL             |
 * | reply                                     | the parent comment's author         | COMMENT_REPLY                   |
 * | capacity raised: waitlisted now confirmed | those registrants                   | WORKSHOP_REGISTRATION_CONFIRMED |
 * | a cancellation frees a place              | the first waitlisted registrant     | WORKSHOP_WAITLIST_PROMOTED      |
 * | workshop edited or outcome published      | confirmed and waitlisted registrants| WORKSHOP_UPDATED                |
 * | content hidden (by reports or moderator)  | its author                          | CONTENT_HIDDEN                  |
 * | a rung of an escalation ladder crossed    | author; staff of the department and | PROPOSAL_ESCALATED              |
 *                                             | of the rung's answering department  |                                 |
 *
 * One's own registration is answered by the mutation itself, so it sends nothing. A child
 * registered by a guardian (src/guardians) is a registrant whose notices go to the guardian.
 *
 * Each message is a catalogue key (src/core/i18n/catalogues/ko/notifications.ts) with its
 * parameters; the reader reads it in their own language.
 */

/**
 * How `viewer` is named to those they notify when they act as themself: staff speak for their
 * department, moderators and admins as "관리자", citizens by their display name.
 */
export function actorOf(viewer: Viewer): ActorRef {
  if (viewer.role === Role.STAFF && viewer.departmentId)
    return {
      kind: NotificationActorKind.DEPARTMENT,
      userId: viewer.id,
      departmentId: viewer.departmentId,
    };
  if (viewer.role === Role.MODERATOR || viewer.role === Role.ADMIN)
    return { kind: NotificationActorKind.MODERATOR, userId: viewer.id };
  return { kind: NotificationActorKind.USER, userId: viewer.id };
}

/** An official act for `departmentId` (an answer, a progress report): named by that department. */
export function actingFor(viewer: Viewer, departmentId: string): ActorRef {
  return { kind: NotificationActorKind.DEPARTMENT, userId: viewer.id, departmentId };
}

interface ProposalFacts {
  id: string;
  title: string;
  authorId: string;
}

interface WorkshopFacts {
  id: string;
  title: string;
}

/** A first assignment or a transfer: the author, and the staff of the receiving department. */
export async function proposalRouted(
  manager: EntityManager,
  actor: ActorRef,
  proposal: ProposalFacts,
  department: { id: string; name: string },
  firstAssignment: boolean,
): Promise<void> {
  const kind = firstAssignment
    ? NotificationKind.PROPOSAL_ASSIGNED
    : NotificationKind.PROPOSAL_TRANSFERRED;
  const subject = { type: 'Proposal', id: proposal.id };
  // `to` is the receiving department; `department` (added by notify) names the actor's.
  const params = { title: proposal.title, to: department.name };
  await notify(manager, actor, [proposal.authorId], {
    kind,
    subject,
    messageKey: firstAssignment
      ? 'notification.PROPOSAL_ASSIGNED.author'
      : 'notification.PROPOSAL_TRANSFERRED.author',
    params,
  });
  const staff = (await staffOf(manager, department.id)).filter((id) => id !== proposal.authorId);
  await notify(manager, actor, staff, {
    kind,
    subject,
    messageKey: firstAssignment
      ? 'notification.PROPOSAL_ASSIGNED.staff'
      : 'notification.PROPOSAL_TRANSFERRED.staff',
    params,
  });
}

/** An official answer, named by the department that answered. */
export async function proposalAnswered(
  manager: EntityManager,
  actor: ActorRef,
  proposal: ProposalFacts,
  answer: { id: string; status: string },
): Promise<void> {
  await notify(manager, actor, [proposal.authorId], {
    kind: NotificationKind.PROPOSAL_ANSWERED,
    subject: { type: 'OfficialAnswer', id: answer.id },
    messageKey: 'notification.PROPOSAL_ANSWERED',
    params: { title: proposal.title, status: answer.status },
  });
}

export async function progressPosted(
  manager: EntityManager,
  actor: ActorRef,
  proposal: ProposalFacts,
  update: { id: string; progress: number },
): Promise<void> {
  await notify(manager, actor, [proposal.authorId], {
    kind: NotificationKind.PROGRESS_UPDATED,
    subject: { type: 'ProgressUpdate', id: update.id },
    messageKey: 'notification.PROGRESS_UPDATED',
    params: { title: proposal.title, progress: update.progress },
  });
}

/**
 * A new comment: a reply tells the parent's author; a comment on a proposal tells the
 * proposal's author (once, as a reply, when they wrote the parent too). Staff comment for
 * their department, and are named by it.
 */
export async function commentAdded(
  manager: EntityManager,
  actor: ActorRef,
  comment: { id: string },
  on: { title: string; proposalAuthorId: string | null; parentAuthorId: string | null },
): Promise<void> {
  const subject = { type: 'Comment', id: comment.id };
  const official = actor.kind === NotificationActorKind.DEPARTMENT;
  await notify(manager, actor, [on.parentAuthorId], {
    kind: NotificationKind.COMMENT_REPLY,
    subject,
    messageKey: official ? 'notification.COMMENT_REPLY.official' : 'notification.COMMENT_REPLY',
    params: { title: on.title },
  });
  if (on.proposalAuthorId && on.proposalAuthorId !== on.parentAuthorId) {
    await notify(manager, actor, [on.proposalAuthorId], {
      kind: NotificationKind.COMMENT_ON_PROPOSAL,
      subject,
      messageKey: official
        ? 'notification.COMMENT_ON_PROPOSAL.official'
        : 'notification.COMMENT_ON_PROPOSAL',
      params: { title: on.title },
    });
  }
}

/**
 * Waitlisted registrants who now have a place, and why. The platform moved them up (named as
 * such): whoever cancelled, and so freed the place, stays unnamed. A child's place is told to
 * its guardian (`userId`) as "your child's", never by the child's name: its subject is the
 * ChildRegistration, which only the guardian and the organizers can open.
 */
export async function placesGiven(
  manager: EntityManager,
  workshop: WorkshopFacts,
  promoted: { registrationId: string; userId: string; child?: boolean }[],
  cause: 'cancellation' | 'capacity',
): Promise<void> {
  for (const { registrationId, userId, child } of promoted) {
    const kind =
      cause === 'capacity'
        ? NotificationKind.WORKSHOP_REGISTRATION_CONFIRMED
        : NotificationKind.WORKSHOP_WAITLIST_PROMOTED;
    const key = `notification.${kind}` as const;
    await notify(manager, SYSTEM_ACTOR, [userId], {
      kind,
      subject: { type: child ? 'ChildRegistration' : 'WorkshopRegistration', id: registrationId },
      messageKey: child ? (`${key}.child` as const) : key,
      params: { title: workshop.title },
    });
  }
}

/** What changed about a workshop. */
export type WorkshopChange = 'changed' | 'outcome';

/** Everyone holding or waiting for a place hears of a change to the workshop. */
export async function workshopUpdated(
  manager: EntityManager,
  actor: ActorRef,
  workshop: WorkshopFacts,
  change: WorkshopChange,
  except: readonly string[] = [],
): Promise<void> {
  // Guardians hear for the children they registered, once however many.
  const rows: { user_id: string }[] = await manager.query(
    `SELECT user_id FROM workshop_registration
      WHERE workshop_id = $1 AND status IN ('CONFIRMED', 'WAITLISTED')
     UNION
     SELECT guardian_id FROM child_registration
      WHERE workshop_id = $1 AND status IN ('CONFIRMED', 'WAITLISTED')`,
    [workshop.id],
  );
  await notify(
    manager,
    actor,
    rows.map((r) => r.user_id).filter((id) => !except.includes(id)),
    {
      kind: NotificationKind.WORKSHOP_UPDATED,
      subject: { type: 'Workshop', id: workshop.id },
      messageKey:
        change === 'outcome'
          ? 'notification.WORKSHOP_UPDATED.outcome'
          : 'notification.WORKSHOP_UPDATED.changed',
      params: { title: workshop.title },
    },
  );
}

/**
 * The author of content that was hidden, by enough reports (the platform acts: no actor) or by
 * a moderator, who is named "관리자" and never by name. A proposal is named by its title (its
 * author may have several); a comment is not quoted.
 */
export async function contentHidden(
  manager: EntityManager,
  moderatorId: string | null,
  target: { type: 'Proposal' | 'Comment'; id: string; authorId: string; title?: string },
): Promise<void> {
  await notify(
    manager,
    moderatorId === null
      ? SYSTEM_ACTOR
      : { kind: NotificationActorKind.MODERATOR, userId: moderatorId },
    [target.authorId],
    {
      kind: NotificationKind.CONTENT_HIDDEN,
      subject: { type: target.type, id: target.id },
      messageKey:
        moderatorId === null
          ? 'notification.CONTENT_HIDDEN.reports'
          : 'notification.CONTENT_HIDDEN.moderator',
      params:
        target.type === 'Proposal'
          ? { target: target.type, title: target.title ?? '' }
          : { target: target.type },
    },
  );
}

/**
 * A proposal crossed a rung of its escalation ladder (the platform acts: no actor): the author,
 * the staff of the department responsible now, and the staff of the department the rung names.
 */
export async function proposalEscalated(
  manager: EntityManager,
  proposal: ProposalFacts,
  departmentId: string | null,
  rung: { level: number; threshold: number; action: string },
  answeringDepartmentId: string | null,
): Promise<void> {
  const subject = { type: 'Proposal', id: proposal.id };
  const departments = [...new Set([departmentId, answeringDepartmentId])].filter(
    (id): id is string => id !== null,
  );
  const staff: string[] = [];
  for (const id of departments) staff.push(...(await staffOf(manager, id)));
  await notify(manager, SYSTEM_ACTOR, [proposal.authorId, ...staff], {
    kind: NotificationKind.PROPOSAL_ESCALATED,
    subject,
    messageKey: 'notification.PROPOSAL_ESCALATED',
    params: {
      title: proposal.title,
      threshold: rung.threshold,
      level: rung.level,
      action: rung.action,
    },
  });
}
