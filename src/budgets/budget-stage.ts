import { BudgetStage } from './budget-enums.js';

/** The dates and acts a budget's stage is derived from. */
export interface BudgetTimes {
  reviewStartsAt: Date | null;
  votingStartsAt: Date;
  votingEndsAt: Date;
  resultsPublishedAt: Date | null;
  implementingAt: Date | null;
}

/**
 * Where a budget stands at `now`, the one place the stages are derived (the contract's
 * ParticipatoryBudget.stage): COLLECTING until reviewStartsAt (when set), REVIEWING until
 * votingStartsAt, VOTING until votingEndsAt; then RESULTS (provisional until an admin
 * publishes them, `BudgetResults.final`), IMPLEMENTING once an admin starts implementation.
 */
export function budgetStage(budget: BudgetTimes, now: Date): BudgetStage {
  if (budget.implementingAt) return BudgetStage.IMPLEMENTING;
  if (budget.resultsPublishedAt || now >= budget.votingEndsAt) return BudgetStage.RESULTS;
  if (now >= budget.votingStartsAt) return BudgetStage.VOTING;
  if (budget.reviewStartsAt && now >= budget.reviewStartsAt) return BudgetStage.REVIEWING;
  return BudgetStage.COLLECTING;
}

/** Projects are added, edited and reviewed until voting starts: the ballot is then fixed. */
export function projectsEditable(budget: BudgetTimes, now: Date): boolean {
  return now < budget.votingStartsAt;
}

/** Ballots are cast from votingStartsAt up to (not including) votingEndsAt. */
export function votingOpen(budget: BudgetTimes, now: Date): boolean {
  return now >= budget.votingStartsAt && now < budget.votingEndsAt && !budget.resultsPublishedAt;
}

/**
 * Whether anyone may see totals: once voting has closed (secret ballots: not while people still
 * vote), or during voting when the budget chose live totals.
 */
export function totalsPublic(budget: BudgetTimes & { liveTotals: boolean }, now: Date): boolean {
  if (budget.resultsPublishedAt || now >= budget.votingEndsAt) return true;
  return budget.liveTotals && now >= budget.votingStartsAt;
}
