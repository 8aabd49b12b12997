import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** RFC 3339 date-time with a zone: 2026-05-01T09:30:00Z, 2026-05-01T18:30:00.000+09:00. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

function parse(value: unknown): Date {
  const date = typeof value === 'string' && RFC3339.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(
      'DateTime must be an RFC 3339 date-time string with a time zone, e.g. 2026-05-01T09:30:00Z',
    );
  }
  return date;
}

/**
 * The contract's DateTime, strict on input: only an RFC 3339 string with a zone. (The default
 * scalar also takes numbers as epoch milliseconds and one-element lists, so `startsAt: 12`
 * would mean 1970.) Output is ISO 8601 in UTC with milliseconds.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format. Input must carry a time zone (Z or an offset).',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    return parse(value).toISOString();
  },
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parse(ast.value);
  },
});

/** For buildSchemaOptions: every `Date` field of the code-first models is this scalar. */
export const SCALARS_MAP = [{ type: Date, scalar: DateTimeScalar }];
