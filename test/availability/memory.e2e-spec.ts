import { randomBytes } from 'node:crypto';
import type { ServerProcess } from '../reliability/support.js';
import {
  addresses,
  flood,
  MANY_CLIENTS_PROBE_MEDIAN_MS,
  probe,
  PROBE_MEDIAN_MS,
  RSS_BOUND_MB,
  rssMb,
  stillServes,
  useBuiltServer,
  watchRss,
} from './support.js';

/**
 * Memory that remembers per request (issue 14): whatever is kept by request content (parsed
 * documents, operation costs, rate-limit counters) must be bounded in entries and in bytes,
 * and must not key on what a client sends. Before, the cost of each (document, variables) pair
 * was kept under the variables' whole text (up to 100 KB), 256 of them per document, for as
 * many documents as Apollo's 30 MB document cache held; log-in counters were keyed on the
 * email as sent. And requests that reach no root field were free.
 */

let server: ServerProcess;
useBuiltServer((started) => {
  server = started;
});

/** A different valid document for each n (its own operation name and alias). */
/** Requests in each round: 1,080 queries over 400 distinct documents, and 120 log-ins. */
const ROUND_REQUESTS = 1200;

const documentOf = (n: number) =>
  `query Q${n} { d${n}: proposals(first: 1) { totalCount } t${n}: __typename }`;

it('distinct documents with 90 KB of distinct variables each, and log-ins with distinct long emails: memory stays bounded', async () => {
  const pad = () => randomBytes(45 * 1024).toString('hex');
  const rounds: { requests: number; rssMb: number }[] = [];
  const rss = watchRss(server.pid);
  const bystander = probe(server);
  // Two rounds of the same size: what is remembered without bound grows in the second as in
  // the first; what is bounded is full after the first. Each round is a number of requests,
  // not a length of time: a slower machine takes longer, and the comparison still holds.
  for (const round of [0, 1]) {
    const result = await flood(
      server,
      addresses(40, round * 40).map((ip, a) => ({
        ip,
        concurrency: 2,
        body: (i: number) =>
          i % 10 === 9
            ? JSON.stringify({
                query: 'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
                variables: {
                  input: { email: `${randomBytes(2000).toString('hex')}@x.example`, password: 'p' },
                },
              })
            : JSON.stringify({
                query: documentOf((a * 1000 + i) % 400),
                operationName: `Q${(a * 1000 + i) % 400}`,
                variables: { pad: pad() },
              }),
      })),
      { durationMs: 70_000, maxRequests: ROUND_REQUESTS },
    );
    rounds.push({ requests: result.requests, rssMb: rssMb(server.pid) });
    for (const code of Object.keys(result.codes)) {
      expect(['OK', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'RATE_LIMITED']).toContain(code);
    }
  }
  const waits = await bystander.stop();
  const memory = rss.stop();
  console.log(
    `availability/memory distinct documents: ${JSON.stringify({ rounds, rssMaxMb: Math.round(memory.maxMb), probe: waits })}`,
  );

  expect(server.hasExited()).toBe(false);
  expect(await stillServes(server)).toBe(true);
  expect(memory.maxMb).toBeLessThan(RSS_BOUND_MB);
  expect(rounds.map((r) => r.requests)).toEqual([ROUND_REQUESTS, ROUND_REQUESTS]);
  // The second round, as large as the first, adds at most a little (garbage not yet collected).
  expect(rounds[1]!.rssMb - rounds[0]!.rssMb).toBeLessThan(80);
  expect(waits.medianMs).toBeLessThan(MANY_CLIENTS_PROBE_MEDIAN_MS);
}, 240_000);

it('requests that reach no root field count against the requests allowance: one address gets 1,200 a minute, then 429', async () => {
  const kinds = [
    '{"query":"{ __typename }"}',
    '{"query":"{ __schema { types { name } } }"}', // refused: introspection is off
    '{"query":"{ nope }"}', // fails validation
    '{"query":"{ __typename"}', // does not parse
    'not even JSON',
  ];
  const rss = watchRss(server.pid);
  const bystander = probe(server);
  const result = await flood(
    server,
    [{ ip: '198.18.250.1', concurrency: 8, body: (i: number) => kinds[i % kinds.length] }],
    { durationMs: 20_000, maxRequests: 3000 },
  );
  const waits = await bystander.stop();
  const memory = rss.stop();
  console.log(
    `availability/memory no root field: ${JSON.stringify({ ...result, rssMaxMb: Math.round(memory.maxMb), probe: waits })}`,
  );

  expect(server.hasExited()).toBe(false);
  expect(memory.maxMb).toBeLessThan(RSS_BOUND_MB);
  expect(waits.medianMs).toBeLessThan(PROBE_MEDIAN_MS);
  // Sent within a minute: exactly the allowance was answered, every other one refused.
  expect(result.requests).toBe(3000);
  expect(result.statuses[429]).toBe(3000 - 1200);
  expect((result.statuses[200] ?? 0) + (result.statuses[400] ?? 0)).toBe(1200);
}, 120_000);
