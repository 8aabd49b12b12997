import { english, text } from '../i18n/text.js';
import type { MessageKey } from '../i18n/translate.js';

/**
 * The contract's text rules (../shared/api/README.md, "Input rules"), in one place:
 * text is trimmed and NFC-normalised; control characters other than newline and tab are
 * refused; lengths count characters (code points), not UTF-16 units or bytes.
 */

// C0 and C1 control characters except \t (0x09) and \n (0x0A); \r is refused too, so that
// stored text has one kind of line break.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function normalizeText(value: string): string {
  return value.normalize('NFC').trim();
}

export function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Whether Postgres can take `value` exactly as the client sent it, whatever the field: UTF-8
 * cannot encode a lone surrogate (node-postgres would send U+FFFD in its place, so the value
 * stored or compared would not be the one sent), and Postgres text cannot hold NUL (the
 * statement fails). The floor under every string argument (malformed-text.ts), text rules or not.
 */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/**
 * A field problem's English words without the field's name, which validators put in front
 * ("title" + " must be text"): the catalogue's `field.*` sentence, read back into it (and so
 * into the reader's language) once the name is there again (text.ts in i18n).
 */
export function problemWords(key: MessageKey, params: Record<string, number> = {}): string {
  return english(text(key, { field: '', ...params })).trimStart();
}

/** Returns why `value` breaks the text rules, or null when it keeps them. */
export function textProblem(value: unknown, min: number, max: number): string | null {
  if (typeof value !== 'string') return problemWords('field.notText');
  if (!value.isWellFormed()) return problemWords('field.notWellFormed');
  if (FORBIDDEN_CONTROL.test(value)) return problemWords('field.controlCharacters');
  const n = characterCount(value);
  if (n < min) {
    return min === 1 ? problemWords('field.empty') : problemWords('field.tooShort', { min });
  }
  if (n > max) return problemWords('field.tooLong', { max });
  return null;
}

/**
 * An email as accounts store and compare it: NFC, trimmed, lower-cased. Sign-up, log-in, the
 * CLI and the log-in limits all use this one spelling.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
