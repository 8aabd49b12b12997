import type { ValueTransformer } from 'typeorm';

/**
 * The most won an amount may hold: a thousand trillion, far above any city budget and below
 * 2^53, so that the JavaScript number an amount is read into (and GraphQL's Float) holds it
 * exactly. Inputs are validated against it; the database column is a bigint.
 */
export const MAX_WHOLE_WON = 1_000_000_000_000_000;

/** A bigint column read as a number (exact below MAX_WHOLE_WON); pg hands bigints over as text. */
export const wholeWon: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
