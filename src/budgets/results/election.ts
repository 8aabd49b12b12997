/**
 * One pot of a participatory budget as an election, and what the result rules return (issue 18).
 * Pure data and pure functions: the budgets module reads the ballots and tallies from the
 * database, builds an Election per pot, and runs greedy() or equalShares() on it.
 *
 * Money is whole won as bigint on the way in and out; inside, the rules work exactly (bigint
 * and Rational, never floating point). Numbers in explanations are rounded to whole won for
 * display only, after every decision is taken.
 */
import type { MessageKey } from '../../core/i18n/translate.js';

export interface Election {
  /** The pot's amount, whole won. */
  amount: bigint;
  /** Projects on the ballot in this pot, in creation order (the last tie-break). Cost > 0. */
  projects: readonly { id: string; cost: bigint }[];
  /** Online ballots, identical ones grouped: the projects of this pot a voter chose. */
  ballots: readonly { projectIds: readonly string[]; voters: number }[];
  /** Paper tallies: per polling place, how many paper ballots and the votes per project. */
  paper: readonly {
    ballots: number;
    votes: readonly { projectId: string; votes: number }[];
  }[];
}

export type Outcome = 'SELECTED' | 'OVER_BUDGET' | 'NOT_ENOUGH_VOTES';

/** A catalogue text (src/core/i18n/catalogues/{ko,en}/results.ts) and its parameters. */
export interface Explanation {
  key: MessageKey & `results.${string}`;
  params: Record<string, string | number>;
}

export interface ProjectOutcome {
  projectId: string;
  onlineVotes: number;
  offlineVotes: number;
  votes: number;
  outcome: Outcome;
  /** Why, in words the reader's catalogue gives: translate(locale, key, params). */
  explanation: Explanation;
}

export interface ElectionResult {
  /** Selected first, in the order of selection; then the rest by votes (then cost, creation). */
  projects: ProjectOutcome[];
  /** Whole won spent: the sum of the selected projects' costs, never above the amount. */
  spent: bigint;
}

/** An election checked and counted: what both rules start from. Projects keep their index. */
export interface Counted {
  amount: bigint;
  ids: string[];
  costs: bigint[];
  online: number[];
  offline: number[];
  votes: number[];
  /** Online groups with project indexes, each index once, in creation order. */
  ballots: { projects: number[]; voters: number }[];
  /** Per polling place: paper ballots, and votes per project index (only those above 0). */
  paper: { ballots: number; votes: { project: number; votes: number }[] }[];
}

/**
 * Checks an election and counts its votes. A wrong election is a bug in the caller (the
 * budgets module validates ballots and tallies when they are cast or entered), so this throws
 * a plain error for the log rather than a message for a user.
 */
export function count(election: Election): Counted {
  if (election.amount < 0n) throw new RangeError('election: negative amount');
  const index = new Map<string, number>();
  const ids: string[] = [];
  const costs: bigint[] = [];
  for (const project of election.projects) {
    if (index.has(project.id)) throw new RangeError(`election: project ${project.id} twice`);
    if (project.cost <= 0n) throw new RangeError(`election: project ${project.id} costs nothing`);
    index.set(project.id, ids.length);
    ids.push(project.id);
    costs.push(project.cost);
  }
  const find = (id: string): number => {
    const found = index.get(id);
    if (found === undefined) throw new RangeError(`election: unknown project ${id}`);
    return found;
  };
  const online = ids.map(() => 0);
  const offline = ids.map(() => 0);
  const ballots: Counted['ballots'] = [];
  for (const ballot of election.ballots) {
    wholeCount(ballot.voters, 'voters');
    const projects = ballot.projectIds.map(find).sort((a, b) => a - b);
    for (let i = 1; i < projects.length; i++) {
      if (projects[i] === projects[i - 1]) {
        throw new RangeError('election: a ballot names a project twice');
      }
    }
    if (ballot.voters === 0) continue;
    for (const project of projects) online[project] += ballot.voters;
    // An empty ballot still takes its share of the money (and spends none of it).
    ballots.push({ projects, voters: ballot.voters });
  }
  const paper: Counted['paper'] = [];
  for (const place of election.paper) {
    wholeCount(place.ballots, 'paper ballots');
    const votes = new Map<number, number>();
    for (const vote of place.votes) {
      wholeCount(vote.votes, 'paper votes');
      const project = find(vote.projectId);
      if (votes.has(project)) throw new RangeError('election: a place counts a project twice');
      if (vote.votes > place.ballots) {
        throw new RangeError('election: more paper votes for a project than paper ballots');
      }
      votes.set(project, vote.votes);
      offline[project] += vote.votes;
    }
    paper.push({
      ballots: place.ballots,
      votes: [...votes]
        .filter(([, n]) => n > 0)
        .sort(([a], [b]) => a - b)
        .map(([project, n]) => ({ project, votes: n })),
    });
  }
  const votes = ids.map((_, j) => online[j] + offline[j]);
  return { amount: election.amount, ids, costs, online, offline, votes, ballots, paper };
}

function wholeCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`election: ${what} must be a whole number, 0 or more`);
  }
}

/** Most votes first; then the lower cost; then creation order. Greedy's order, and display's. */
export function byVotes(counted: Counted): number[] {
  const { votes, costs } = counted;
  return counted.ids
    .map((_, j) => j)
    .sort((a, b) => votes[b] - votes[a] || compareBig(costs[a], costs[b]) || a - b);
}

export function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole won as a number for a catalogue parameter (exact below 2^53; display only). */
export function won(value: bigint): number {
  return Number(value);
}

/**
 * The result in display order: the selected in order of selection, then the others by votes.
 * `decided` holds every project's outcome and explanation by index.
 */
export function assemble(
  counted: Counted,
  selectedInOrder: readonly number[],
  decided: readonly { outcome: Outcome; explanation: Explanation }[],
): ElectionResult {
  const chosen = new Set(selectedInOrder);
  const order = [...selectedInOrder, ...byVotes(counted).filter((j) => !chosen.has(j))];
  let spent = 0n;
  for (const j of selectedInOrder) spent += counted.costs[j];
  return {
    spent,
    projects: order.map((j) => ({
      projectId: counted.ids[j],
      onlineVotes: counted.online[j],
      offlineVotes: counted.offline[j],
      votes: counted.votes[j],
      outcome: decided[j].outcome,
      explanation: decided[j].explanation,
    })),
  };
}

/** Position of each project in the order of votes, from 1 (for explanations). */
export function ranks(counted: Counted): number[] {
  const rank = counted.ids.map(() => 0);
  byVotes(counted).forEach((j, position) => (rank[j] = position + 1));
  return rank;
}
