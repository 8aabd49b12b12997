import { registerEnumType } from '@nestjs/graphql';

/** The contract's notification kinds; who receives each is decided in who-hears-what.ts. */
export enum NotificationKind {
  PROPOSAL_ASSIGNED = 'PROPOSAL_ASSIGNED',
  PROPOSAL_TRANSFERRED = 'PROPOSAL_TRANSFERRED',
  PROPOSAL_ANSWERED = 'PROPOSAL_ANSWERED',
  PROGRESS_UPDATED = 'PROGRESS_UPDATED',
  COMMENT_ON_PROPOSAL = 'COMMENT_ON_PROPOSAL',
  COMMENT_REPLY = 'COMMENT_REPLY',
  WORKSHOP_REGISTRATION_CONFIRMED = 'WORKSHOP_REGISTRATION_CONFIRMED',
  WORKSHOP_WAITLIST_PROMOTED = 'WORKSHOP_WAITLIST_PROMOTED',
  WORKSHOP_UPDATED = 'WORKSHOP_UPDATED',
  CONTENT_HIDDEN = 'CONTENT_HIDDEN',
  ANSWER_DUE_SOON = 'ANSWER_DUE_SOON',
  PROPOSAL_OVERDUE = 'PROPOSAL_OVERDUE',
  WORKSHOP_REMINDER = 'WORKSHOP_REMINDER',
  /** To the author, the responsible department's staff and the staff of the department the rung names. */
  PROPOSAL_ESCALATED = 'PROPOSAL_ESCALATED',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  valuesMap: {
    ANSWER_DUE_SOON: {
      description: "To the department's staff: an answer is due within the reminder window.",
    },
    PROPOSAL_OVERDUE: { description: "To the department's staff and the oversight department." },
    WORKSHOP_REMINDER: {
      description: 'To registrants, the day before; to the waitlist when registration closes.',
    },
  },
});
