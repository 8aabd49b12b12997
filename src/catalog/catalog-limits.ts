/**
 * How many of each kind of reference data a city may have. The lists are plain GraphQL lists
 * (no pages), so their length is part of every query's cost (core/graphql/cost-model.ts):
 * creation past the limit is a CONFLICT, and the lists never return more.
 */
export const CATALOG_LIMITS = {
  departments: 200,
  topics: 200,
  processes: 100,
  /** Phases of one process (the input's ArrayMaxSize). */
  phases: 20,
  /** Characters of a department's description. */
  departmentDescription: 2000,
  /** Characters of a process's description. */
  processDescription: 10_000,
} as const;
