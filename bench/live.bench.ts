/**
 * Live updates under fan-out: BENCH_SUBSCRIBERS (default 200) WebSocket clients watch one
 * proposal with proposalUpdated while a citizen supports and unsupports it; for each change it
 * times the mutation's answer and the moment the last subscriber has the event, and compares
 * with the same mutation when nobody listens. Half of the subscribers are signed in. Events go through Redis when REDIS_URL is set,
 * in-process otherwise (the first line says which). Uses DATABASE_URL's server when set, else
 * the embedded Postgres; works in its own database `wontak_bench_live`.
 *
 *   npm run bench:live
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench:live
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startBench, timer } from './bench-kit.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 200);
const CHANGES = 30;
// Every client of the bench connects from this one address, past WS_MAX_CONNECTIONS_PER_IP.
process.env.WS_MAX_CONNECTIONS_PER_IP ??= String(SUBSCRIBERS);

const bench = await startBench('wontak_bench_live');
const { gql } = timer(bench.endpoint);
console.log(
  `live events through ${process.env.REDIS_URL ? `Redis (${process.env.REDIS_URL})` : 'the in-process pub/sub'}, ${SUBSCRIBERS} subscribers`,
);

const { signUp } = await gql(
  `mutation { signUp(input: { email: "bench-live@example.test", password: "a bench passphrase", displayName: "벤치" }) { accessToken } }`,
);
const token = signUp.accessToken as string;
const authed = async (query: string, variables: Record<string, unknown>) => {
  const res = await fetch(bench.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown; data: any };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
};
const { createProposal } = await authed(
  `mutation($input: CreateProposalInput!) { createProposal(input: $input) { id } }`,
  { input: { title: '실시간 벤치마크 제안', body: '여러 사람이 동시에 지켜보는 제안입니다.' } },
);
const id = createProposal.id as string;
const toggle = (n: number) =>
  authed(
    `mutation($id: ID!) { ${n % 2 ? 'unsupportProposal' : 'supportProposal'}(id: $id) { supportCount } }`,
    { id },
  );

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
  return `median ${at(0.5).toFixed(1).padStart(6)} ms   p95 ${at(0.95).toFixed(1).padStart(6)} ms`;
}

// Nobody listening.
const alone: number[] = [];
for (let n = 0; n < CHANGES; n++) {
  const started = performance.now();
  await toggle(n);
  alone.push(performance.now() - started);
}

// Everybody listening: each event resolves the proposal for its subscriber.
const wsUrl = bench.endpoint.replace(/^http/, 'ws');
const clients: Client[] = [];
let pending: { left: number; done: () => void } | null = null;
let subscribed = 0;
await new Promise<void>((ready) => {
  for (let i = 0; i < SUBSCRIBERS; i++) {
    // Half of the connections are signed in: their holder is read again at each event.
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: i % 2 ? { authorization: `Bearer ${token}` } : undefined,
    });
    clients.push(client);
    client.on('connected', () => {
      if (++subscribed === SUBSCRIBERS) setTimeout(ready, 500); // let the subscriptions register
    });
    client.subscribe(
      {
        query:
          'subscription($id: ID!) { proposalUpdated(id: $id) { id supportCount commentCount } }',
        variables: { id },
      },
      {
        next: () => {
          if (pending && --pending.left === 0) pending.done();
        },
        error: (e) => console.error(e),
        complete: () => {},
      },
    );
  }
});
const answered: number[] = [];
const delivered: number[] = [];
for (let n = 0; n < CHANGES; n++) {
  const started = performance.now();
  const all = new Promise<void>((done) => (pending = { left: SUBSCRIBERS, done }));
  await toggle(n);
  answered.push(performance.now() - started);
  await all;
  delivered.push(performance.now() - started);
}
console.log(`support toggle, nobody listening                 ${stats(alone)}`);
console.log(
  `support toggle, ${String(SUBSCRIBERS).padStart(4)} listening: answered       ${stats(answered)}`,
);
console.log(
  `support toggle, ${String(SUBSCRIBERS).padStart(4)} listening: all delivered  ${stats(delivered)}`,
);
for (const client of clients) await client.dispose();
await bench.stop();
