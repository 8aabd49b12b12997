import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { displayNameProblem } from './display-name.js';
import { normalizeText, textProblem } from './text.js';
import { decodeGlobalId, parseGlobalId } from '../graphql/relay/global-id.js';
import { english, text, type Text } from '../i18n/text.js';

/**
 * A text field under the contract's text rules: normalised on the way in, then checked.
 * Null and undefined are left alone (combine with @IsOptional or a required GraphQL type).
 */
export function IsText(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return normalizedText('isText', (value) => textProblem(value, min, max), options);
}

/**
 * A display name: normalised like any text, then checked by the display-name rule
 * (display-name.ts). Every input that sets a display name uses it.
 */
export function IsDisplayName(options?: ValidationOptions): PropertyDecorator {
  return normalizedText('isDisplayName', displayNameProblem, options);
}

/** Text normalised on the way in (trim, NFC), then refused with what `problemOf` says of it. */
function normalizedText(
  name: string,
  problemOf: (value: unknown) => string | null,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyKey) => {
    Transform(({ value }) => (typeof value === 'string' ? normalizeText(value) : value))(
      target,
      propertyKey,
    );
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: {
        validate: (value) => problemOf(value) === null,
        defaultMessage: (args) => `${args?.property} ${problemOf(args?.value)}`,
      },
    });
  };
}

/** A URL-safe identifier chosen by an admin: lower-case letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function IsSlug(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))(
      target,
      propertyKey,
    );
    registerDecorator({
      name: 'isSlug',
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: {
        validate: (value) =>
          typeof value === 'string' &&
          value.length >= 2 &&
          value.length <= 60 &&
          SLUG_PATTERN.test(value),
        defaultMessage: (args) => english(text('field.slug', { field: args?.property ?? '' })),
      },
    });
  };
}

/**
 * An opaque global ID that must name an object of `type`. The property is decoded in place to
 * the database id, so services never see global IDs; an ID of another type or junk fails
 * validation with BAD_USER_INPUT instead of reaching the database.
 */
export function IsGlobalIdOf(type: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    Transform(({ value }) => decodeOrMark(value, type))(target, propertyKey);
    registerDecorator({
      name: 'isGlobalIdOf',
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: {
        validate: (value) =>
          Array.isArray(value)
            ? value.every((v) => !(v instanceof InvalidId))
            : !(value instanceof InvalidId),
        defaultMessage: (args) =>
          english(
            text(options?.each ? 'field.idsOf' : 'field.idOf', {
              field: args?.property ?? '',
              type,
            }),
          ),
      },
    });
  };
}

class InvalidId {}

function decodeOrMark(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => decodeOrMark(v, type));
  return (typeof value === 'string' && decodeGlobalId(value, type)) || new InvalidId();
}

/** A decoded global ID whose type was one of several allowed. */
export interface GlobalRef<T extends string = string> {
  type: T;
  id: string;
}

class NotAGlobalRef {}

/**
 * A global ID of one of `types` (of any type when `types` is omitted), decoded in place to
 * `{ type, id }`; junk or another type fails validation with BAD_USER_INPUT.
 */
export function IsGlobalRef(types?: readonly string[]): PropertyDecorator {
  return (target, propertyKey) => {
    Transform(({ value }) => {
      if (value === null || value === undefined) return value;
      const decoded = parseGlobalId(value);
      return decoded && (!types || types.includes(decoded.type)) ? decoded : new NotAGlobalRef();
    })(target, propertyKey);
    registerDecorator({
      name: 'isGlobalRef',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value) => !(value instanceof NotAGlobalRef),
        defaultMessage: (args) => english(idOfOneOf(args?.property ?? '', types)),
      },
    });
  };
}

/** "must be an id", "... of a Proposal", "... of a Proposal or a Comment". */
function idOfOneOf(field: string, types?: readonly string[]): Text {
  if (!types?.length) return text('field.anId', { field });
  if (types.length === 1) return text('field.idOf', { field, type: types[0] });
  if (types.length === 2)
    return text('field.idOfEither', { field, first: types[0], second: types[1] });
  // More kinds than the catalogue names one by one: listed in the last place.
  return text('field.idOfEither', {
    field,
    first: types.slice(0, -1).join(', '),
    second: types.at(-1)!,
  });
}
