import { registerDecorator, type ValidationArguments } from 'class-validator';
import { characterCount } from '../core/validation/text.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/**
 * The password rule of the contract README, in one place: 10-128 characters and not the
 * email. Used by signUp's input (so it is reported with the other bad fields) and by
 * UsersService.create (so the CLI and the seed obey it too).
 */
export function passwordProblem(password: unknown, email: unknown): string | null {
  if (typeof password !== 'string') return 'password must be text';
  const length = characterCount(password);
  if (length < PASSWORD_MIN) return `password must be at least ${PASSWORD_MIN} characters long`;
  if (length > PASSWORD_MAX) return `password must be at most ${PASSWORD_MAX} characters long`;
  if (!password.isWellFormed()) return 'password must be valid Unicode text';
  if (typeof email === 'string' && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return 'password must not be the email';
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
