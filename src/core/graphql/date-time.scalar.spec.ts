import { Kind } from 'graphql';
import { DateTimeScalar, parseDateTime } from './date-time.scalar.js';

describe('parseDateTime', () => {
  it.each([
    ['Z', '2026-05-01T09:30:00Z', '2026-05-01T09:30:00.000Z'],
    ['an offset', '2026-05-01T18:30:00.000+09:00', '2026-05-01T09:30:00.000Z'],
    [
      'lower-case t and z (RFC 3339 allows them)',
      '2026-05-01t09:30:00z',
      '2026-05-01T09:30:00.000Z',
    ],
    ['a leap day', '2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
    ['a leap day of a year divisible by 400', '2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['the first instant of year 1', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['the last millisecond of 9999', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['an offset that stays in 9999', '9999-12-31T23:59:59+09:00', '9999-12-31T14:59:59.000Z'],
    [
      'nanoseconds (kept to the millisecond)',
      '2026-05-01T09:30:00.123456789Z',
      '2026-05-01T09:30:00.123Z',
    ],
  ])('reads %s', (_label, text, iso) => {
    expect(parseDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['February 30th', '2026-02-30T10:00:00Z'],
    ['February 29th of a common year', '2027-02-29T10:00:00Z'],
    ['February 29th of 1900 (divisible by 100)', '1900-02-29T10:00:00Z'],
    ['April 31st', '2026-04-31T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['month 0', '2026-00-10T10:00:00Z'],
    ['day 0', '2026-06-00T10:00:00Z'],
    ['24:00', '2026-06-01T24:00:00Z'],
    ['minute 60', '2026-06-01T10:60:00Z'],
    ['a leap second', '2026-06-30T23:59:60Z'],
    ['an offset of 24 hours', '2026-06-01T10:00:00+24:00'],
    ['an offset minute of 60', '2026-06-01T10:00:00+09:60'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 0 at UTC through an offset', '0001-01-01T00:00:00+01:00'],
    ['year 10000 at UTC through an offset', '9999-12-31T23:00:00-05:00'],
    ['a six-digit year', '+010000-01-01T00:00:00Z'],
    ['no zone', '2026-05-01T09:30:00'],
    ['a date alone', '2026-05-01'],
    ['a space for T', '2026-05-01 09:30:00Z'],
    ['epoch milliseconds as text', '1777627800000'],
    ['a trailing character', '2026-05-01T09:30:00Zx'],
  ])('refuses %s', (_label, text) => {
    expect(parseDateTime(text)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const value of [1_777_627_800_000, null, undefined, new Date(), ['2026-05-01T09:30:00Z']])
      expect(parseDateTime(value)).toBeNull();
  });
});

describe('the DateTime scalar', () => {
  it('parses variables and literals through parseDateTime', () => {
    expect(DateTimeScalar.parseValue('2026-05-01T09:30:00Z')).toEqual(
      new Date(Date.UTC(2026, 4, 1, 9, 30)),
    );
    expect(() => DateTimeScalar.parseValue('2026-02-30T10:00:00Z')).toThrow(/real date/);
    expect(() =>
      DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '0000-01-01T00:00:00Z' }, {}),
    ).toThrow(/years 1-9999/);
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '12' }, {})).toThrow(
      'DateTime must be a string',
    );
  });

  it('serialises dates as ISO 8601 at UTC with milliseconds', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 4, 1, 9, 30)))).toBe(
      '2026-05-01T09:30:00.000Z',
    );
  });
});

describe('DateTime output', () => {
  it('hands over a string already spelt as toISOString spells it, and respells any other instant', () => {
    expect(DateTimeScalar.serialize('2026-03-01T09:30:00.123Z')).toBe('2026-03-01T09:30:00.123Z');
    expect(DateTimeScalar.serialize('2026-03-01T18:30:00+09:00')).toBe('2026-03-01T09:30:00.000Z');
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 2, 1)))).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(() => DateTimeScalar.serialize('2026-03-01 09:30')).toThrow('DateTime must be');
  });
});
