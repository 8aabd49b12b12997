import { registerEnumType } from '@nestjs/graphql';

/** What happened to a proposal; one value per kind of change the timeline records. */
export enum ProposalEventKind {
  SUBMITTED = 'SUBMITTED',
  EDITED = 'EDITED',
  ASSIGNED = 'ASSIGNED',
  TRANSFERRED = 'TRANSFERRED',
  ANSWERED = 'ANSWERED',
  PROGRESS_UPDATED = 'PROGRESS_UPDATED',
  ESCALATED = 'ESCALATED',
  WORKSHOP_LINKED = 'WORKSHOP_LINKED',
  WITHDRAWN = 'WITHDRAWN',
  REMINDER_SENT = 'REMINDER_SENT',
  OVERDUE = 'OVERDUE',
  HIDDEN = 'HIDDEN',
  RESTORED = 'RESTORED',
}

/** Events that tell about moderation: only the author, moderators and admins see them. */
export const RESTRICTED_EVENT_KINDS: readonly ProposalEventKind[] = [
  ProposalEventKind.HIDDEN,
  ProposalEventKind.RESTORED,
];

registerEnumType(ProposalEventKind, {
  name: 'ProposalEventKind',
  valuesMap: {
    HIDDEN: { description: 'Seen only by the author, moderators and admins.' },
    RESTORED: { description: 'Seen only by the author, moderators and admins.' },
  },
});
