/**
 * Seeded random elections, for the property tests and the benchmark: the same seed gives the
 * same election on every machine.
 */
import type { Election } from '../election.js';

/** mulberry32: a small, well-mixed 32-bit generator; returns floats in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Shape {
  projects: number;
  ballots: number;
  /** Projects a ballot chooses, at least and at most. */
  choices: [number, number];
  /** Cost range, whole won. */
  cost: [number, number];
  amount: bigint;
  /** Polling places, and the most paper ballots at one. */
  places: number;
  paperBallots: number;
  /** Identical ballots grouped (as the database query would) rather than one per voter. */
  group: boolean;
}

/**
 * Projects are chosen with Zipf-like weights (the k-th most popular about 1/k as likely as the
 * first), the skew of real budgets where a few projects draw most of the votes.
 */
export function randomElection(random: () => number, shape: Shape): Election {
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const projects = Array.from({ length: shape.projects }, (_, i) => ({
    id: `p${i + 1}`,
    cost: BigInt(int(shape.cost[0], shape.cost[1])),
  }));
  // Popularity in a shuffled order, so that creation order and popularity are unrelated.
  const weights = projects.map((_, i) => 1 / (i + 1));
  for (let i = weights.length - 1; i > 0; i--) {
    const j = int(0, i);
    [weights[i], weights[j]] = [weights[j], weights[i]];
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  const pick = (): number => {
    let r = random() * total;
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return i;
    }
    return weights.length - 1;
  };
  const choose = (): string[] => {
    const wanted = Math.min(int(shape.choices[0], shape.choices[1]), projects.length);
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(pick());
    return [...chosen].sort((a, b) => a - b).map((i) => projects[i].id);
  };
  const counts = new Map<string, { projectIds: string[]; voters: number }>();
  const ballots: { projectIds: string[]; voters: number }[] = [];
  for (let b = 0; b < shape.ballots; b++) {
    const projectIds = choose();
    if (!shape.group) {
      ballots.push({ projectIds, voters: 1 });
      continue;
    }
    const key = projectIds.join(',');
    const found = counts.get(key);
    if (found) found.voters++;
    else counts.set(key, { projectIds, voters: 1 });
  }
  if (shape.group) ballots.push(...counts.values());
  const paper = Array.from({ length: shape.places }, () => {
    const paperBallots = int(0, shape.paperBallots);
    const votes = new Map<string, number>();
    for (let b = 0; b < paperBallots; b++) {
      for (const id of choose()) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    return {
      ballots: paperBallots,
      votes: [...votes].map(([projectId, n]) => ({ projectId, votes: n })),
    };
  });
  return { amount: shape.amount, projects, ballots, paper };
}
