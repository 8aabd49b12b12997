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

/** Who caused a notification, as its reader is shown them. */
export enum NotificationActorKind {
  /** A citizen (or anyone acting as themself): their display name. */
  USER = 'USER',
  /** An official acting for their department: the department's name. */
  DEPARTMENT = 'DEPARTMENT',
  /** A moderator: "관리자", never their name. */
  MODERATOR = 'MODERATOR',
  /** The platform itself (reminders, escalation, hiding after reports). */
  SYSTEM = 'SYSTEM',
}

/** How a person receives one kind of notification (updateNotificationPreferences). */
export enum DeliveryChannel {
  IN_APP = 'IN_APP',
  EMAIL_NOW = 'EMAIL_NOW',
  EMAIL_DIGEST = 'EMAIL_DIGEST',
  NONE = 'NONE',
}
registerEnumType(DeliveryChannel, {
  name: 'DeliveryChannel',
  valuesMap: {
    IN_APP: { description: 'In the app only.' },
    EMAIL_NOW: { description: 'In the app, and by e-mail at once.' },
    EMAIL_DIGEST: { description: 'In the app, and in the daily e-mail digest.' },
    NONE: {
      description:
        'Not at all (in-app rows are still kept for kinds that must be, such as CONTENT_HIDDEN).',
    },
  },
});
