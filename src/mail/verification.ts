import type { EntityManager } from 'typeorm';
import { EmailDeliveryState, EmailPurpose } from './email-delivery-state.js';

/**
 * Queues the mail that proves `email` is `userId`'s, in the caller's transaction (signUp,
 * resendVerificationEmail), so a sign-up that rolls back sends nothing. The deliverer signs the
 * link when it sends (mail-deliverer.ts): the token names this address, so a link mailed to an
 * address the account has since left proves nothing.
 */
export async function queueVerificationEmail(
  manager: EntityManager,
  userId: string,
  email: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO email_delivery (purpose, recipient_id, address, state) VALUES ($1, $2, $3, $4)`,
    [EmailPurpose.VERIFICATION, userId, email, EmailDeliveryState.PENDING],
  );
}
