import { isMessageKey, translate } from '../core/i18n/translate.js';
import type { Locale } from '../core/i18n/locale.js';
import { NotificationActorKind } from './notification-kind.js';
import type { NotificationEntity } from './notification.entity.js';

/** Parameters every notification message may name; absent ones read as empty. */
const BLANK = { title: '', to: '', department: '', actor: '' };

/**
 * A notification's sentence in `locale`, from its catalogue key and the parameters stored when
 * it happened. The actor is named as the reader should see them: a moderator as "관리자" /
 * "A moderator", never by name. Rows written before messages were catalogued keep their stored
 * English sentence.
 */
export function notificationText(
  locale: Locale,
  notification: Pick<NotificationEntity, 'messageKey' | 'params' | 'actorKind' | 'message'>,
): string {
  const key = notification.messageKey;
  if (key === null || !isMessageKey(key)) return notification.message ?? '';
  const params: Record<string, string | number> = { ...BLANK, ...notification.params };
  if (notification.actorKind === NotificationActorKind.MODERATOR)
    params.actor = translate(locale, 'notification.actor.moderator');
  else if (notification.actorKind === NotificationActorKind.SYSTEM)
    params.actor = translate(locale, 'notification.actor.system');
  try {
    return translate(locale, key, params);
  } catch {
    // A stored parameter the message cannot read (a bug of ours, never a reader's doing):
    // the page of notifications still renders.
    return notification.message ?? translate(locale, 'notification.actor.system');
  }
}
