import type { results as ko } from '../ko/results.js';

/** How each project fared in a budget's results, in words (issue 18): src/budgets/results/. */
export const results: Record<keyof typeof ko, string> = {
  'results.noVotes': 'It received no votes.',
  'results.greedy.selected':
    '{votes, plural, one {# vote} other {# votes}}, number {rank} by votes: its cost of ₩{cost, number} fit in the ₩{left, number} still left.',
  'results.greedy.overBudget':
    'Number {rank} by votes ({votes, plural, one {# vote} other {# votes}}), but when its turn came only ₩{left, number} was left, less than its cost of ₩{cost, number}.',
  'results.equalShares.selected':
    'Selected in round {round}: {payers, plural, one {its # supporter} other {its # supporters}} paid up to ₩{maxPayment, number} each, ₩{cost, number} in all.',
  'results.equalShares.notEnoughVotes':
    'Its supporters had ₩{had, number} of their equal shares left, short of the ₩{cost, number} it costs.',
  'results.equalShares.overBudget':
    'It costs ₩{cost, number}, more than the ₩{left, number} left in the pot.',
  'results.equalShares.completed':
    'Selected with the money Equal Shares left unspent: number {rank} by votes ({votes, plural, one {# vote} other {# votes}}), its cost of ₩{cost, number} fit in the ₩{left, number} left.',
};
