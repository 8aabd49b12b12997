import { gqlOk, type ServerProcess } from '../reliability/support.js';
import {
  addresses,
  flood,
  MANY_CLIENTS_PROBE_MEDIAN_MS,
  probe,
  stillServes,
  useBuiltServer,
  watchRss,
} from './support.js';

/**
 * Values that reach Postgres (issue 14), against the built production server: a cursor, date
 * or text that decodes but that Postgres cannot take (an int past 2^31, February 30, a lone
 * surrogate, NUL) was an INTERNAL_SERVER_ERROR, logged with a stack each time. Sent by many
 * clients at once, every one must be BAD_USER_INPUT (or a rate limit), never a 500.
 */

let server: ServerProcess;
useBuiltServer(async (started, postgres) => {
  server = started;
  const [author] = await postgres.query<{ id: string }>(
    `INSERT INTO app_user (email, password_hash, display_name)
     VALUES ('values@example.test', 'x', '값 시험') RETURNING id`,
  );
  await postgres.query(
    `INSERT INTO proposal (title, body, author_id)
     SELECT '제안 ' || n, '값을 시험하는 제안입니다', $1 FROM generate_series(1, 3) AS n`,
    [author!.id],
  );
});

/** A real cursor of `orderBy`, with its sort values replaced by `values`. */
async function forgedCursor(orderBy: string, values: (old: unknown[]) => unknown[]) {
  const data = await gqlOk<{ proposals: { edges: { cursor: string }[] } }>(
    server,
    `{ proposals(first: 1, orderBy: ${orderBy}) { edges { cursor } } }`,
  );
  const [ordering, ...old] = JSON.parse(
    Buffer.from(data.proposals.edges[0]!.cursor, 'base64url').toString('utf8'),
  ) as unknown[];
  return Buffer.from(JSON.stringify([ordering, ...values(old)])).toString('base64url');
}

it('hostile values from 10 clients at once are all BAD_USER_INPUT (or rate limited), never a 500, and it stays up', async () => {
  const bySupports = '{ field: SUPPORT_COUNT, direction: DESC }';
  const byCreation = '{ field: CREATED_AT, direction: DESC }';
  const int = await forgedCursor(bySupports, (old) =>
    old.map((v) => (typeof v === 'number' ? 2 ** 31 : v)),
  );
  const date = await forgedCursor(byCreation, (old) =>
    old.map((v) => (typeof v === 'string' && /^\d{4}-/.test(v) ? '2026-02-30T00:00:00.000Z' : v)),
  );
  const documents = [
    {
      query: `query($c: String) { proposals(first: 5, orderBy: ${bySupports}, after: $c) { totalCount } }`,
      variables: { c: int },
    },
    {
      query: `query($c: String) { proposals(first: 5, orderBy: ${byCreation}, after: $c) { totalCount } }`,
      variables: { c: date },
    },
    { query: 'query($s: String!) { department(slug: $s) { id } }', variables: { s: 'park\ud800' } },
    {
      query: 'query($s: String!) { proposals(filter: { search: $s }) { totalCount } }',
      variables: { s: '놀이터\udfff' },
    },
    { query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: 'UHJvcG9zYWw6\u0000' } },
    {
      query: 'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
      variables: { input: { email: '\ud800@example.test', password: 'whatever password' } },
    },
  ].map((d) => JSON.stringify(d));

  const rss = watchRss(server.pid);
  const bystander = probe(server);
  const result = await flood(
    server,
    addresses(10, 500).map((ip, n) => ({
      ip,
      concurrency: 2,
      body: (i: number) => documents[(i + n) % documents.length],
    })),
    { durationMs: 6_000, maxRequests: 1200 },
  );
  const waits = await bystander.stop();
  const memory = rss.stop();
  console.log(
    `availability/values: ${JSON.stringify({ ...result, rssMaxMb: Math.round(memory.maxMb), probe: waits })}`,
  );

  expect(server.hasExited()).toBe(false);
  expect(await stillServes(server)).toBe(true);
  expect(result.statuses[500] ?? 0).toBe(0);
  expect(result.codes.BAD_USER_INPUT).toBeGreaterThan(0);
  for (const code of Object.keys(result.codes)) {
    expect(['BAD_USER_INPUT', 'RATE_LIMITED']).toContain(code);
  }
  expect(server.output()).not.toMatch(/Unhandled error in a resolver/);
  // Ten clients at once (the one-client bound, 100 ms, is lists-and-texts' and memory's).
  expect(waits.medianMs).toBeLessThan(MANY_CLIENTS_PROBE_MEDIAN_MS);
}, 120_000);
