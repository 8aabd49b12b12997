import { AppError } from '../core/errors/app-error.js';
import {
  ADULT_AGE,
  assertAdult,
  assertChildAge,
  assertMinorBirthYear,
  ChildAgeRefusal,
  childAgeAt,
  childAgeRefusal,
  GuardianRefusal,
  guardianRefusal,
  minorBirthYears,
} from './guardian-eligibility.js';

/** Mid-2026 in Seoul, far from any year's edge. */
const MID_2026 = new Date('2026-06-15T03:00:00Z');
/** 1 January 2027 00:00 in Seoul, still 31 December 2026 in UTC. */
const NEW_YEAR_SEOUL = new Date('2026-12-31T15:00:00Z');

function errorOf(fn: () => void): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('guardianRefusal: an adult is 19 or more this year, counted by birth year', () => {
  it.each([
    [2026 - ADULT_AGE, null],
    [1950, null],
    [2026 - ADULT_AGE + 1, GuardianRefusal.NOT_ADULT],
    [2020, GuardianRefusal.NOT_ADULT],
    [null, GuardianRefusal.AGE_UNKNOWN],
  ])('born in %p: %p', (birthYear, refusal) => {
    expect(guardianRefusal(birthYear, MID_2026)).toBe(refusal);
  });

  it('turns on 1 January in Seoul', () => {
    expect(guardianRefusal(2008, MID_2026)).toBe(GuardianRefusal.NOT_ADULT);
    expect(guardianRefusal(2008, NEW_YEAR_SEOUL)).toBeNull();
  });

  it('assertAdult: FORBIDDEN with extensions.reason', () => {
    const error = errorOf(() => assertAdult(2010, MID_2026));
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ADULT' });
    expect(errorOf(() => assertAdult(null, MID_2026)).extensions.reason).toBe('AGE_UNKNOWN');
    expect(() => assertAdult(1990, MID_2026)).not.toThrow();
  });
});

describe("a child's birth year", () => {
  it('is a minor: from 18 years ago to this year in Seoul', () => {
    expect(minorBirthYears(MID_2026)).toEqual({ earliest: 2008, latest: 2026 });
    expect(minorBirthYears(NEW_YEAR_SEOUL)).toEqual({ earliest: 2009, latest: 2027 });
  });

  it.each([2008, 2026, 2017])('%i is taken', (year) => {
    expect(() => assertMinorBirthYear('birthYear', year, MID_2026)).not.toThrow();
  });

  it.each([2007, 2027, 1900, Number.MAX_SAFE_INTEGER + 2, 2020.5])(
    '%p is BAD_USER_INPUT on the field',
    (year) => {
      const error = errorOf(() => assertMinorBirthYear('birthYear', year, MID_2026));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fieldErrors).toEqual([
        expect.objectContaining({ field: 'birthYear' }),
      ]);
    },
  );
});

describe("a child's age at a workshop", () => {
  const camp = (startsAt: string, minimumAge: number | null, maximumAge: number | null) => ({
    startsAt: new Date(startsAt),
    minimumAge,
    maximumAge,
  });

  it("is the workshop's year in Seoul minus the birth year", () => {
    expect(childAgeAt(2019, { startsAt: MID_2026 })).toBe(7);
    expect(childAgeAt(2019, { startsAt: NEW_YEAR_SEOUL })).toBe(8);
  });

  it.each([
    [2019, null], // 7: the minimum, allowed
    [2020, ChildAgeRefusal.TOO_YOUNG], // 6
    [2014, null], // 12: the maximum, allowed
    [2013, ChildAgeRefusal.TOO_OLD], // 13
  ])('born in %i at a 7-12 camp of 2026: %p', (birthYear, refusal) => {
    expect(childAgeRefusal(birthYear, camp('2026-07-01T01:00:00Z', 7, 12))).toBe(refusal);
  });

  it('open ends take every age on that side', () => {
    expect(childAgeRefusal(2026, camp('2026-07-01T01:00:00Z', null, 12))).toBeNull();
    expect(childAgeRefusal(2008, camp('2026-07-01T01:00:00Z', 7, null))).toBeNull();
    expect(childAgeRefusal(2008, camp('2026-07-01T01:00:00Z', null, null))).toBeNull();
  });

  it('assertChildAge: FORBIDDEN, the reason in extensions, the limit in the message', () => {
    const young = errorOf(() => assertChildAge(2021, camp('2026-07-01T01:00:00Z', 7, 12)));
    expect(young.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TOO_YOUNG' });
    expect(young.message).toContain('7');
    const old = errorOf(() => assertChildAge(2010, camp('2026-07-01T01:00:00Z', 7, 12)));
    expect(old.extensions.reason).toBe('TOO_OLD');
    expect(old.message).toContain('12');
  });
});
