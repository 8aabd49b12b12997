/**
 * Slow, obviously correct versions of the two rules, for the property tests: one Rational per
 * voter (every grouped ballot and every paper vote spelled out), every project's price
 * recomputed every round, no classes, no scaling, no laziness. Returns the selected project ids
 * in order of selection.
 */
import type { Election } from '../election.js';
import { Rational } from '../rational.js';

export function referenceGreedy(election: Election): string[] {
  const votes = votesOf(election);
  const order = election.projects
    .map((project, index) => ({ ...project, index, votes: votes.get(project.id) ?? 0 }))
    .sort(
      (a, b) =>
        b.votes - a.votes || (a.cost < b.cost ? -1 : a.cost > b.cost ? 1 : 0) || a.index - b.index,
    );
  let left = election.amount;
  const selected: string[] = [];
  for (const project of order) {
    if (project.votes > 0 && project.cost <= left) {
      selected.push(project.id);
      left -= project.cost;
    }
  }
  return selected;
}

export function referenceEqualShares(election: Election): string[] {
  return referenceEqualSharesRun(election).selected;
}

/**
 * The selection, and what each project's supporters hold when the method stops (what an
 * explanation of a project they could not afford quotes).
 */
export function referenceEqualSharesRun(election: Election): {
  selected: string[];
  supportersMoney: Map<string, Rational>;
} {
  const n =
    election.ballots.reduce((sum, b) => sum + b.voters, 0) +
    election.paper.reduce((sum, p) => sum + p.ballots, 0);
  if (n === 0) return { selected: [], supportersMoney: new Map() };
  const share = Rational.of(election.amount, BigInt(n));
  // Each voter: what they approve and what they hold.
  const voters: { approves: Set<string>; money: Rational }[] = [];
  for (const ballot of election.ballots) {
    for (let i = 0; i < ballot.voters; i++) {
      voters.push({ approves: new Set(ballot.projectIds), money: share });
    }
  }
  for (const place of election.paper) {
    const total = place.votes.reduce((sum, v) => sum + v.votes, 0);
    if (total === 0) continue;
    const each = share.mul(Rational.of(BigInt(place.ballots), BigInt(total)));
    for (const vote of place.votes) {
      for (let i = 0; i < vote.votes; i++) {
        voters.push({ approves: new Set([vote.projectId]), money: each });
      }
    }
  }
  const votes = votesOf(election);
  const remaining = election.projects.map((project, index) => ({ ...project, index }));
  const selected: string[] = [];
  for (;;) {
    let best: { index: number; rho: Rational; alpha: Rational } | null = null;
    for (const project of remaining) {
      const supporters = voters.filter((v) => v.approves.has(project.id));
      const alpha = equalSplit(
        supporters.map((v) => v.money),
        Rational.from(project.cost),
      );
      if (!alpha) continue;
      const rho = alpha.div(Rational.from(project.cost));
      if (!best || tieOrder(rho, project.index, best.rho, best.index)) {
        best = { index: project.index, rho, alpha };
      }
    }
    if (!best) {
      const supportersMoney = new Map(
        election.projects.map((p) => [
          p.id,
          voters
            .filter((v) => v.approves.has(p.id))
            .reduce((sum, v) => sum.add(v.money), Rational.ZERO),
        ]),
      );
      return { selected, supportersMoney };
    }
    const project = election.projects[best.index];
    for (const voter of voters) {
      if (voter.approves.has(project.id)) {
        voter.money = voter.money.sub(Rational.min(voter.money, best.alpha));
      }
    }
    selected.push(project.id);
    remaining.splice(
      remaining.findIndex((p) => p.index === best.index),
      1,
    );
  }

  function tieOrder(rho: Rational, a: number, bestRho: Rational, b: number): boolean {
    const byRho = rho.compare(bestRho);
    if (byRho !== 0) return byRho < 0;
    const [pa, pb] = [election.projects[a], election.projects[b]];
    if (pa.cost !== pb.cost) return pa.cost < pb.cost;
    const [va, vb] = [votes.get(pa.id) ?? 0, votes.get(pb.id) ?? 0];
    if (va !== vb) return va > vb;
    return a < b;
  }
}

/**
 * The least α with Σ min(money, α) = cost, or null when all the money is not enough: tried
 * as "the k poorest pay everything, the others split the rest", for each k in turn.
 */
function equalSplit(monies: Rational[], cost: Rational): Rational | null {
  const total = monies.reduce((sum, m) => sum.add(m), Rational.ZERO);
  if (total.lt(cost) || monies.length === 0) return null;
  const sorted = [...monies].sort((a, b) => a.compare(b));
  let paidByPoorest = Rational.ZERO;
  for (let k = 0; k < sorted.length; k++) {
    const alpha = cost.sub(paidByPoorest).div(Rational.from(sorted.length - k));
    if (sorted[k].compare(alpha) >= 0) return alpha;
    paidByPoorest = paidByPoorest.add(sorted[k]);
  }
  return null;
}

function votesOf(election: Election): Map<string, number> {
  const votes = new Map<string, number>();
  for (const ballot of election.ballots) {
    for (const id of ballot.projectIds) votes.set(id, (votes.get(id) ?? 0) + ballot.voters);
  }
  for (const place of election.paper) {
    for (const vote of place.votes) {
      votes.set(vote.projectId, (votes.get(vote.projectId) ?? 0) + vote.votes);
    }
  }
  return votes;
}
