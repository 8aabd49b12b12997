/**
 * The contract's limits for proposals (../shared/api/README.md, "Input rules"): the inputs
 * check them, and the output fields declare them to the cost model (core/graphql/cost-model.ts).
 */
export const PROPOSAL_LIMITS = {
  title: [3, 150],
  body: [10, 10_000],
  address: [1, 300],
  topics: 10,
  search: [1, 100],
} as const;

/**
 * What a search adds to the cost of a list (core/graphql/cost-model.ts): at city scale a
 * search holds a database connection for about half a second (npm run bench: 65 searches a
 * second against 168 plain pages), so it costs as much as GRAPHQL_EXPENSIVE_COST's default and
 * one client runs at most two at once.
 */
export const SEARCH_COST = 5_000;
