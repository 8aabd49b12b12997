/**
 * Proposal list and search at city scale: 100,000 proposals (BENCH_PROPOSALS to change), timed
 * through the real HTTP API. Uses DATABASE_URL's server when set, else the embedded Postgres
 * under DATA_DIR; works in its own database `wontak_bench`, dropped and rebuilt on each run.
 *
 *   npm run bench
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp, ensureLocalJwtSecret, resolveDatabase } from '../src/core/bootstrap.js';
import { validateEnvironment } from '../src/core/config/environment.js';
import { encodeCursor } from '../src/core/graphql/relay/cursor.js';

const COUNT = Number(process.env.BENCH_PROPOSALS ?? 100_000);
const RUNS = 15;

process.env.LOG_LEVEL ??= 'warn';
ensureLocalJwtSecret();
const database = await resolveDatabase(validateEnvironment(process.env));
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS wontak_bench');
await admin.query('CREATE DATABASE wontak_bench');
await admin.end();
const url = new URL(database.url);
url.pathname = '/wontak_bench';

const app = await createApp(url.toString()); // runs the migrations
await app.listen(0, '127.0.0.1');
const endpoint = `${await app.getUrl()}/graphql`;

const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
let started = performance.now();
const [{ id: authorId }] = (
  await db.query(
    `INSERT INTO app_user (email, password_hash, display_name) VALUES ('bench@example.test', 'x', '벤치') RETURNING id`,
  )
).rows;
// Pseudo-Korean text from a pool of 2,000 syllables, ~150 characters a body; one proposal in
// a thousand mentions 산책로. Supports and comments vary, created_at spreads over two years.
await db.query(
  `INSERT INTO proposal (title, body, author_id, support_count, comment_count, created_at)
   SELECT
     (SELECT string_agg(chr(44032 + ((g * 7919 + k * 104729) % 2000)), '') FROM generate_series(1, 12) k),
     (SELECT string_agg(chr(44032 + ((g * 31 + k * 7877 + k * k) % 2000)) || CASE WHEN k % 4 = 0 THEN ' ' ELSE '' END, '')
        FROM generate_series(1, 150) k) || CASE WHEN g % 1000 = 0 THEN ' 산책로 그늘' ELSE '' END,
     $1, (g * 37) % 500, (g * 11) % 40,
     now() - (g * interval '10 minutes')
   FROM generate_series(1, $2::int) g`,
  [authorId, COUNT],
);
await db.query('ANALYZE proposal');
console.log(`seeded ${COUNT} proposals in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown; data: any };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function time(label: string, query: string, variables: Record<string, unknown> = {}): Promise<void> {
  await gql(query, variables); // warm
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    const data = await gql(query, variables);
    samples.push(performance.now() - started);
    rows = data.proposals.nodes.length;
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const p90 = samples[Math.floor(samples.length * 0.9)]!;
  console.log(`${label.padEnd(52)} median ${median.toFixed(1).padStart(6)} ms   p90 ${p90.toFixed(1).padStart(6)} ms   (${rows} rows)`);
}

const PAGE = `query($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
  proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { id title supportCount commentCount author { displayName } topics { name } }
  }
}`;
// A cursor 5,000 pages deep (row 100,000 - 20 of the newest-first list), built from the row itself.
const deep = (
  await db.query(`SELECT id, created_at FROM proposal ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [
    Math.max(0, COUNT - 21),
  ])
).rows[0];
const deepCursor = encodeCursor('proposals-CREATED_AT-DESC', [new Date(deep.created_at).toISOString(), deep.id]);
const deepBySupport = (
  await db.query(`SELECT id, support_count FROM proposal ORDER BY support_count DESC, id DESC OFFSET $1 LIMIT 1`, [
    Math.max(0, COUNT - 21),
  ])
).rows[0];

console.log(`\nGraphQL over HTTP, ${RUNS} runs each, Postgres ${(await db.query('SHOW server_version')).rows[0].server_version}`);
await time('page 1, newest first, 20 rows', PAGE, { first: 20 });
await time(`last page (≈ page ${Math.floor(COUNT / 20)}), newest first, keyset`, PAGE, { first: 20, after: deepCursor });
await time('page 1, most supported', PAGE, { first: 20, orderBy: { field: 'SUPPORT_COUNT', direction: 'DESC' } });
await time('last page, most supported, keyset', PAGE, {
  first: 20,
  orderBy: { field: 'SUPPORT_COUNT', direction: 'DESC' },
  after: encodeCursor('proposals-SUPPORT_COUNT-DESC', [deepBySupport.support_count, deepBySupport.id]),
});
await time('search "산책" (2 syllables, 0.1% of rows)', PAGE, { first: 20, filter: { search: '산책' } });
await time('search "산책로 그늘" (phrase)', PAGE, { first: 20, filter: { search: '산책로 그늘' } });
await time('search a word found nowhere', PAGE, { first: 20, filter: { search: '두꺼비' } });
await time('search one syllable "가" (no index: a scan)', PAGE, { first: 20, filter: { search: '가' } });

await db.end();
await app.close();
await database.stop();
process.exit(0);
