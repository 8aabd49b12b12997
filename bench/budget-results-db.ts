/**
 * The database path of budget results (issue 18), for bench/budget-results.bench.ts: the same
 * seeded election (100 projects × 50,000 online ballots, paper tallies from 10 places) written
 * into a budget as rows (50,000 voters, their ballots and choices, the tallies), then timed as
 * a client sees it: `budget { results }` over HTTP (the grouping query, the count and the rule,
 * and the response) under each rule, which must take under a second (the limit), and
 * the Pabulib export of the pot. Runs in its own database `wontak_bench_budgets` on
 * DATABASE_URL's server, else the embedded Postgres (bench-kit.ts). BENCH_DATABASE=off skips it.
 */
import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';
import { toGlobalId } from '../src/core/graphql/relay/global-id.js';
import { BALLOT_GROUPS_SQL } from '../src/budgets/budget-results.service.js';
import type { Election } from '../src/budgets/results/election.js';
import { startBench, timer } from './bench-kit.js';

const LIMIT_MS = 1000;
const RUNS = 7;

const RESULTS = `query($id: ID!) { budget(id: $id) { results {
  rule ballots final spent { amount } offlineTallies { place paperBallots }
  projects { project { id } onlineVotes offlineVotes votes outcome explanation } } } }`;

/** Seeds `election` as a closed budget's rows and times its results; the medians in ms. */
export async function timeDatabasePath(election: Election, label: string): Promise<number[]> {
  // Timings, not allowances: one address asks for the results dozens of times a minute.
  process.env.RATE_LIMIT_ENABLED = 'false';
  const bench = await startBench('wontak_bench_budgets');
  const { db } = bench;
  const seeded = performance.now();
  const voters = election.ballots.reduce((sum, b) => sum + b.voters, 0);

  await db.query(
    `INSERT INTO participatory_process (slug, title) VALUES ('pb-bench', '참여예산 벤치')`,
  );
  const {
    rows: [{ id: budgetId }],
  } = await db.query(
    `INSERT INTO participatory_budget (process_id, title, voting_style, selection_rule,
                                       voting_starts_at, voting_ends_at)
     SELECT id, '벤치 참여예산', 'KNAPSACK', 'GREEDY', now() - interval '2 days', now() - interval '1 day'
       FROM participatory_process WHERE slug = 'pb-bench'
     RETURNING id`,
  );
  await db.query(`INSERT INTO budget_pot (budget_id, amount) VALUES ($1, $2)`, [
    budgetId,
    String(election.amount),
  ]);
  // Projects in the election's order, one millisecond apart so creation order is theirs.
  const { rows: projects } = await db.query(
    `INSERT INTO budget_project (budget_id, title, description, cost, feasibility, created_at)
     SELECT $1, '사업 ' || n, '설명 ' || n, cost, 'FEASIBLE',
            now() - interval '10 days' + n * interval '1 millisecond'
       FROM unnest($2::bigint[]) WITH ORDINALITY AS p(cost, n)
     RETURNING id, title`,
    [budgetId, election.projects.map((p) => String(p.cost))],
  );
  const dbId = new Map<string, string>();
  for (const row of projects as { id: string; title: string }[]) {
    const n = Number(row.title.slice('사업 '.length));
    dbId.set(election.projects[n - 1].id, row.id);
  }

  // One voter per online ballot, then the ballots and their choices, set-based.
  await db.query(
    `INSERT INTO app_user (email, password_hash, display_name)
     SELECT 'voter-' || n || '@example.test', 'x', '투표자 ' || n FROM generate_series(1, $1::int) n`,
    [voters],
  );
  await db.query(
    `INSERT INTO ballot (budget_id, voter_id, updated_at)
     SELECT $1, id, now() - interval '36 hours' FROM app_user WHERE email LIKE 'voter-%'`,
    [budgetId],
  );
  const ballotIndex: number[] = [];
  const choiceIds: string[] = [];
  let next = 0;
  for (const ballot of election.ballots) {
    for (let v = 0; v < ballot.voters; v++, next++) {
      for (const id of ballot.projectIds) {
        ballotIndex.push(next);
        choiceIds.push(dbId.get(id)!);
      }
    }
  }
  await db.query(
    `WITH numbered AS (
       SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM ballot WHERE budget_id = $1
     )
     INSERT INTO ballot_choice (ballot_id, project_id)
     SELECT numbered.id, c.project_id
       FROM unnest($2::int[], $3::uuid[]) AS c(i, project_id) JOIN numbered USING (i)`,
    [budgetId, ballotIndex, choiceIds],
  );
  for (const [i, place] of election.paper.entries()) {
    const {
      rows: [{ id: tallyId }],
    } = await db.query(
      `INSERT INTO offline_tally (budget_id, place, place_key, paper_ballots, entered_at)
       VALUES ($1, $2, $2, $3, now()) RETURNING id`,
      [budgetId, `투표소 ${i + 1}`, place.ballots],
    );
    if (!place.votes.length) continue;
    await db.query(
      `INSERT INTO offline_tally_vote (tally_id, project_id, votes)
       SELECT $1, project_id, votes FROM unnest($2::uuid[], $3::int[]) AS v(project_id, votes)`,
      [tallyId, place.votes.map((v) => dbId.get(v.projectId)!), place.votes.map((v) => v.votes)],
    );
  }
  await db.query('ANALYZE');
  const choices = choiceIds.length;
  console.log(
    `\nThe database path (${label}): ${voters} ballots with ${choices} choices seeded in ${(
      (performance.now() - seeded) /
      1000
    ).toFixed(1)} s`,
  );

  const { heading } = timer(bench.endpoint, RUNS);
  await heading(db);
  const id = toGlobalId('ParticipatoryBudget', budgetId);
  const medians: number[] = [];
  const timed = async (what: string, run: () => Promise<string>, limited = false) => {
    await run();
    await run();
    const samples: number[] = [];
    let said = '';
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      said = await run();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    if (limited) medians.push(median);
    console.log(
      `${what.padEnd(56)} median ${median.toFixed(1).padStart(6)} ms   slowest ${samples[
        samples.length - 1
      ]
        .toFixed(1)
        .padStart(6)} ms   (${said})` +
        (limited && median >= LIMIT_MS ? `   OVER ${LIMIT_MS} ms` : ''),
    );
  };
  const results = async () => {
    const res = await fetch(bench.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: RESULTS, variables: { id } }),
    });
    const body = (await res.json()) as {
      errors?: unknown;
      data: {
        budget: {
          results: {
            ballots: number;
            projects: { outcome: string }[];
            spent: { amount: number }[];
          };
        };
      };
    };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const r = body.data.budget.results;
    const selected = r.projects.filter((p) => p.outcome === 'SELECTED').length;
    return `${r.ballots} ballots, ${selected} selected, ₩${r.spent[0].amount.toLocaleString('en')} spent`;
  };
  for (const rule of ['GREEDY', 'EQUAL_SHARES']) {
    await db.query('UPDATE participatory_budget SET selection_rule = $2 WHERE id = $1', [
      budgetId,
      rule,
    ]);
    await timed(`results over HTTP, ${rule}`, results, true);
  }
  const exportUrl = `${bench.endpoint.replace(/\/graphql$/, '')}/budgets/${encodeURIComponent(id)}/pabulib.pb`;
  await timed('Pabulib export over HTTP, EQUAL_SHARES', async () => {
    const res = await fetch(exportUrl);
    if (res.status !== 200) throw new Error(`export: HTTP ${res.status}`);
    const text = await res.text();
    return `${(text.length / 1e6).toFixed(1)} MB`;
  });
  // Not part of a request: what the heaviest statement alone takes (ballotGroups).
  await timed('the ballot-grouping statement alone (SQL)', async () => {
    const { rowCount } = await db.query(BALLOT_GROUPS_SQL, [budgetId]);
    return `${rowCount} distinct ballots`;
  });
  // Publication, once (it can happen once): counting, storing every result and carrying each
  // selected project on as an ACCEPTED proposal of its department; then the stored record.
  const password = 'bench admin password';
  await db.query(
    `INSERT INTO department (slug, name) VALUES ('bench-parks', '공원녹지과');
     UPDATE budget_project SET department_id = (SELECT id FROM department WHERE slug = 'bench-parks')
      WHERE budget_id = '${budgetId}'`,
  );
  await db.query(
    `INSERT INTO app_user (email, password_hash, display_name, role)
     VALUES ('bench-admin@example.test', $1, '관리자', 'ADMIN')`,
    [await argon2.hash(password, { type: argon2.argon2id })],
  );
  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(bench.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown; data: any };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const { logIn } = await post(
    'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
    { input: { email: 'bench-admin@example.test', password } },
  );
  const publishing = performance.now();
  const published = await post(
    'mutation($id: ID!) { publishBudgetResults(budgetId: $id) { final projects { outcome } } }',
    { id },
    logIn.accessToken,
  );
  const selectedCount = published.publishBudgetResults.projects.filter(
    (p: { outcome: string }) => p.outcome === 'SELECTED',
  ).length;
  console.log(
    `${'publishBudgetResults, EQUAL_SHARES (once)'.padEnd(56)} ${(performance.now() - publishing)
      .toFixed(1)
      .padStart(6)} ms   (${selectedCount} projects carried on as proposals)`,
  );
  await timed('published results over HTTP (the stored record)', results, true);

  const failed = medians.some((m) => m >= LIMIT_MS) || Boolean(process.exitCode);
  // bench.stop() exits with 0; an 'exit' listener may still set the code the process ends with.
  process.once('exit', () => {
    if (failed) process.exitCode = 1;
  });
  return bench.stop();
}
