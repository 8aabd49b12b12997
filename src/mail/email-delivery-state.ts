import { registerEnumType } from '@nestjs/graphql';

/** Where one e-mail stands (Notification.emailState, and the admins' delivery list). */
export enum EmailDeliveryState {
  PENDING = 'PENDING',
  SENT = 'SENT',
  RETRYING = 'RETRYING',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(EmailDeliveryState, {
  name: 'EmailDeliveryState',
  valuesMap: {
    PENDING: { description: 'Waiting to be sent (or for its daily digest).' },
    SENT: { description: 'Accepted by the mail server.' },
    RETRYING: { description: 'Refused or unreachable for now; tried again with back-off.' },
    FAILED: { description: 'Refused for good, or still failing after every retry.' },
    SKIPPED: {
      description: 'Not sent: the address was not verified, or the person unsubscribed.',
    },
  },
});

/** What an e-mail row is for. */
export enum EmailPurpose {
  /** One notification, sent at once (EMAIL_NOW). */
  NOTIFICATION = 'NOTIFICATION',
  /** One notification waiting for its person's daily digest (EMAIL_DIGEST). */
  DIGEST_ITEM = 'DIGEST_ITEM',
  /** One person's daily digest: one mail carrying their DIGEST_ITEMs. */
  DIGEST = 'DIGEST',
  /** The link that proves an address (signUp, resendVerificationEmail). */
  VERIFICATION = 'VERIFICATION',
}
