import { AppError } from '../core/errors/app-error.js';
import { cityYear } from '../budgets/eligibility.js';

/** The earliest birth year taken (the column's check allows no earlier one). */
export const EARLIEST_BIRTH_YEAR = 1900;

/**
 * Refuses a birth year outside 1900..this year (this year in Seoul, the calendar ages are
 * counted in: a baby born on 1 January in Seoul is already of its year there). `field` names
 * the input field for the client's fieldErrors.
 */
export function assertBirthYear(field: string, year: number, now: Date): void {
  if (!Number.isSafeInteger(year)) throw AppError.badField(field, 'validation.isInt');
  if (year < EARLIEST_BIRTH_YEAR) {
    throw AppError.badField(field, 'validation.min', { min: EARLIEST_BIRTH_YEAR });
  }
  const latest = cityYear(now);
  if (year > latest) throw AppError.badField(field, 'validation.max', { max: latest });
}
