import type { mail as ko } from '../ko/mail.js';

/** Mail texts in English; the parameters are those of ko/mail.ts. */
export const mail: Record<keyof typeof ko, string> = {
  'mail.subject.notification': '[Wontak] {text}',
  'mail.subject.digest':
    '[Wontak] {count, plural, one {# notification} other {# notifications}} for {date}',
  'mail.subject.verification': '[Wontak] Please confirm your e-mail address',
  'mail.greeting': 'Hello {name},',
  'mail.link.proposal': 'See the proposal',
  'mail.link.workshop': 'See the workshop',
  'mail.link.notifications': 'See your notifications',
  'mail.digest.intro':
    'Here {count, plural, one {is what happened} other {are the # things that happened}} on Wontak since your last digest.',
  'mail.digest.group': '{kind} ({count, number})',
  'mail.verification.intro':
    'To receive Wontak notifications at this address, please confirm it with the link below.',
  'mail.verification.link': 'Confirm my e-mail address',
  'mail.verification.expiry': 'This link works for {days, plural, one {# day} other {# days}}.',
  'mail.verification.ignore': 'If you did not sign up for Wontak, you can ignore this mail.',
  'mail.footer.why':
    'You receive this mail because of your notification settings on Wontak, the citizen proposals platform.',
  'mail.footer.unsubscribeKind': 'Stop e-mails about "{kind}"',
  'mail.footer.unsubscribeAll': 'Stop all notification e-mails from Wontak',
  'mail.kind.PROPOSAL_ASSIGNED': 'Proposal assigned',
  'mail.kind.PROPOSAL_TRANSFERRED': 'Proposal transferred',
  'mail.kind.PROPOSAL_ANSWERED': 'Proposal answered',
  'mail.kind.PROGRESS_UPDATED': 'Progress updates',
  'mail.kind.COMMENT_ON_PROPOSAL': 'Comments on proposals',
  'mail.kind.COMMENT_REPLY': 'Replies to comments',
  'mail.kind.WORKSHOP_REGISTRATION_CONFIRMED': 'Workshop place confirmed',
  'mail.kind.WORKSHOP_WAITLIST_PROMOTED': 'Workshop waitlist',
  'mail.kind.WORKSHOP_UPDATED': 'Workshop changes',
  'mail.kind.CONTENT_HIDDEN': 'Hidden content',
  'mail.kind.ANSWER_DUE_SOON': 'Answer due soon',
  'mail.kind.PROPOSAL_OVERDUE': 'Answer overdue',
  'mail.kind.WORKSHOP_REMINDER': 'Workshop reminders',
  'mail.kind.PROPOSAL_ESCALATED': 'Proposal escalated',
  'mail.unsubscribe.invalid': 'This unsubscribe link is not valid.',
  'field.verificationToken':
    '{field} is not a valid link: it was altered, has expired, or was sent to another address; ask for a new one',
  'field.unsubscribeToken': '{field} is not a valid unsubscribe link',
};
