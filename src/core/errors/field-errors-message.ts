import { fieldLabel } from '../i18n/text.js';
import { translate } from '../i18n/translate.js';
import { Locale } from '../i18n/locale.js';
import type { FieldError } from './app-error.js';

/**
 * The message of a BAD_USER_INPUT error: the first bad field and its problem, and how many
 * other fields are wrong, e.g. "title must be at least 3 characters long (and 2 more fields)".
 * A client that shows only `message` still tells its user what to fix; `fieldErrors` names
 * every field, for forms. `fieldErrors` are already in `locale`.
 */
export function describeFieldErrors(
  fieldErrors: readonly FieldError[],
  locale: Locale = Locale.EN,
): string {
  const [first] = fieldErrors;
  if (!first) return translate(locale, 'error.input.invalid');
  const others = new Set(fieldErrors.map((error) => error.field));
  others.delete(first.field);
  const problem = namedProblem(first, locale);
  return others.size
    ? translate(locale, 'error.input.moreFields', { problem, count: others.size })
    : problem;
}

/**
 * The problem, named by the field's whole path. Validators name the property alone
 * ("title must ..."), which inside a list is ambiguous: `phases.1.title` says which one.
 * (Every language's field problems start with the field's name where they name it.)
 */
function namedProblem({ field, message }: FieldError, locale: Locale): string {
  if (!field || message.startsWith(`${field} `)) return message;
  const property = field.slice(field.lastIndexOf('.') + 1);
  if (message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  // A top-level field named as the reader's language names it ("제목 항목은 ...") is named.
  if (field === property && message.startsWith(`${fieldLabel(locale, field)} `)) return message;
  return translate(locale, 'error.input.atField', { field, problem: message });
}
