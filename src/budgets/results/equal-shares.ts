/**
 * The Method of Equal Shares (Peters & Skowron 2020; Peters, Pierczyński & Skowron, NeurIPS
 * 2021; equalshares.net) for approval ballots with cost utilities, the variant the cities that
 * run it use (Wieliczka, Świecie, Aarau; pabutools' Cost_Sat):
 *
 * 1. The pot's amount is split equally among its n voters (online ballots of this pot, plus
 *    paper ballots of this pot).
 * 2. A project is affordable when its supporters still hold at least its cost. Its price is
 *    shared "as equally as possible": each supporter pays min(own money, α), with α the least
 *    amount that covers the cost. Under cost utilities the supporter's utility is the cost, so
 *    the price per unit of utility is ρ = α / cost; equalshares.net calls 1/ρ = cost/α the
 *    "effective vote count" (the votes, when nobody is short of money).
 * 3. The affordable project with the lowest ρ is selected and its supporters pay; repeat until
 *    no project is affordable.
 * Ties in ρ follow equalshares.net's tie-breaking page: the lower cost, then more votes, then
 * creation order (the order greedy uses, with cost before votes since ρ already weighs votes).
 *
 * No completion by default: what the method leaves unspent stays unspent, which is the
 * method's own outcome and the one its proportionality guarantees are about. The
 * `completion: 'greedy'` option spends the leftover by votes, as greedy would, and says so in
 * each such project's explanation. (equalshares.net recommends the "add1" completion, raising
 * the share until the outcome is exhaustive; it is not implemented here.)
 *
 * Paper tallies carry no individual ballots, only votes per project at each polling place. A
 * place's B paper ballots join n, so paper voters have the same weight as online ones, and the
 * place's money, B equal shares, is split among its V votes in proportion: each paper vote is
 * counted as a voter approving that one project with B/V of a share. A paper ballot that
 * chose k projects thus brings k votes and, when k is the place's average, exactly its share;
 * the place as a whole never brings more or less money than its ballots' shares, and no paper
 * vote can pay for a project it did not choose.
 *
 * Exactness and speed: money is counted in integer units of 1/Q won. Q starts as n × the least
 * common multiple of the places' vote counts, so every initial share is whole; when a payment α
 * is not whole, Q is multiplied by α's denominator. Voters are grouped in money classes (voters
 * who started with the same money and have since paid for the same projects hold the same
 * money), and a class's money catches up with a new Q only when it is next read, so rescaling
 * costs nothing for the many classes nobody reads. A project is priced by counting its
 * supporters per class and sorting the classes, not the voters. A project's ρ never decreases
 * (money only goes down), so a ρ computed in an earlier round is a lower bound: the best stored
 * key is recomputed, and taken only once it is fresh (lazy re-evaluation).
 */
import {
  assemble,
  byVotes,
  compareBig,
  count,
  ranks,
  won,
  type Counted,
  type Election,
  type ElectionResult,
  type Explanation,
  type Outcome,
} from './election.js';
import { gcd, lcm, Rational } from './rational.js';

export interface EqualSharesOptions {
  /** What to do with money the method leaves: nothing (default), or greedy by votes. */
  completion?: 'none' | 'greedy';
}

/** One selection of the method, exact, for explanations, tests and the README's example. */
export interface EqualSharesRound {
  projectId: string;
  /** α: the most any supporter paid, in won. */
  maxPayment: Rational;
  /** cost / α: equalshares.net's effective vote count. */
  effectiveVotes: Rational;
  /** Supporters who still had money and paid. */
  payers: number;
}

export interface EqualSharesResult extends ElectionResult {
  /** The method's own selections in order (without completion). */
  rounds: EqualSharesRound[];
  /** Money of the share left with voters when the method stopped, in won. */
  unspentShares: Rational;
}

/** Class 0 holds the voters who have spent their whole share. */
const EMPTY = 0;

interface Group {
  voters: number;
  projects: number[];
  money: number;
}

interface Price {
  /** ρ = num / den (α / cost; the same at every scale). */
  num: bigint;
  den: bigint;
  /** α's numerator and denominator in current units: α = shortfall / payers-at-α. */
  shortfall: bigint;
  sharing: bigint;
}

export function equalShares(
  election: Election,
  options: EqualSharesOptions = {},
): EqualSharesResult {
  const counted = count(election);
  const state = start(counted);
  const rounds = run(counted, state);
  const rank = ranks(counted);

  const mes = rounds.map((round) => round.project);
  let left = counted.amount;
  for (const j of mes) left -= counted.costs[j];
  const decided: { outcome: Outcome; explanation: Explanation }[] = [];
  for (const [position, round] of rounds.entries()) {
    decided[round.project] = {
      outcome: 'SELECTED',
      explanation: {
        key: 'results.equalShares.selected',
        params: {
          round: position + 1,
          payers: round.payers,
          votes: counted.votes[round.project],
          maxPayment: won(round.maxPayment.round()),
          cost: won(counted.costs[round.project]),
        },
      },
    };
  }
  const selected = [...mes];
  if (options.completion === 'greedy') {
    const chosen = new Set(mes);
    for (const j of byVotes(counted)) {
      if (chosen.has(j) || counted.votes[j] === 0 || counted.costs[j] > left) continue;
      decided[j] = {
        outcome: 'SELECTED',
        explanation: {
          key: 'results.equalShares.completed',
          params: {
            votes: counted.votes[j],
            rank: rank[j],
            cost: won(counted.costs[j]),
            left: won(left),
          },
        },
      };
      left -= counted.costs[j];
      selected.push(j);
    }
  }
  const chosen = new Set(selected);
  for (const [j, cost] of counted.costs.entries()) {
    if (chosen.has(j)) continue;
    const params = { votes: counted.votes[j], rank: rank[j], cost: won(cost), left: won(left) };
    if (counted.votes[j] === 0) {
      decided[j] = { outcome: 'NOT_ENOUGH_VOTES', explanation: { key: 'results.noVotes', params } };
    } else if (cost > left) {
      decided[j] = {
        outcome: 'OVER_BUDGET',
        explanation: { key: 'results.equalShares.overBudget', params },
      };
    } else {
      // Floor, not round: what they had is short of the cost, and must read so.
      const had = Rational.of(supportersMoney(state, j), state.scale).floor();
      decided[j] = {
        outcome: 'NOT_ENOUGH_VOTES',
        explanation: {
          key: 'results.equalShares.notEnoughVotes',
          params: { ...params, had: won(had) },
        },
      };
    }
  }
  // Money is only ever moved from voters to projects: what they hold is what they were given
  // less what the method's selections cost.
  let unspent = state.handedOut;
  for (const round of rounds) unspent = unspent.sub(Rational.from(counted.costs[round.project]));
  return {
    ...assemble(counted, selected, decided),
    rounds: rounds.map((round) => ({
      projectId: counted.ids[round.project],
      maxPayment: round.maxPayment,
      effectiveVotes: Rational.from(counted.costs[round.project]).div(round.maxPayment),
      payers: round.payers,
    })),
    unspentShares: unspent,
  };
}

interface State {
  /** Units per won. */
  scale: bigint;
  /**
   * Money of each class, in the units of the scale it was last read at (its epoch); class 0 is
   * empty. Rescaling reaches a class only when it is next read (moneyOf): most classes are
   * not read in most rounds, and rescaling them all each round was most of the work.
   */
  money: bigint[];
  epoch: number[];
  /** Per epoch: the current scale divided by the scale of that epoch. */
  toNow: bigint[];
  groups: Group[];
  /** Per project: the groups that chose it. */
  members: number[][];
  /** Scratch for supporters(): voters per class, all zero between calls. */
  tally: number[];
  /** Per project: its cost in units. */
  cost: bigint[];
  /** Won handed out as shares: all of the amount, less the shares of blank paper ballots. */
  handedOut: Rational;
}

function start(counted: Counted): State {
  const voters =
    counted.ballots.reduce((sum, b) => sum + b.voters, 0) +
    counted.paper.reduce((sum, p) => sum + p.ballots, 0);
  let common = 1n;
  for (const place of counted.paper) {
    const votes = place.votes.reduce((sum, v) => sum + v.votes, 0);
    if (votes > 0) common = lcm(common, BigInt(votes));
  }
  const scale = BigInt(Math.max(voters, 1)) * common;
  // In units of 1/scale won, a share (amount / voters won) is amount × common units.
  const share = counted.amount * common;
  const money: bigint[] = [0n, share];
  const groups: Group[] = counted.ballots.map((b) => ({
    voters: b.voters,
    projects: b.projects,
    money: 1,
  }));
  for (const place of counted.paper) {
    const votes = place.votes.reduce((sum, v) => sum + v.votes, 0);
    if (votes === 0) continue; // blank paper ballots: their shares stay unspent
    money.push((share * BigInt(place.ballots)) / BigInt(votes)); // exact: votes divides common
    const cls = money.length - 1;
    for (const vote of place.votes) {
      groups.push({ voters: vote.votes, projects: [vote.project], money: cls });
    }
  }
  const handedTo =
    counted.ballots.reduce((sum, b) => sum + b.voters, 0) +
    counted.paper
      .filter((place) => place.votes.some((v) => v.votes > 0))
      .reduce((sum, place) => sum + place.ballots, 0);
  const members: number[][] = counted.ids.map(() => []);
  for (const [g, group] of groups.entries()) {
    for (const j of group.projects) members[j].push(g);
  }
  return {
    scale,
    money,
    epoch: money.map(() => 0),
    toNow: [1n],
    groups,
    members,
    tally: [],
    cost: counted.costs.map((c) => c * scale),
    handedOut: Rational.of(share * BigInt(handedTo), scale),
  };
}

/** Money of class `cls` in current units. */
function moneyOf(state: State, cls: number): bigint {
  const current = state.toNow.length - 1;
  if (state.epoch[cls] !== current) {
    state.money[cls] *= state.toNow[state.epoch[cls]];
    state.epoch[cls] = current;
  }
  return state.money[cls];
}

/**
 * Project j's supporters who still have money, counted per class. Counted afresh from its
 * groups each time: a project is priced a few times a round at most, while keeping counts per
 * project up to date would touch every project of every paying ballot at each selection.
 */
function supporters(state: State, j: number): { money: bigint; voters: bigint }[] {
  const { tally } = state;
  const seen: number[] = [];
  for (const g of state.members[j]) {
    const { money: cls, voters } = state.groups[g];
    if (cls === EMPTY) continue;
    if (!tally[cls]) seen.push(cls);
    tally[cls] = (tally[cls] ?? 0) + voters;
  }
  const classes = seen.map((cls) => ({ money: moneyOf(state, cls), voters: BigInt(tally[cls]) }));
  for (const cls of seen) tally[cls] = 0;
  return classes;
}

function supportersMoney(state: State, j: number): bigint {
  let total = 0n;
  for (const c of supporters(state, j)) total += c.money * c.voters;
  return total;
}

/** The price of project j now, or null when its supporters cannot pay for it. */
function price(state: State, j: number): Price | null {
  const cost = state.cost[j];
  const classes = supporters(state, j).sort((a, b) => compareBig(a.money, b.money));
  let shortfall = cost;
  let sharing = 0n;
  for (const c of classes) sharing += c.voters;
  // Water-filling: the poorest pay all they have while that is below an equal split of the rest;
  // the first class that can pay the equal split sets α. When every class has paid all it has
  // and the cost is still not covered, the supporters cannot afford the project.
  for (const c of classes) {
    if (c.money * sharing >= shortfall) {
      return { num: shortfall, den: sharing * cost, shortfall, sharing };
    }
    shortfall -= c.money * c.voters;
    sharing -= c.voters;
  }
  return null;
}

interface Round {
  project: number;
  maxPayment: Rational;
  payers: number;
}

function run(counted: Counted, state: State): Round[] {
  const { costs, votes } = counted;
  const prices: (Price | null)[] = counted.ids.map(() => null);
  const freshAt = counted.ids.map(() => -1);
  const open = new Set<number>();
  for (const j of counted.ids.keys()) {
    if (votes[j] === 0) continue;
    prices[j] = price(state, j);
    freshAt[j] = 0;
    if (prices[j]) open.add(j);
  }
  // ρ, then the lower cost, then more votes, then creation order.
  const before = (a: number, b: number): boolean => {
    const pa = prices[a]!;
    const pb = prices[b]!;
    const left = pa.num * pb.den;
    const right = pb.num * pa.den;
    if (left !== right) return left < right;
    if (costs[a] !== costs[b]) return costs[a] < costs[b];
    if (votes[a] !== votes[b]) return votes[a] > votes[b];
    return a < b;
  };
  const rounds: Round[] = [];
  while (open.size > 0) {
    let best = -1;
    for (const j of open) if (best < 0 || before(j, best)) best = j;
    if (freshAt[best] !== rounds.length) {
      // A stale ρ is a lower bound: recompute the best one, and look again.
      prices[best] = price(state, best);
      freshAt[best] = rounds.length;
      if (!prices[best]) open.delete(best);
      continue;
    }
    rounds.push(pay(state, best, prices[best]!));
    open.delete(best);
  }
  return rounds;
}

/** Project j is selected at `p`: its supporters pay min(own money, α). */
function pay(state: State, j: number, p: Price): Round {
  const divisor = gcd(p.shortfall, p.sharing);
  const factor = p.sharing / divisor;
  if (factor !== 1n) {
    // α is not a whole number of units: make the units finer so that every amount stays whole.
    state.scale *= factor;
    state.toNow = state.toNow.map((ratio) => ratio * factor);
    state.toNow.push(1n);
    state.cost = state.cost.map((c) => c * factor);
  }
  const alpha = p.shortfall / divisor;
  let payers = 0;
  const moved = new Map<number, number>();
  for (const g of state.members[j]) {
    const group = state.groups[g];
    const from = group.money;
    const had = moneyOf(state, from);
    if (had === 0n) continue;
    payers += group.voters;
    let to = moved.get(from);
    if (to === undefined) {
      if (had > alpha) {
        state.money.push(had - alpha);
        state.epoch.push(state.toNow.length - 1);
        to = state.money.length - 1;
      } else {
        to = EMPTY;
      }
      moved.set(from, to);
    }
    group.money = to;
  }
  return { project: j, maxPayment: Rational.of(alpha, state.scale), payers };
}
