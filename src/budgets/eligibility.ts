import { AppError } from '../core/errors/app-error.js';
import { ErrorCode } from '../core/errors/error-codes.js';
import { text } from '../core/i18n/text.js';

/**
 * Who may vote: the one place the age and residency rules of budgets and polls are written
 * (issue 18, "Eligibility"). Pure: the caller reads the voter's facts and the vote's rules and
 * passes the app clock's `now`, so the rules are tested without a database.
 */

/** Why a voter may not vote; clients read it in `extensions.reason` of the FORBIDDEN error. */
export enum IneligibleReason {
  /** Younger than the minimum age this year. */
  TOO_YOUNG = 'TOO_YOUNG',
  /** The vote has a minimum age and the voter never gave a birth year (setBirthYear). */
  AGE_UNKNOWN = 'AGE_UNKNOWN',
  /** The vote needs a verified residency and the voter has none (verifyResidency). */
  NOT_VERIFIED = 'NOT_VERIFIED',
  /** The budget has only district pots, and none for the district the voter lives in. */
  OTHER_DISTRICT = 'OTHER_DISTRICT',
}

/** What eligibility reads of a voter (UserEntity has both, under these names). */
export interface VoterFacts {
  birthYear: number | null;
  /** The district of a verified residency; null while UNVERIFIED. */
  residencyDistrictId: string | null;
}

export interface EligibilityRules {
  /** null: no age rule. */
  minimumAge: number | null;
  requiresVerifiedResidency: boolean;
  /** District pots of the budget; [] when it has none. Polls pass []. */
  districtIds: readonly string[];
  /** Whether the budget has a city-wide pot (polls: true). */
  hasCityWidePot: boolean;
}

/** The city's own zone: a year of age turns on 1 January there, whatever the server's zone. */
const CITY_TIME_ZONE = 'Asia/Seoul';

const yearFormat = new Intl.DateTimeFormat('en-US', { timeZone: CITY_TIME_ZONE, year: 'numeric' });

/** The calendar year `now` falls in, in Seoul (31 Dec 15:00 UTC is already 1 January there). */
export function cityYear(now: Date): number {
  return Number(yearFormat.format(now));
}

/**
 * The voter's age under the Korean "연 나이" (the year's age): this year in Seoul minus the
 * birth year. Only the birth year is known (the city stores no more of an ID than it needs), so
 * the age in completed years (만 나이) cannot be known before the birthday; the year's age is
 * what Korean law itself counts where only the year matters (청소년 보호법, 병역법), and it turns
 * for everyone born in one year on the same day, 1 January in Seoul. So a voter is admitted
 * from 1 January of the year they turn minimumAge, up to a year before their 만 나이 reaches it.
 */
export function yearAge(birthYear: number, now: Date): number {
  return cityYear(now) - birthYear;
}

/**
 * Why `voter` may not vote under `rules` at `now`, or null when they may. When several reasons
 * hold, the one reported is the first of: TOO_YOUNG (nothing the voter can do changes it),
 * AGE_UNKNOWN, NOT_VERIFIED, OTHER_DISTRICT (each fixed by the step before the next).
 *
 * A budget without a city-wide pot spends all its money on districts, so only a resident of one
 * of them may vote, whatever requiresVerifiedResidency says: a voter with no verified district
 * is NOT_VERIFIED there, one verified elsewhere OTHER_DISTRICT (also when the budget has no pot
 * at all: there is nothing anyone may vote for).
 */
export function ineligibility(
  voter: VoterFacts,
  rules: EligibilityRules,
  now: Date,
): IneligibleReason | null {
  if (rules.minimumAge !== null) {
    if (voter.birthYear === null) return IneligibleReason.AGE_UNKNOWN;
    if (yearAge(voter.birthYear, now) < rules.minimumAge) return IneligibleReason.TOO_YOUNG;
  }
  const needsDistrict = !rules.hasCityWidePot;
  if ((rules.requiresVerifiedResidency || needsDistrict) && voter.residencyDistrictId === null) {
    return IneligibleReason.NOT_VERIFIED;
  }
  if (needsDistrict && !rules.districtIds.includes(voter.residencyDistrictId!)) {
    return IneligibleReason.OTHER_DISTRICT;
  }
  return null;
}

/**
 * Throws FORBIDDEN when `voter` may not vote: `extensions.reason` is the IneligibleReason, the
 * message says what the voter can do about it in their language.
 */
export function assertEligible(voter: VoterFacts, rules: EligibilityRules, now: Date): void {
  const reason = ineligibility(voter, rules, now);
  if (reason === null) return;
  throw new AppError(
    ErrorCode.FORBIDDEN,
    text(`error.forbidden.ineligible.${reason}`, { minimumAge: rules.minimumAge ?? 0 }),
    { reason },
  );
}
