/**
 * Proposal list and search at city scale: 100,000 proposals (BENCH_PROPOSALS to change), timed
 * through the real HTTP API (median, p90 and p95 of 15 runs). Uses DATABASE_URL's server when
 * set, else the embedded Postgres under DATA_DIR; works in its own database `wontak_bench`,
 * dropped and rebuilt on each run (see bench-kit.ts).
 *
 *   npm run bench:proposals      (npm run bench: this one, then bench:feedback)
 */
import { performance } from 'node:perf_hooks';
import { encodeCursor } from '../src/core/graphql/relay/cursor.js';
import { startBench, timer } from './bench-kit.js';

const COUNT = Number(process.env.BENCH_PROPOSALS ?? 100_000);

const bench = await startBench('wontak_bench');
const { db } = bench;
const started = performance.now();
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

const kit = timer(bench.endpoint);
const time = (label: string, query: string, variables: Record<string, unknown> = {}) =>
  kit.time(label, query, variables, (data) => `${data.proposals.nodes.length} rows`);

const PAGE = `query($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
  proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { id title supportCount commentCount author { displayName } topics { name } }
  }
}`;
// A cursor 5,000 pages deep (row 100,000 - 20 of the newest-first list), built from the row itself.
const deep = (
  await db.query(
    `SELECT id, created_at FROM proposal ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
    [Math.max(0, COUNT - 21)],
  )
).rows[0];
const deepCursor = encodeCursor('proposals-CREATED_AT-DESC', [
  new Date(deep.created_at).toISOString(),
  deep.id,
]);
const deepBySupport = (
  await db.query(
    `SELECT id, support_count FROM proposal ORDER BY support_count DESC, id DESC OFFSET $1 LIMIT 1`,
    [Math.max(0, COUNT - 21)],
  )
).rows[0];

await kit.heading(db);
await time('page 1, newest first, 20 rows', PAGE, { first: 20 });
await time(`last page (≈ page ${Math.floor(COUNT / 20)}), newest first, keyset`, PAGE, {
  first: 20,
  after: deepCursor,
});
await time('page 1, most supported', PAGE, {
  first: 20,
  orderBy: { field: 'SUPPORT_COUNT', direction: 'DESC' },
});
await time('last page, most supported, keyset', PAGE, {
  first: 20,
  orderBy: { field: 'SUPPORT_COUNT', direction: 'DESC' },
  after: encodeCursor('proposals-SUPPORT_COUNT-DESC', [
    deepBySupport.support_count,
    deepBySupport.id,
  ]),
});
await time('search "산책" (2 syllables, 0.1% of rows)', PAGE, {
  first: 20,
  filter: { search: '산책' },
});
await time('search "산책로 그늘" (phrase)', PAGE, { first: 20, filter: { search: '산책로 그늘' } });
await time('search a word found nowhere', PAGE, { first: 20, filter: { search: '두꺼비' } });
await time('search one syllable "가" (no index: a scan)', PAGE, {
  first: 20,
  filter: { search: '가' },
});

await bench.stop();
