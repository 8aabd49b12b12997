import type { notifications as ko } from '../ko/notifications.js';

/** Notification texts in English; the parameters are those of ko/notifications.ts. */
export const notifications: Record<keyof typeof ko, string> = {
  'notification.PROPOSAL_ASSIGNED.author': 'Your proposal "{title}" was assigned to {to}.',
  'notification.PROPOSAL_ASSIGNED.staff': '"{title}" was assigned to your department, {to}.',
  'notification.PROPOSAL_TRANSFERRED.author': 'Your proposal "{title}" was transferred to {to}.',
  'notification.PROPOSAL_TRANSFERRED.staff': '"{title}" was transferred to your department, {to}.',
  'notification.PROPOSAL_ANSWERED':
    '{department} answered your proposal "{title}": {status, select, ACCEPTED {accepted} REJECTED {not accepted} IN_PROGRESS {in progress} IMPLEMENTED {implemented} UNDER_REVIEW {under review} other {{status}}}.',
  'notification.PROGRESS_UPDATED':
    '{department} reported progress on your proposal "{title}": {progress}% done.',
  'notification.COMMENT_ON_PROPOSAL': '{actor} commented on your proposal "{title}".',
  'notification.COMMENT_ON_PROPOSAL.official': '{department} commented on your proposal "{title}".',
  'notification.COMMENT_REPLY': '{actor} replied to your comment on "{title}".',
  'notification.COMMENT_REPLY.official': '{department} replied to your comment on "{title}".',
  'notification.WORKSHOP_REGISTRATION_CONFIRMED':
    'More places were opened: your place at "{title}" is confirmed.',
  'notification.WORKSHOP_WAITLIST_PROMOTED':
    'A place came free: you moved from the waitlist to confirmed at "{title}".',
  'notification.WORKSHOP_UPDATED.changed': '"{title}" was updated.',
  'notification.WORKSHOP_UPDATED.outcome': '"{title}" has a published outcome.',
  'notification.CONTENT_HIDDEN.reports':
    'Your {target, select, Proposal {proposal "{title}"} other {comment}} was hidden after several reports, until a moderator reviews it.',
  'notification.CONTENT_HIDDEN.moderator':
    'Your {target, select, Proposal {proposal "{title}"} other {comment}} was hidden by a moderator.',
  'notification.ANSWER_DUE_SOON':
    'An answer to "{title}" is due within {days, plural, one {# day} other {# days}}.',
  'notification.PROPOSAL_OVERDUE': 'The answer to "{title}" is overdue.',
  'notification.PROPOSAL_OVERDUE.oversight':
    '"{title}" is overdue and was escalated to your department for oversight.',
  'notification.WORKSHOP_REMINDER': '"{title}" starts tomorrow.',
  'notification.WORKSHOP_REMINDER.waitlistClosed':
    'Registration for "{title}" has closed; no place came free for you.',
  'notification.PROPOSAL_ESCALATED':
    '"{title}" reached {threshold, plural, one {# support} other {# supports}} (escalation level {level}): {action, select, REQUIRE_DEPARTMENT_ANSWER {the department must answer} REQUIRE_PUBLIC_FORUM {a public forum is required} REQUIRE_ANSWER_FROM {a named department must answer} other {{action}}}.',
  'notification.actor.moderator': 'A moderator',
  'notification.actor.system': 'Wontak',
};
