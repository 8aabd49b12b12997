import { CATALOGUES, isMessageKey, translate, type MessageKey } from './translate.js';
import type { PrimitiveType } from 'intl-messageformat';
import { Locale } from './locale.js';

/**
 * A message not yet rendered: its catalogue key and parameters. What code keeps (errors, field
 * problems) until it knows who reads it; rendered with `render` in the reader's language.
 * A parameter may itself be a Text (a problem inside "each value in ..."), rendered first in
 * the same language.
 */
export interface Text {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, TextParam>>;
}

export type TextParam = PrimitiveType | Text;

export function text(key: MessageKey, params?: Record<string, TextParam>): Text {
  return params ? { key, params } : { key };
}

export function isText(value: unknown): value is Text {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    Object.hasOwn(CATALOGUES[Locale.KO], (value as { key: string }).key)
  );
}

/** `message` in `locale`, its nested texts rendered first. */
export function render(locale: Locale, message: Text): string {
  const params: Record<string, PrimitiveType> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] = isText(value) ? render(locale, value) : value;
  }
  return translate(locale, message.key, params);
}

/**
 * How `locale` names the input field `name` (`fieldLabel.<name>`: "제목" for `title`), else
 * `name` itself. English names a field as the API does.
 */
export function fieldLabel(locale: Locale, name: string): string {
  const key = `fieldLabel.${name}`;
  return isMessageKey(key) ? translate(locale, key) : name;
}

/** A field problem whose `field` names the field as `locale` does (nested problems too). */
export function withFieldLabel(locale: Locale, problem: Text): Text {
  const params = { ...problem.params };
  if (typeof params.field === 'string') params.field = fieldLabel(locale, params.field);
  if (isText(params.problem)) params.problem = withFieldLabel(locale, params.problem);
  return { key: problem.key, params };
}

/** The English rendering: what logs, the CLI and `Error.message` carry. */
export function english(message: Text): string {
  return render(Locale.EN, message);
}

/**
 * Field problems as other libraries write them (class-validator's "{field} must not be greater
 * than {max}"), and as our own validators hand them to class-validator (whose messages are
 * strings), read back into a Text: each `field.*` and `validation.*` template of the English
 * catalogue becomes a pattern whose simple arguments capture what stood in their place. The
 * catalogue stays the one place a problem is worded; a message no template matches stays as it
 * is, in every language.
 */
export function fieldProblemText(message: string): Text | null {
  const each = EACH_VALUE.exec(message);
  if (each) {
    const inner = fieldProblemText(each[1]);
    return inner && text('validation.each', { problem: inner });
  }
  return readBack(message, FIELD_PROBLEMS);
}

/**
 * A sentence the system stored in English (a moderation note of an automatic hide), read back
 * into its `systemNote.*` text, or null when a person wrote it.
 */
export function systemNoteText(note: string): Text | null {
  return readBack(note, SYSTEM_NOTES);
}

/** class-validator's prefix for a rule applied to each value of a list (`each: true`). */
const EACH_VALUE = /^each value in (.+)$/s;

const FIELD_PROBLEMS = ['field.', 'validation.'];
const SYSTEM_NOTES = ['systemNote.'];

interface Pattern {
  key: MessageKey;
  pattern: RegExp;
  names: string[];
  literal: number;
}

const patterns = new Map<readonly string[], Pattern[]>();

/**
 * Our sentences are short, and patterns of lazy groups can take time on a long one: anything
 * longer is left as it is (it was not ours).
 */
const READ_BACK_MAX_CHARS = 1000;

function readBack(message: string, prefixes: readonly string[]): Text | null {
  if (message.length > READ_BACK_MAX_CHARS) return null;
  for (const { key, pattern, names } of patternsOf(prefixes)) {
    const match = pattern.exec(message);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = match[i + 1]));
    return text(key, params);
  }
  return null;
}

/**
 * The English templates of the keys under `prefixes` as patterns, the most specific first (most
 * literal characters), so that a general one never wins. Simple arguments only (the catalogue
 * spec holds these keys to that).
 */
function patternsOf(prefixes: readonly string[]): Pattern[] {
  const known = patterns.get(prefixes);
  if (known) return known;
  const built: Pattern[] = [];
  for (const [key, template] of Object.entries(CATALOGUES[Locale.EN]) as [MessageKey, string][]) {
    if (!prefixes.some((prefix) => key.startsWith(prefix)) || key === 'validation.each') continue;
    const names: string[] = [];
    let literal = 0;
    const source = template
      .split(/(\{[A-Za-z]+\})/)
      .map((part) => {
        const argument = /^\{([A-Za-z]+)\}$/.exec(part);
        if (argument) {
          names.push(argument[1]);
          return '(.+?)';
        }
        literal += part.length;
        // ICU's quoting doubles an apostrophe: the message reads one.
        return part.replaceAll("''", "'").replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    built.push({ key, pattern: new RegExp(`^${source}$`, 's'), names, literal });
  }
  built.sort((a, b) => b.literal - a.literal);
  patterns.set(prefixes, built);
  return built;
}
