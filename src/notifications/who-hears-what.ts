import type { EntityManager } from 'typeorm';
import { NotificationKind } from './notification-kind.js';
import { notify, staffOf } from './outbox.js';

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
 * One's own registration is answered by the mutation itself, so it sends nothing.
 */

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
  actorId: string,
  proposal: ProposalFacts,
  department: { id: string; name: string },
  firstAssignment: boolean,
): Promise<void> {
  const kind = firstAssignment
    ? NotificationKind.PROPOSAL_ASSIGNED
    : NotificationKind.PROPOSAL_TRANSFERRED;
  const verb = firstAssignment ? 'assigned' : 'transferred';
  const subject = { type: 'Proposal', id: proposal.id };
  await notify(manager, actorId, [proposal.authorId], {
    kind,
    subject,
    message: `Your proposal "${proposal.title}" was ${verb} to ${department.name}.`,
  });
  const staff = (await staffOf(manager, department.id)).filter((id) => id !== proposal.authorId);
  await notify(manager, actorId, staff, {
    kind,
    subject,
    message: `"${proposal.title}" was ${verb} to your department, ${department.name}.`,
  });
}

export async function proposalAnswered(
  manager: EntityManager,
  actorId: string,
  proposal: ProposalFacts,
  answer: { id: string; status: string },
  departmentName: string,
): Promise<void> {
  await notify(manager, actorId, [proposal.authorId], {
    kind: NotificationKind.PROPOSAL_ANSWERED,
    subject: { type: 'OfficialAnswer', id: answer.id },
    message: `${departmentName} answered your proposal "${proposal.title}" (${answer.status}).`,
  });
}

export async function progressPosted(
  manager: EntityManager,
  actorId: string,
  proposal: ProposalFacts,
  update: { id: string; progress: number },
): Promise<void> {
  await notify(manager, actorId, [proposal.authorId], {
    kind: NotificationKind.PROGRESS_UPDATED,
    subject: { type: 'ProgressUpdate', id: update.id },
    message: `Your proposal "${proposal.title}" is ${update.progress}% done.`,
  });
}

/**
 * A new comment: a reply tells the parent's author; a comment on a proposal tells the
 * proposal's author (once, as a reply, when they wrote the parent too).
 */
export async function commentAdded(
  manager: EntityManager,
  actorId: string,
  comment: { id: string },
  on: { title: string; proposalAuthorId: string | null; parentAuthorId: string | null },
): Promise<void> {
  const subject = { type: 'Comment', id: comment.id };
  await notify(manager, actorId, [on.parentAuthorId], {
    kind: NotificationKind.COMMENT_REPLY,
    subject,
    message: `Someone replied to your comment on "${on.title}".`,
  });
  if (on.proposalAuthorId && on.proposalAuthorId !== on.parentAuthorId) {
    await notify(manager, actorId, [on.proposalAuthorId], {
      kind: NotificationKind.COMMENT_ON_PROPOSAL,
      subject,
      message: `Someone commented on your proposal "${on.title}".`,
    });
  }
}

/** Waitlisted registrants who now have a place, and why. */
export async function placesGiven(
  manager: EntityManager,
  actorId: string,
  workshop: WorkshopFacts,
  promoted: { registrationId: string; userId: string }[],
  cause: 'cancellation' | 'capacity',
): Promise<void> {
  for (const { registrationId, userId } of promoted) {
    await notify(manager, actorId, [userId], {
      kind:
        cause === 'capacity'
          ? NotificationKind.WORKSHOP_REGISTRATION_CONFIRMED
          : NotificationKind.WORKSHOP_WAITLIST_PROMOTED,
      subject: { type: 'WorkshopRegistration', id: registrationId },
      message:
        cause === 'capacity'
          ? `More places were opened: your place at "${workshop.title}" is confirmed.`
          : `A place came free: you moved from the waitlist to confirmed at "${workshop.title}".`,
    });
  }
}

/** Everyone holding or waiting for a place hears of a change to the workshop. */
export async function workshopUpdated(
  manager: EntityManager,
  actorId: string,
  workshop: WorkshopFacts,
  what: string,
  except: readonly string[] = [],
): Promise<void> {
  const rows: { user_id: string }[] = await manager.query(
    `SELECT user_id FROM workshop_registration
      WHERE workshop_id = $1 AND status IN ('CONFIRMED', 'WAITLISTED')`,
    [workshop.id],
  );
  await notify(
    manager,
    actorId,
    rows.map((r) => r.user_id).filter((id) => !except.includes(id)),
    {
      kind: NotificationKind.WORKSHOP_UPDATED,
      subject: { type: 'Workshop', id: workshop.id },
      message: `"${workshop.title}" ${what}.`,
    },
  );
}

/** The author of content that was hidden, by enough reports (actor null) or a moderator. */
export async function contentHidden(
  manager: EntityManager,
  actorId: string | null,
  target: { type: 'Proposal' | 'Comment'; id: string; authorId: string },
  label: string,
): Promise<void> {
  await notify(manager, actorId, [target.authorId], {
    kind: NotificationKind.CONTENT_HIDDEN,
    subject: { type: target.type, id: target.id },
    message:
      actorId === null
        ? `Your ${label} was hidden after several reports, until a moderator reviews it.`
        : `Your ${label} was hidden by a moderator.`,
  });
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
  await notify(manager, null, [proposal.authorId, ...staff], {
    kind: NotificationKind.PROPOSAL_ESCALATED,
    subject,
    message: `"${proposal.title}" reached ${rung.threshold} supports (escalation level ${rung.level}): ${rung.action}.`,
  });
}
