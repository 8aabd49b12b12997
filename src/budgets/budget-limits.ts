/**
 * The limits of budget inputs and lists. Plain lists (pots, a ballot's projects, a project's
 * record, tallies) are part of a query's cost (core/graphql/cost-model.ts), so each has a
 * declared maximum that creation enforces.
 */
export const BUDGET_LIMITS = {
  title: [3, 150],
  projectDescription: [1, 10_000],
  feasibilityReason: [1, 2_000],
  place: [1, 150],
  /** Budgets of one process (ParticipatoryProcess.budgets). */
  budgetsPerProcess: 20,
  /** Pots of one budget: a city-wide pot and one per district. */
  pots: 201,
  /** Projects of one budget (CONFLICT past it): the ballot a voter reads must stay readable. */
  projectsPerBudget: 500,
  /** Projects one ballot may choose (APPROVAL's maxChoices is at most this). */
  ballotProjects: 100,
  /** The most recent changes shown on a project's record. */
  projectHistory: 20,
  /** Polling places of one budget whose paper tallies count. */
  offlinePlaces: 500,
  /** Earlier entries shown under a tally. */
  replacedTallies: 20,
  /** Paper ballots of one place. */
  paperBallots: 10_000_000,
} as const;
