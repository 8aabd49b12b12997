import { Injectable } from '@nestjs/common';
import { Environment } from '../core/config/environment.js';
import { toGlobalId } from '../core/graphql/relay/global-id.js';
import type { NotificationKind } from '../notifications/notification-kind.js';
import { MailTokens, VERIFICATION_TOKEN_DAYS } from './mail-tokens.js';

const DAY_MS = 86_400_000;

/** What a notification is about, as far as a page of the front end shows it. */
export interface LinkTarget {
  proposalId: string | null;
  workshopId: string | null;
}

/**
 * The addresses mails link to, on the public front end (PUBLIC_WEB_URL) and, for the one-click
 * unsubscribe that mail clients POST to (RFC 8058), on this API (PUBLIC_API_URL); and the
 * signed tokens they carry (mail-tokens.ts), so a person acts on a mail without logging in.
 */
@Injectable()
export class MailLinks {
  readonly tokens: MailTokens;
  private readonly web: string;
  private readonly api: string;

  constructor(env: Environment) {
    // ensureLocalJwtSecret fills it in outside production; production refuses to start without.
    if (!env.JWT_SECRET) throw new Error('JWT_SECRET is required to sign the links of mails');
    this.tokens = new MailTokens(env.JWT_SECRET);
    this.web = env.PUBLIC_WEB_URL.replace(/\/+$/, '');
    this.api = env.PUBLIC_API_URL.replace(/\/+$/, '');
  }

  /** The page of what a notification is about: its proposal, its workshop, else the inbox. */
  page(target: LinkTarget): { kind: 'proposal' | 'workshop' | 'notifications'; url: string } {
    if (target.proposalId)
      return {
        kind: 'proposal',
        url: `${this.web}/proposals/${toGlobalId('Proposal', target.proposalId)}`,
      };
    if (target.workshopId)
      return {
        kind: 'workshop',
        url: `${this.web}/workshops/${toGlobalId('Workshop', target.workshopId)}`,
      };
    return { kind: 'notifications', url: `${this.web}/notifications` };
  }

  /** The footer's link: the front end's page, which calls `unsubscribe(token)`. */
  unsubscribePage(userId: string, kind: NotificationKind | 'ALL'): string {
    return `${this.web}/unsubscribe?token=${this.unsubscribeToken(userId, kind)}`;
  }

  /** The List-Unsubscribe header's address: POST /mail/unsubscribe on this API. */
  oneClickUnsubscribe(userId: string, kind: NotificationKind | 'ALL'): string {
    return `${this.api}/mail/unsubscribe?token=${this.unsubscribeToken(userId, kind)}`;
  }

  /** The link that proves `email` is `userId`'s, valid VERIFICATION_TOKEN_DAYS from `now`. */
  verifyPage(userId: string, email: string, now: Date): string {
    const token = this.tokens.sign({
      purpose: 'verify',
      userId,
      email,
      expiresAt: new Date(now.getTime() + VERIFICATION_TOKEN_DAYS * DAY_MS),
    });
    return `${this.web}/verify-email?token=${token}`;
  }

  private unsubscribeToken(userId: string, kind: NotificationKind | 'ALL'): string {
    // base64url and ".": nothing to escape in a query string.
    return this.tokens.sign({ purpose: 'unsubscribe', userId, kind });
  }
}
