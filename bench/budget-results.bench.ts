/**
 * The results engine at the scale: 100 projects and 50,000 online ballots (1 to 10
 * projects each, Zipf-like popularity) plus paper tallies from 10 polling places, built from a
 * fixed seed; greedy and Equal Shares timed in process (median and slowest of 7 runs, after a
 * warm-up). Pure computation first; then the database path of the first scenario (its ballots
 * as rows, results over HTTP under each rule, the export, publication: budget-results-db.ts).
 *
 *   npm run bench:budgets        (BENCH_BALLOTS, BENCH_PROJECTS to change the size;
 *                                 BENCH_DATABASE=off for the pure part only)
 */
import { performance } from 'node:perf_hooks';
import { equalShares } from '../src/budgets/results/equal-shares.js';
import { greedy } from '../src/budgets/results/greedy.js';
import { randomElection, seeded } from '../src/budgets/results/testing/random-election.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 50_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100);
const RUNS = 7;
const LIMIT_MS = 1000;

interface Scenario {
  label: string;
  cost: [number, number];
  amount: bigint;
}

/**
 * The usual pot (a few dozen winners), and a harder one: cheap projects, so that Equal Shares
 * runs about ninety rounds and the voters' money splits into tens of thousands of classes.
 */
const SCENARIOS: Scenario[] = [
  { label: '₩5M-300M projects, ₩3B pot', cost: [5_000_000, 300_000_000], amount: 3_000_000_000n },
  { label: '₩1M-30M projects, ₩3B pot', cost: [1_000_000, 30_000_000], amount: 3_000_000_000n },
];

function time(label: string, run: () => { spent: bigint; projects: { outcome: string }[] }) {
  // Warm-up: compile the hot paths, and let the garbage of the previous rule be collected.
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  let result = run();
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const selected = result.projects.filter((p) => p.outcome === 'SELECTED').length;
  console.log(
    `  ${label.padEnd(26)} median ${median.toFixed(1).padStart(7)} ms   slowest ${times[
      times.length - 1
    ]
      .toFixed(1)
      .padStart(7)} ms   ${selected} selected, ₩${result.spent.toLocaleString('en')} spent` +
      (median < LIMIT_MS ? '' : `   OVER ${LIMIT_MS} ms`),
  );
  return median;
}

const medians: number[] = [];
for (const scenario of SCENARIOS) {
  const election = randomElection(seeded(18), {
    projects: PROJECTS,
    ballots: BALLOTS,
    choices: [1, 10],
    cost: scenario.cost,
    amount: scenario.amount,
    places: 10,
    paperBallots: 400,
    group: true,
  });
  const paperBallots = election.paper.reduce((sum, p) => sum + p.ballots, 0);
  console.log(
    `${scenario.label}: ${PROJECTS} projects, ${BALLOTS} online ballots ` +
      `(${election.ballots.length} distinct), ${paperBallots} paper ballots from ${election.paper.length} places`,
  );
  medians.push(
    time('greedy', () => greedy(election)),
    time('equal shares', () => equalShares(election)),
    time('equal shares + completion', () => equalShares(election, { completion: 'greedy' })),
  );
}
if (medians.some((m) => m >= LIMIT_MS)) process.exitCode = 1;
if (process.env.BENCH_DATABASE !== 'off') {
  const { timeDatabasePath } = await import('./budget-results-db.js');
  const [first] = SCENARIOS;
  const election = randomElection(seeded(18), {
    projects: PROJECTS,
    ballots: BALLOTS,
    choices: [1, 10],
    cost: first.cost,
    amount: first.amount,
    places: 10,
    paperBallots: 400,
    group: false,
  });
  await timeDatabasePath(election, first.label);
}
