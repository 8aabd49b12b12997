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
