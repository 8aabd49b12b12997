import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { AppError, type FieldError } from '../errors/app-error.js';
import { malformedTextErrors } from './malformed-text.js';

/** How many passed arguments ArgumentsValidationPipe keeps, and the longest it keeps. */
const PASSED_MAX = 2000;
const PASSED_KEY_MAX = 2048;

/** The JSON of a validated value, or undefined when it is too long to keep or not JSON. */
function validationKey(object: object): string | undefined {
  try {
    const key = JSON.stringify(object);
    return key !== undefined && key.length <= PASSED_KEY_MAX ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Flattens class-validator's tree into `{ field: 'phases.1.title', message }` entries. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * How a GraphQL `@Args()` parameter reaches pipes: Nest's PipesConsumer names parameter types
 * by the REST enum, and @nestjs/graphql's GqlParamtype.ARGS has RouteParamtypes.BODY's number,
 * so arguments arrive as 'body' while the context, info and parent arrive as 'custom' (and
 * must not be walked: the context holds the request). The REST routes (health, the calendar
 * file) take no body.
 */
const GRAPHQL_ARGUMENTS: ArgumentMetadata['type'] = 'body';

/**
 * Where an argument's field errors start: inside an input object (`@Args('input')`) or the
 * arguments of an @ArgsType (`@Args()`) the paths are relative to it, as class-validator
 * reports them (`title`, `filter.search`); a scalar or list argument (`@Args('slug')`,
 * `@Args('ids')`) is named itself.
 */
function rootPath(value: unknown, metadata: ArgumentMetadata): string {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject ? '' : (metadata.data ?? '');
}

/**
 * Validates every input DTO, reporting every bad field at once as BAD_USER_INPUT with
 * `extensions.fieldErrors` (Nest's default answers BAD_REQUEST with one generic message).
 *
 * Before that, every string of every GraphQL argument, DTO or not (a slug, an id, a cursor, a
 * refresh token, a password), is checked for what Postgres cannot take as sent: a lone surrogate
 * or NUL (isStorableText). Here, because every argument of every resolver (root fields, nested
 * fields such as `Proposal.comments(after:)`, subscriptions) passes through this global pipe, so
 * an argument added later is covered without a decorator; otherwise such text reached SQL as
 * U+FFFD (a lookup that silently matched nothing) or failed the statement (an internal error),
 * and threw in validators (isEmail on a lone surrogate). (logIn's credentials are read by a
 * guard, before pipes run: GqlCredentialsGuard applies the same check.)
 */
export class ArgumentsValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: false,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => AppError.badInput(toFieldErrors(errors)),
    });
  }

  /**
   * Arguments that passed as they were, by class and JSON: the same arguments pass again
   * without class-validator walking them (its rules are pure functions of the value), which was
   * a twentieth of a list page's CPU (npm run bench, issue 21), as clients send the same
   * variables over and over. Only what passed unchanged is kept (nothing stripped by
   * `whitelist`); bounded in entries and key length, and emptied when full, so a client
   * sending ever new arguments costs what validation costs, never unbounded memory.
   */
  private readonly passed = new Map<Function, Set<string>>();
  private passedCount = 0;

  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    const key = validationKey(object);
    if (key !== undefined && this.passed.get(object.constructor)?.has(key)) return [];
    return Promise.resolve(super.validate(object, options)).then((errors) => {
      if (errors.length === 0 && key !== undefined && validationKey(object) === key)
        this.remember(object.constructor, key);
      return errors;
    });
  }

  private remember(type: Function, key: string): void {
    if (this.passedCount >= PASSED_MAX) {
      this.passed.clear();
      this.passedCount = 0;
    }
    let keys = this.passed.get(type);
    if (!keys) this.passed.set(type, (keys = new Set()));
    if (!keys.has(key)) {
      keys.add(key);
      this.passedCount += 1;
    }
  }

  /**
   * Nest looks for binary values (socket.io attachments) nested in a DTO, walking class-validator's
   * metadata on every call (1.2% of a list page's CPU). GraphQL arguments are parsed from JSON
   * (HTTP and WebSocket alike, and there is no upload scalar): they never hold one.
   */
  protected override findNestedBinaryValues(): ValidationError[] {
    return [];
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== GRAPHQL_ARGUMENTS) return super.transform(value, metadata);
    const malformed = malformedTextErrors(value, rootPath(value, metadata));
    if (malformed.length === 0) return super.transform(value, metadata);
    // The other bad fields of the argument are reported with it, as the validation alone would.
    // Anything else the validators throw on such text is moot: the argument is refused anyway.
    const others = await super.transform(value, metadata).then(
      () => [],
      (error: unknown) => (error instanceof AppError ? error.problems : []),
    );
    const named = new Set(malformed.map((error) => error.field));
    throw AppError.badInput([...malformed, ...others.filter((error) => !named.has(error.field))]);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ArgumentsValidationPipe();
}
