import type { FieldError } from '../errors/app-error.js';
import { english, text } from '../i18n/text.js';
import { isStorableText } from './text.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Every string in `value` (an argument as GraphQL coerced it: strings, lists, input objects)
 * that Postgres could not take as sent (isStorableText), as field errors. Paths follow the
 * validation pipe's: `phases.1.title` in an input object of a list; a string inside a list of
 * strings names the list (`topicIds`), as class-validator's `each` does. Other values (numbers,
 * dates, booleans) are left alone.
 */
export function malformedTextErrors(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return isStorableText(value)
      ? []
      : [{ field: path, message: english(text('field.malformed', { field: path })) }];
  }
  if (Array.isArray(value)) {
    const inList = value.flatMap((item, i) =>
      malformedTextErrors(item, isPlainObject(item) ? join(path, i) : path),
    );
    // One error per list of strings, however many of its strings are malformed.
    return inList.filter((error, i) => inList.findIndex((e) => e.field === error.field) === i);
  }
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, inner]) =>
      malformedTextErrors(inner, join(path, key)),
    );
  }
  return [];
}
