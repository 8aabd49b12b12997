import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** RFC 3339 date-time with a zone: 2026-05-01T09:30:00Z, 2026-05-01T18:30:00.000+09:00. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/** How toISOString writes an instant of years 1-9999: what the scalar answers. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The years a DateTime may fall in, at UTC: the four-digit years of RFC 3339, year 0 aside. */
export const FIRST_YEAR = 1;
export const LAST_YEAR = 9999;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * The instant an RFC 3339 date-time names, or null when it names none. JavaScript's Date rolls
 * an impossible date over (2026-02-30 becomes March 2, 24:00 the next day) where Postgres
 * refuses it, so each field is checked against the calendar first. Year 0 and years past 9999
 * at UTC are refused too: Postgres reads year 0 as out of range, node-postgres would write it as
 * 1 BC, and toISOString spells years past 9999 as +010000, which is no RFC 3339 date a client
 * could read back. The scalar and the cursors of timestamps (relay/paginate.ts) both use this.
 */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = RFC3339.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return null;
  // No leap seconds (a Date has none) and no 24:00 (which Date would read as the next day).
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  if (offsetHour! > 23 || offsetMinute! > 59) return null;
  const date = new Date(value.toUpperCase());
  if (Number.isNaN(date.getTime())) return null;
  const utcYear = date.getUTCFullYear();
  return utcYear >= FIRST_YEAR && utcYear <= LAST_YEAR ? date : null;
}

function parse(value: unknown): Date {
  const date = parseDateTime(value);
  if (!date) {
    throw new GraphQLError(
      `DateTime must be an RFC 3339 date-time string with a time zone, e.g. 2026-05-01T09:30:00Z, naming a real date in the years ${FIRST_YEAR}-${LAST_YEAR}`,
    );
  }
  return date;
}

/**
 * The contract's DateTime, strict on input: only an RFC 3339 string with a zone that names a
 * real instant in years 1-9999 (parseDateTime). (The default scalar also takes numbers as epoch
 * milliseconds and one-element lists, so `startsAt: 12` would mean 1970.) Checked here, where
 * every DateTime argument and input field passes, so a date field added later is covered too.
 * Output is ISO 8601 in UTC with milliseconds.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format. Input must carry a time zone (Z or an offset).',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    // Already in the spelling toISOString gives (a planned statement's, planning/): as it is.
    if (typeof value === 'string' && CANONICAL.test(value)) return value;
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
