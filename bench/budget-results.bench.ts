/**
 * The results engine at the scale: 100 projects and 50,000 online ballots (1 to 10
 * projects each, Zipf-like popularity) plus paper tallies from 10 polling places, built from a
 * fixed seed; greedy and Equal Shares timed in process (median and slowest of 7 runs, after a
 * warm-up). Pure computation: no database (the budgets module's query is timed elsewhere).
 *
 *   npm run bench:budgets        (BENCH_BALLOTS, BENCH_PROJECTS to change the size)
 */
import { performance } from 'node:perf_hooks';
import { equalShares } from '../src/budgets/results/equal-shares.js';
import { greedy } from '../src/budgets/results/greedy.js';
import { randomElection, seeded } from '../src/budgets/results/testing/random-election.js';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 50_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100);
const RUNS = 7;
const LIMIT_MS = 1000;

const election = randomElection(seeded(18), {
  projects: PROJECTS,
  ballots: BALLOTS,
  choices: [1, 10],
  // ₩5,000,000 to ₩300,000,000 a project, a ₩3,000,000,000 pot: a few dozen can win.
  cost: [5_000_000, 300_000_000],
  amount: 3_000_000_000n,
  places: 10,
  paperBallots: 400,
  group: true,
});
const paperBallots = election.paper.reduce((sum, p) => sum + p.ballots, 0);
console.log(
  `${PROJECTS} projects, ${BALLOTS} online ballots (${election.ballots.length} distinct), ` +
    `${paperBallots} paper ballots from ${election.paper.length} places`,
);

function time(label: string, run: () => { spent: bigint; projects: { outcome: string }[] }) {
  run(); // warm-up: compile the hot paths before timing
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
    `${label.padEnd(28)} median ${median.toFixed(1).padStart(7)} ms   slowest ${times[
      times.length - 1
    ]
      .toFixed(1)
      .padStart(7)} ms   ${selected} selected, ₩${result.spent.toLocaleString('en')} spent` +
      (median < LIMIT_MS ? '' : `   OVER ${LIMIT_MS} ms`),
  );
  return median;
}

const medians = [
  time('greedy', () => greedy(election)),
  time('equal shares', () => equalShares(election)),
  time('equal shares + completion', () => equalShares(election, { completion: 'greedy' })),
];
if (medians.some((m) => m >= LIMIT_MS)) process.exitCode = 1;
