import {
  assemble,
  byVotes,
  count,
  ranks,
  won,
  type Election,
  type ElectionResult,
  type Explanation,
  type Outcome,
} from './election.js';

/**
 * The usual rule: projects by votes (online and paper), most first; each one that still fits
 * the money left is selected, one that does not is skipped (OVER_BUDGET) and the next is tried.
 * Equal votes: the lower cost first, then creation order. A project nobody voted for is never
 * selected, even when money is left: NOT_ENOUGH_VOTES.
 */
export function greedy(election: Election): ElectionResult {
  const counted = count(election);
  const rank = ranks(counted);
  let left = counted.amount;
  const selected: number[] = [];
  const decided: { outcome: Outcome; explanation: Explanation }[] = [];
  for (const j of byVotes(counted)) {
    const cost = counted.costs[j];
    const params = { votes: counted.votes[j], rank: rank[j], cost: won(cost), left: won(left) };
    if (counted.votes[j] === 0) {
      decided[j] = { outcome: 'NOT_ENOUGH_VOTES', explanation: { key: 'results.noVotes', params } };
    } else if (cost <= left) {
      left -= cost;
      selected.push(j);
      decided[j] = { outcome: 'SELECTED', explanation: { key: 'results.greedy.selected', params } };
    } else {
      decided[j] = {
        outcome: 'OVER_BUDGET',
        explanation: { key: 'results.greedy.overBudget', params },
      };
    }
  }
  return assemble(counted, selected, decided);
}
