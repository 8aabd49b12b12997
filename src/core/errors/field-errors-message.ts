import type { FieldError } from './app-error.js';

/**
 * The message of a BAD_USER_INPUT error: the first bad field and its problem, and how many
 * other fields are wrong, e.g. "title must be at least 3 characters long (and 2 more fields)".
 * A client that shows only `message` still tells its user what to fix; `fieldErrors` names
 * every field, for forms.
 */
export function describeFieldErrors(fieldErrors: readonly FieldError[]): string {
  const [first] = fieldErrors;
  if (!first) return 'The input is not valid.';
  const others = new Set(fieldErrors.map((error) => error.field));
  others.delete(first.field);
  const more = others.size ? ` (and ${others.size} more field${others.size === 1 ? '' : 's'})` : '';
  return `${namedProblem(first)}${more}`;
}

/**
 * The problem, named by the field's whole path. Validators name the property alone
 * ("title must ..."), which inside a list is ambiguous: `phases.1.title` says which one.
 */
function namedProblem({ field, message }: FieldError): string {
  if (!field || message.startsWith(`${field} `)) return message;
  const property = field.slice(field.lastIndexOf('.') + 1);
  if (message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  return `${field}: ${message}`;
}
