import type { Locale } from '../core/i18n/locale.js';
import { translate, type MessageKey } from '../core/i18n/translate.js';
import { VERIFICATION_TOKEN_DAYS } from './mail-tokens.js';
import type { NotificationKind } from '../notifications/notification-kind.js';
import type { LinkTarget, MailLinks } from './mail-links.js';
import {
  kindLabel,
  renderMail,
  type MailItem,
  type MailLink,
  type RenderedMail,
} from './mail-templates.js';

/** A notification as a mail shows it: its sentence, already in the reader's language. */
export interface MailedNotification {
  kind: NotificationKind;
  text: string;
  target: LinkTarget;
}

/** Who a mail is for, as the templates need them. */
export interface MailReader {
  userId: string;
  displayName: string;
  locale: Locale;
}

const LINK_LABELS: Record<'proposal' | 'workshop' | 'notifications', MessageKey> = {
  proposal: 'mail.link.proposal',
  workshop: 'mail.link.workshop',
  notifications: 'mail.link.notifications',
};

/** A rendered mail with the headers it needs besides the usual ones. */
export interface ComposedMail extends RenderedMail {
  headers: Record<string, string>;
}

/**
 * The List-Unsubscribe headers of RFC 2369 and RFC 8058: a mail client shows an "unsubscribe"
 * button that POSTs to the address, with no log-in and no page to fill in.
 */
function unsubscribeHeaders(oneClickUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${oneClickUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function pageLink(links: MailLinks, locale: Locale, target: LinkTarget): MailLink {
  const page = links.page(target);
  return { label: translate(locale, LINK_LABELS[page.kind]), url: page.url };
}

/** One notification sent at once (EMAIL_NOW); its unsubscribe stops that kind. */
export function notificationMail(
  links: MailLinks,
  reader: MailReader,
  notification: MailedNotification,
): ComposedMail {
  const { locale, userId } = reader;
  const kind = kindLabel(locale, notification.kind);
  return {
    ...renderMail({
      subject: translate(locale, 'mail.subject.notification', { text: notification.text }),
      greeting: translate(locale, 'mail.greeting', { name: reader.displayName }),
      paragraphs: [notification.text],
      action: pageLink(links, locale, notification.target),
      footer: [translate(locale, 'mail.footer.why')],
      footerLinks: [
        {
          label: translate(locale, 'mail.footer.unsubscribeKind', { kind }),
          url: links.unsubscribePage(userId, notification.kind),
        },
        {
          label: translate(locale, 'mail.footer.unsubscribeAll'),
          url: links.unsubscribePage(userId, 'ALL'),
        },
      ],
    }),
    headers: unsubscribeHeaders(links.oneClickUnsubscribe(userId, notification.kind)),
  };
}

/**
 * One person's daily digest, grouped by kind (in the order of each kind's first notification).
 * The footer offers to stop each kind it holds, or all; the one-click header stops all, since
 * one mail carries several kinds.
 */
export function digestMail(
  links: MailLinks,
  reader: MailReader,
  digestDate: string,
  notifications: MailedNotification[],
): ComposedMail {
  const { locale, userId } = reader;
  const groups = new Map<NotificationKind, MailItem[]>();
  for (const n of notifications) {
    const items = groups.get(n.kind) ?? [];
    items.push({ text: n.text, link: pageLink(links, locale, n.target) });
    groups.set(n.kind, items);
  }
  const count = notifications.length;
  const date = new Intl.DateTimeFormat(locale, {
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${digestDate}T00:00:00Z`));
  return {
    ...renderMail({
      subject: translate(locale, 'mail.subject.digest', { count, date }),
      greeting: translate(locale, 'mail.greeting', { name: reader.displayName }),
      paragraphs: [translate(locale, 'mail.digest.intro', { count })],
      sections: [...groups].map(([kind, items]) => ({
        heading: translate(locale, 'mail.digest.group', {
          kind: kindLabel(locale, kind),
          count: items.length,
        }),
        items,
      })),
      footer: [translate(locale, 'mail.footer.why')],
      footerLinks: [
        ...[...groups.keys()].map((kind) => ({
          label: translate(locale, 'mail.footer.unsubscribeKind', {
            kind: kindLabel(locale, kind),
          }),
          url: links.unsubscribePage(userId, kind),
        })),
        {
          label: translate(locale, 'mail.footer.unsubscribeAll'),
          url: links.unsubscribePage(userId, 'ALL'),
        },
      ],
    }),
    headers: unsubscribeHeaders(links.oneClickUnsubscribe(userId, 'ALL')),
  };
}

/** The link that proves an address; no unsubscribe: it is the answer to the person's own act. */
export function verificationMail(
  links: MailLinks,
  reader: MailReader,
  address: string,
  now: Date,
): ComposedMail {
  const { locale } = reader;
  return {
    ...renderMail({
      subject: translate(locale, 'mail.subject.verification'),
      greeting: translate(locale, 'mail.greeting', { name: reader.displayName }),
      paragraphs: [
        translate(locale, 'mail.verification.intro'),
        translate(locale, 'mail.verification.expiry', { days: VERIFICATION_TOKEN_DAYS }),
      ],
      action: {
        label: translate(locale, 'mail.verification.link'),
        url: links.verifyPage(reader.userId, address, now),
      },
      footer: [translate(locale, 'mail.verification.ignore')],
      footerLinks: [],
    }),
    headers: {},
  };
}
