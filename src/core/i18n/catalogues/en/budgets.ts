import type { budgets as ko } from '../ko/budgets.js';

/** Texts of the budgets domain (issue 18). */
export const budgets: Record<keyof typeof ko, string> = {
  'error.notFound.budget': 'Participatory budget not found.',
  'error.notFound.budgetProject': 'Budget project not found.',
  'error.forbidden.projectOfOtherDepartment': 'Staff add projects for their own department only.',
  'error.forbidden.reviewOtherDepartment':
    "Only staff of the project's department review its feasibility.",
  'error.conflict.tooManyBudgets': 'A process has at most {maximum} participatory budgets.',
  'error.conflict.tooManyProjects': 'A participatory budget has at most {maximum} projects.',
  'error.conflict.projectsFixed':
    'Voting has started, so the projects are fixed: none can be added or reviewed.',
  'error.conflict.votingNotOpen': 'Voting is not open.',
  'error.conflict.proposalAlreadyProject': 'This proposal is already a project of this budget.',
  'field.votingEndsBeforeStart': '{field} must be after votingStartsAt',
  'field.votingTooLong': '{field} must be within a year of votingStartsAt',
  'field.reviewAfterVoting': '{field} must be at or before votingStartsAt',
  'field.maxChoicesForApproval': '{field} is required for APPROVAL and only for it',
  'field.potTwice': '{field} has two pots for the same district (or two city-wide pots)',
  'field.reasonRequired': '{field} is required when a project is not feasible',
  'field.noPotForDistrict': '{field} names a district without a pot in this budget',
  'field.noCityPot': '{field} must name a district: this budget has no city-wide pot',
  'field.titleRequired': '{field} is required unless the project is made from a proposal',
  'field.costOverPot': "{field} is more than its pot's amount ({amount} won)",
  'field.notOnBallot': '{field} names a project that is not on the ballot',
  'field.projectOfOtherDistrict': '{field} names a project of another district',
  'field.ballotOverAmount':
    '{field}: the chosen projects cost {total} won, more than the {amount} won of their pot',
  'field.ballotTooMany': '{field}: at most {maximum} projects may be chosen in one pot',
  // Paper tallies, results, publication and the Pabulib export (budget-results.service.ts).
  'error.conflict.tallyBeforeVoting': 'Paper tallies can be entered once voting has started.',
  'error.conflict.resultsPublished': 'The results have already been published.',
  'error.conflict.tooManyPlaces': 'A participatory budget has at most {maximum} polling places.',
  'error.conflict.votingNotEnded': 'The results can be published once voting has ended.',
  'error.conflict.resultsNotPublished':
    'Implementation can start once the results have been published.',
  'error.conflict.alreadyImplementing': 'Implementation has already started.',
  'error.pabulib.notPublic': "This budget's votes are not public yet.",
  'error.pabulib.noSuchPot': 'This budget has no such pot.',
  'field.projectTwice': '{field} names the same project twice',
  'field.votesOverBallots': '{field} is more than the {ballots} paper ballots',
  'field.votesOverChoices':
    '{field}: {total} votes in one pot, more than paper ballots × choices ({maximum})',
  'field.tallyTwoDistricts':
    "{field} names a project of another district than the place's other projects",
  'budgets.carryOn.routed':
    'Selected in the participatory budget "{budget}": sent to the department responsible for the project.',
  'budgets.carryOn.reconsidered': 'Selected in the participatory budget "{budget}": reconsidered.',
  'budgets.carryOn.accepted':
    'Selected in the participatory budget "{budget}" with {votes, plural, one {# vote} other {# votes}}; it goes ahead at a cost of {cost, number} won.',
};
