/**
 * Builds the benchmark data set (bench/dataset.ts) in its own database `wontak_bench_dataset`
 * (dropped and rebuilt on each run, see bench-kit.ts), prints the summary and the time of each
 * step, checks every counter against its rows, and explains the API's search for each of
 * SEARCH_WORDS. Exits with 1 when the build or a check fails.
 *
 *   node --disable-warning=DEP0205 --import @swc-node/register/esm-register bench/dataset.check.ts [--quick] [--one-connection]
 *
 * --quick builds QUICK_SCALE (a tenth); --one-connection builds the search index on the same
 * connection as the rest, after it (BuildOptions.connect = null).
 */
import { performance } from 'node:perf_hooks';
import { startBench } from './bench-kit.js';
import {
  buildDataset,
  checkDataset,
  FULL_SCALE,
  QUICK_SCALE,
  SEARCH_WORDS,
  type DatasetScale,
} from './dataset.js';

const quick = process.argv.includes('--quick');
const oneConnection = process.argv.includes('--one-connection');
const scale: DatasetScale = quick ? QUICK_SCALE : FULL_SCALE;

const bench = await startBench('wontak_bench_dataset');
const { db } = bench;
let failed = false;
try {
  const { server_version } = (await db.query('SHOW server_version')).rows[0];
  console.log(
    `building the ${quick ? 'quick' : 'full'} data set ${JSON.stringify(scale)} on Postgres ${server_version}`,
  );
  const summary = await buildDataset(db, scale, {
    log: (line) => console.log(line),
    ...(oneConnection ? { connect: null } : {}),
  });
  const { steps, ...rest } = summary;
  void steps;
  console.log(`\nbuilt in ${summary.seconds.toFixed(1)} s`);
  console.log(JSON.stringify(rest, null, 2));
  const sizes = await db.query(
    `SELECT relname, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 8`,
  );
  console.log(
    `largest tables: ${sizes.rows.map((r) => `${r.relname} ${r.size}`).join(', ')}; database ${
      (await db.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')).rows[0].s
    }`,
  );

  const checkStarted = performance.now();
  const problems = await checkDataset(db);
  console.log(
    `\ncheckDataset: ${problems.length === 0 ? 'no inconsistency' : `${problems.length} problems`} (${(
      (performance.now() - checkStarted) /
      1000
    ).toFixed(1)} s)`,
  );
  for (const problem of problems) console.log(`  - ${problem}`);
  failed = problems.length > 0;

  // The API's search statement (searchCondition of src/proposals/proposal-search.ts, first page
  // of 20 newest first, as the proposals list runs it): plan and time.
  for (const word of SEARCH_WORDS) {
    const sql = `SELECT p.id, p.title FROM proposal p
      WHERE (p.hidden = false)
        AND p.id IN (SELECT ps.proposal_id FROM proposal_search ps WHERE ps.bigrams @> search_bigrams($1))
        AND (strpos(lower(p.title), lower($1)) > 0 OR strpos(lower(p.body), lower($1)) > 0)
      ORDER BY p.created_at DESC, p.id DESC LIMIT 21`;
    const matches = (
      await db.query(
        `SELECT count(*)::int AS n, round(100.0 * count(*) / (SELECT count(*) FROM proposal), 2) AS pct
           FROM proposal p
          WHERE p.id IN (SELECT ps.proposal_id FROM proposal_search ps WHERE ps.bigrams @> search_bigrams($1))
            AND (strpos(lower(p.title), lower($1)) > 0 OR strpos(lower(p.body), lower($1)) > 0)`,
        [word],
      )
    ).rows[0];
    console.log(`\nsearch "${word}": ${matches.n} proposals (${matches.pct}%)`);
    const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [word]);
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
  }
  const sample = await db.query(
    `SELECT title, body FROM proposal WHERE strpos(body, $1) > 0 ORDER BY created_at DESC LIMIT 2`,
    [SEARCH_WORDS[0]],
  );
  console.log('\nsample proposals:');
  for (const row of sample.rows) console.log(`  [${row.title}] ${row.body}`);
} catch (error) {
  failed = true;
  console.error(error);
}
// bench.stop() exits with 0: the exit listener turns a failure into 1.
process.on('exit', () => {
  if (failed) process.exitCode = 1;
});
await bench.stop();
