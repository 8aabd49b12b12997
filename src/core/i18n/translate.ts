import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { en } from './catalogues/en.js';
import { ko, type MessageKey } from './catalogues/ko.js';
import { Locale } from './locale.js';

export type { MessageKey } from './catalogues/ko.js';

/** The message catalogues, one per locale; en.ts is typed to hold exactly ko.ts's keys. */
export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  [Locale.KO]: ko,
  [Locale.EN]: en,
};

export type MessageParams = Record<string, PrimitiveType>;

/**
 * Compiled messages, one per locale and key: bounded by the catalogues' size, whatever clients
 * send (keys come from code, never from requests).
 */
const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[locale][key], locale, undefined, {
      ignoreTag: true,
    });
    compiled.set(id, format);
  }
  return format;
}

/**
 * A message of the catalogue in `locale`, with ICU plurals and selects ("댓글 {count}개",
 * "{count, plural, one {# comment} other {# comments}}"). Parameters are data (titles, names):
 * they are inserted as they are, never read as message syntax.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const result = formatter(locale, key).format(params);
  return Array.isArray(result) ? result.join('') : String(result);
}

/** Whether `key` names a message (for keys read back from the database). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ko, key);
}
