import { DeliveryChannel, NotificationKind } from './notification-kind.js';

const K = NotificationKind;
const C = DeliveryChannel;

/**
 * How each kind reaches a person who has not chosen otherwise (updateNotificationPreferences):
 * what answers them, or asks something of them by a date, comes by e-mail at once; talk
 * (comments, replies) comes in the daily digest. A city changes its defaults here, and the
 * change reaches everyone who never chose, since choices are stored only when made.
 */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationKind, DeliveryChannel>> = {
  [K.PROPOSAL_ASSIGNED]: C.EMAIL_NOW,
  [K.PROPOSAL_TRANSFERRED]: C.EMAIL_NOW,
  [K.PROPOSAL_ANSWERED]: C.EMAIL_NOW,
  [K.PROGRESS_UPDATED]: C.EMAIL_NOW,
  [K.COMMENT_ON_PROPOSAL]: C.EMAIL_DIGEST,
  [K.COMMENT_REPLY]: C.EMAIL_DIGEST,
  [K.WORKSHOP_REGISTRATION_CONFIRMED]: C.EMAIL_NOW,
  [K.WORKSHOP_WAITLIST_PROMOTED]: C.EMAIL_NOW,
  [K.WORKSHOP_UPDATED]: C.EMAIL_NOW,
  [K.CONTENT_HIDDEN]: C.EMAIL_NOW,
  [K.ANSWER_DUE_SOON]: C.EMAIL_NOW,
  [K.PROPOSAL_OVERDUE]: C.EMAIL_NOW,
  [K.WORKSHOP_REMINDER]: C.EMAIL_NOW,
  [K.PROPOSAL_ESCALATED]: C.EMAIL_NOW,
};

/**
 * Kinds whose in-app row is kept even when a person chose NONE: a person must be able to
 * learn that their own content was hidden, and why, to appeal it.
 */
export const ALWAYS_IN_APP: ReadonlySet<NotificationKind> = new Set([K.CONTENT_HIDDEN]);

/** The channel a person gets for `kind`, given their stored choice (if any). */
export function channelFor(
  kind: NotificationKind,
  chosen: DeliveryChannel | null,
): DeliveryChannel {
  return chosen ?? DEFAULT_CHANNELS[kind];
}
