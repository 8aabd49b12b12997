/**
 * Balanced seating: the people of a session dealt over its tables so that every table gets as
 * many people as any other (give or take one), and every group (a department, a district) is
 * spread as evenly (give or take one per table).
 *
 * People are sorted by (stratum, rank, registration order) and dealt round-robin: a run of
 * one stratum, dealt in turn, lands on each table ⌊n/T⌋ or ⌈n/T⌉ times, and the whole deal
 * does the same for table sizes. Sorting by rank inside a stratum spreads the ranks too.
 */
export interface SeatCandidate {
  userId: string;
  /** The group to spread: the department of staff, else the residency district; null: none. */
  stratum: string | null;
  /** A seniority to spread inside the group when the user row carries one; null: none. */
  rank: number | null;
  /** The registration's place in the queue: arrival order. */
  order: number;
}

export interface Seat {
  userId: string;
  /** Index into the tables given (in their order). */
  table: number;
}

function compareNullsLast<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compare(a, b);
}

export function balanceSeats(people: readonly SeatCandidate[], tableCount: number): Seat[] {
  if (tableCount < 1) throw new RangeError('balanceSeats needs at least one table');
  const sorted = [...people].sort(
    (a, b) =>
      compareNullsLast(a.stratum, b.stratum, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) ||
      compareNullsLast(a.rank, b.rank, (x, y) => x - y) ||
      a.order - b.order,
  );
  return sorted.map((person, index) => ({ userId: person.userId, table: index % tableCount }));
}
