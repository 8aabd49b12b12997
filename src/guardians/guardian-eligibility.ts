import { cityYear, yearAge } from '../budgets/eligibility.js';
import { AppError } from '../core/errors/app-error.js';
import { ErrorCode } from '../core/errors/error-codes.js';
import { text } from '../core/i18n/text.js';

/**
 * Who may add a child, which birth years a child may have, and which children a workshop
 * takes: the age rules of issue 19, pure (the caller passes the app clock's `now`), counted as
 * budgets count them (budgets/eligibility.ts): by year, in Seoul, since only birth years are
 * held (연 나이).
 */

/** 민법 제4조: of age at 19. Counted by year, so from 1 January of the year one turns 19. */
export const ADULT_AGE = 19;

/** Why a user may not add a child; clients read it in `extensions.reason` of the FORBIDDEN error. */
export enum GuardianRefusal {
  /** Younger than ADULT_AGE this year. */
  NOT_ADULT = 'NOT_ADULT',
  /** No birth year given yet (setBirthYear), so adulthood cannot be known. */
  AGE_UNKNOWN = 'AGE_UNKNOWN',
}

/** Why a child may not be registered for a workshop, in `extensions.reason` of FORBIDDEN. */
export enum ChildAgeRefusal {
  TOO_YOUNG = 'TOO_YOUNG',
  TOO_OLD = 'TOO_OLD',
}

export function guardianRefusal(birthYear: number | null, now: Date): GuardianRefusal | null {
  if (birthYear === null) return GuardianRefusal.AGE_UNKNOWN;
  return yearAge(birthYear, now) < ADULT_AGE ? GuardianRefusal.NOT_ADULT : null;
}

/** FORBIDDEN, with the reason, unless a user born in `birthYear` is an adult at `now`. */
export function assertAdult(birthYear: number | null, now: Date): void {
  const reason = guardianRefusal(birthYear, now);
  if (reason === null) return;
  throw new AppError(ErrorCode.FORBIDDEN, `error.forbidden.guardian.${reason}`, { reason });
}

/**
 * The birth years a child (a minor: younger than ADULT_AGE this year) may have at `now`: from
 * 18 years ago to this year, both included; never in the future.
 */
export function minorBirthYears(now: Date): { earliest: number; latest: number } {
  const latest = cityYear(now);
  return { earliest: latest - (ADULT_AGE - 1), latest };
}

/** BAD_USER_INPUT on `field` unless `year` is a minor's birth year at `now`. */
export function assertMinorBirthYear(field: string, year: number, now: Date): void {
  const { earliest, latest } = minorBirthYears(now);
  if (!Number.isSafeInteger(year) || year < earliest || year > latest) {
    throw AppError.badField(field, 'field.birthYearOfMinor', { earliest, latest });
  }
}

/** The ages a workshop takes children of; null ends are open. */
export interface ChildAgeRange {
  startsAt: Date;
  minimumAge: number | null;
  maximumAge: number | null;
}

/**
 * A child's age at a workshop: the year the workshop starts in (in Seoul) minus the birth
 * year, so a child born in 2019 is 7 at any workshop of 2026, whatever the month.
 */
export function childAgeAt(birthYear: number, workshop: { startsAt: Date }): number {
  return yearAge(birthYear, workshop.startsAt);
}

export function childAgeRefusal(
  birthYear: number,
  workshop: ChildAgeRange,
): ChildAgeRefusal | null {
  const age = childAgeAt(birthYear, workshop);
  if (workshop.minimumAge !== null && age < workshop.minimumAge) return ChildAgeRefusal.TOO_YOUNG;
  if (workshop.maximumAge !== null && age > workshop.maximumAge) return ChildAgeRefusal.TOO_OLD;
  return null;
}

/** FORBIDDEN, with the reason and the limit in the message, unless the workshop takes the child. */
export function assertChildAge(birthYear: number, workshop: ChildAgeRange): void {
  const reason = childAgeRefusal(birthYear, workshop);
  if (reason === null) return;
  throw new AppError(
    ErrorCode.FORBIDDEN,
    text(`error.forbidden.childAge.${reason}`, {
      minimumAge: workshop.minimumAge ?? 0,
      maximumAge: workshop.maximumAge ?? 0,
    }),
    { reason },
  );
}
