import { registerDecorator, type ValidationArguments } from 'class-validator';
import { english, text } from '../core/i18n/text.js';
import type { MessageKey } from '../core/i18n/translate.js';
import { characterCount } from '../core/validation/text.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** The sentence of a password problem, in English (class-validator takes strings; read back). */
function problem(key: MessageKey, params: Record<string, number> = {}): string {
  return english(text(key, { field: 'password', ...params }));
}

/**
 * The password rule of the contract README, in one place: 10-128 characters and not the
 * email. Used by signUp's input (so it is reported with the other bad fields) and by
 * UsersService.create (so the CLI and the seed obey it too).
 */
export function passwordProblem(password: unknown, email: unknown): string | null {
  if (typeof password !== 'string') return problem('field.notText');
  const length = characterCount(password);
  if (length < PASSWORD_MIN) return problem('field.tooShort', { min: PASSWORD_MIN });
  if (length > PASSWORD_MAX) return problem('field.tooLong', { max: PASSWORD_MAX });
  if (!password.isWellFormed()) return problem('field.notWellFormed');
  if (typeof email === 'string' && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return problem('field.passwordIsEmail');
  }
  return null;
}

function emailOf(args?: ValidationArguments): unknown {
  const input = args?.object as { email?: unknown } | undefined;
  return input?.email;
}

/** Validates a password property against the `email` property of the same input. */
export function IsAcceptablePassword(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          passwordProblem(value, emailOf(args)) === null,
        defaultMessage: (args?: ValidationArguments) =>
          passwordProblem(args?.value, emailOf(args)) ?? '',
      },
    });
}
