import { registerEnumType } from '@nestjs/graphql';

/** How a voter chooses: within the money (knapsack), or up to maxChoices projects (approval). */
export enum BudgetVotingStyle {
  KNAPSACK = 'KNAPSACK',
  APPROVAL = 'APPROVAL',
}

/** How the winners are chosen from the votes (src/budgets/results/). */
export enum BudgetSelectionRule {
  GREEDY = 'GREEDY',
  EQUAL_SHARES = 'EQUAL_SHARES',
}

/** Where a budget stands, derived from its dates and two admin acts (budget-stage.ts). */
export enum BudgetStage {
  COLLECTING = 'COLLECTING',
  REVIEWING = 'REVIEWING',
  VOTING = 'VOTING',
  RESULTS = 'RESULTS',
  IMPLEMENTING = 'IMPLEMENTING',
}

/** The department's judgement of a project during review; only FEASIBLE ones go to the ballot. */
export enum Feasibility {
  PENDING = 'PENDING',
  FEASIBLE = 'FEASIBLE',
  NOT_FEASIBLE = 'NOT_FEASIBLE',
}

export enum ProjectOutcome {
  SELECTED = 'SELECTED',
  OVER_BUDGET = 'OVER_BUDGET',
  NOT_ENOUGH_VOTES = 'NOT_ENOUGH_VOTES',
}

/** What happened to a project, one row each on its record. */
export enum BudgetProjectChangeKind {
  CREATED = 'CREATED',
  EDITED = 'EDITED',
  REVIEWED = 'REVIEWED',
  SELECTED = 'SELECTED',
  NOT_SELECTED = 'NOT_SELECTED',
}

registerEnumType(BudgetVotingStyle, {
  name: 'BudgetVotingStyle',
  valuesMap: {
    KNAPSACK: { description: 'Choose projects whose costs fit within the amount.' },
    APPROVAL: { description: 'Choose up to maxChoices projects.' },
  },
});
registerEnumType(BudgetSelectionRule, {
  name: 'BudgetSelectionRule',
  valuesMap: {
    GREEDY: { description: 'Most votes first; skip a project that no longer fits.' },
    EQUAL_SHARES: { description: 'The Method of Equal Shares (proportional).' },
  },
});
registerEnumType(BudgetStage, { name: 'BudgetStage' });
registerEnumType(Feasibility, { name: 'Feasibility' });
registerEnumType(ProjectOutcome, { name: 'ProjectOutcome' });
registerEnumType(BudgetProjectChangeKind, { name: 'BudgetProjectChangeKind' });
