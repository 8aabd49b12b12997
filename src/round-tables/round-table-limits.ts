/**
 * The limits of round-table inputs and lists. The lists a client reads (tables, a table's
 * participants and ideas, priorities) take `first`, so a query's cost (core/graphql/cost-model.ts)
 * is what it asks for, not the largest room the limits allow: a hundred tables of a hundred ideas
 * could never be read at once, a page of each can.
 */
export const ROUND_TABLE_LIMITS = {
  /** Tables of one session. */
  tables: 100,
  /** The number written on a table's card. */
  tableNumber: [1, 1000],
  topic: [1, 200],
  /** People at a table when not all are registered users (children at a design camp). */
  tableSize: [1, 1000],
  dotsPerParticipant: [1, 100],
  ideaText: [1, 500],
  ideaCategory: [1, 50],
  /** Ideas of one session (CONFLICT past it): the priorities are ranked over all of them. */
  ideasPerWorkshop: 2000,
  /** A table's total for one idea. */
  dots: [0, 100_000],
  priorityTitle: [1, 200],
  /**
   * Ideas merged into one priority at once: at most a page (MAX_PAGE_SIZE), so that every idea
   * of a merged priority can be read in one `ideas(first: 100)`.
   */
  mergedIdeas: [1, 100],
  /** Explicit seats of one assignment (a session's registrants are at most a capacity). */
  seats: 10_000,
  /** Dots corrections shown under an entry, newest first. */
  corrections: 10,
  /** A hash of the device session shown in provenance: short, and not the session id. */
  deviceSessionChars: 12,
} as const;
