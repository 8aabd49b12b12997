/**
 * What tracing costs a request (issue 15): one page of 20 proposals with their authors,
 * departments, answers and transfers (26 spans a request when traced), through the real
 * HTTP API, in turns: tracing off (as main.ts starts without an endpoint: nothing installed),
 * then on (every span made, batched and sent over OTLP/HTTP protobuf to a collector in this
 * process that reads and discards them), BENCH_TRACING_ROUNDS times (4). Each turn:
 * BENCH_TRACING_REQUESTS requests one at a time (500), then 5 s at 10 connections
 * (autocannon). The CPU is this process's, client and collector included, divided by the
 * requests: the difference between the modes is what tracing adds. Uses DATABASE_URL's server when set, else the embedded Postgres under DATA_DIR;
 * works in its own database `wontak_bench_tracing` (see bench-kit.ts).
 *
 *   npm run bench:tracing
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { validateEnvironment } from '../src/core/config/environment.js';
import { startBench, timer } from './bench-kit.js';

// Before the app is imported (its configuration module writes LOG_LEVEL's default into
// process.env as it loads): no log line per request, and no rate limit on the load.
process.env.LOG_LEVEL ??= 'warn';
process.env.RATE_LIMIT_ENABLED = 'false';
const { createApp } = await import('../src/core/bootstrap.js');
const { startTracingFromEnvironment } = await import('../src/core/tracing/start-tracing.js');

const REQUESTS = Number(process.env.BENCH_TRACING_REQUESTS ?? 500);
const ROUNDS = Number(process.env.BENCH_TRACING_ROUNDS ?? 4);
const PAGE = `query TracedPage {
  proposals(first: 20) {
    nodes { id title supportCount author { displayName } department { name }
            answers { status } transfers { reason } }
  }
}`;

const bench = await startBench('wontak_bench_tracing');
await bench.db.query(
  `INSERT INTO department (slug, name) SELECT 'dept-' || d, '부서 ' || d FROM generate_series(1, 10) d`,
);
await bench.db.query(
  `INSERT INTO app_user (email, password_hash, display_name)
   SELECT 'bench' || u || '@example.test', 'x', '벤치 ' || u FROM generate_series(1, 20) u`,
);
await bench.db.query(
  `INSERT INTO proposal (title, body, author_id, department_id, created_at)
   SELECT '제안 ' || g, '본문 ' || g,
     (SELECT id FROM app_user ORDER BY email OFFSET g % 20 LIMIT 1),
     (SELECT id FROM department ORDER BY slug OFFSET g % 10 LIMIT 1),
     now() - g * interval '1 minute'
   FROM generate_series(1, 200) g`,
);

// The collector: reads every export and answers 200 (an empty ExportTraceServiceResponse).
let exports = 0;
let exportedBytes = 0;
const collector = createServer((req, res) => {
  req.on('data', (chunk: Buffer) => (exportedBytes += chunk.length));
  req.on('end', () => {
    exports++;
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

// Off: the bench's own app, made before any tracing existed in this process. On: an app made
// as main.ts makes it with OTEL_EXPORTER_OTLP_ENDPOINT set (the other variables at their defaults).
const tracing = await startTracingFromEnvironment(
  validateEnvironment({ ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl }),
);
if (!tracing) throw new Error('tracing did not start');
const tracedApp = await createApp(bench.url, { tracing });
await tracedApp.listen(0, '127.0.0.1');
const endpoints = { off: bench.endpoint, on: `${await tracedApp.getUrl()}/graphql` };

interface Turn {
  mode: 'off' | 'on';
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  rps: number;
  concurrentP50: number;
  concurrentP99: number;
  concurrentCpuMsPerRequest: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

async function turn(mode: 'off' | 'on'): Promise<Turn> {
  const endpoint = endpoints[mode];
  const { gql } = timer(endpoint);
  for (let i = 0; i < 50; i++) await gql(PAGE); // warm
  const samples: number[] = [];
  let cpu = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const data = await gql(PAGE);
    samples.push(performance.now() - started);
    if (data.proposals.nodes.length !== 20) throw new Error('not a full page');
  }
  const sequentialCpu = cpuMs(cpu) / REQUESTS;
  samples.sort((a, b) => a - b);
  cpu = process.cpuUsage();
  const load = await autocannon({
    url: endpoint,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE }),
    connections: 10,
    duration: 5,
  });
  if (load.errors || load.non2xx) throw new Error(`${load.errors} errors, ${load.non2xx} non-2xx`);
  return {
    mode,
    meanMs: samples.reduce((sum, ms) => sum + ms, 0) / samples.length,
    p50Ms: samples[Math.floor(samples.length * 0.5)]!,
    p99Ms: samples[Math.floor(samples.length * 0.99)]!,
    cpuMsPerRequest: sequentialCpu,
    rps: load.requests.average,
    concurrentP50: load.latency.p50,
    concurrentP99: load.latency.p99,
    concurrentCpuMsPerRequest: cpuMs(cpu) / load.requests.total,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
const turns: Turn[] = [];
// Turns alternate, so that what else the machine does falls on both modes alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of ['off', 'on'] as const) {
    turns.push(await turn(mode));
    // autocannon resolves with requests still in flight: let them finish before the next turn.
    await settle();
    await tracing.forceFlush();
  }
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fixed = (n: number, digits = 2) => n.toFixed(digits).padStart(8);
console.log(
  `\n${ROUNDS} rounds of ${REQUESTS} requests one at a time, then 5 s at 10 connections; medians` +
    ` of the rounds. Exported: ${exports} requests, ${(exportedBytes / 1e6).toFixed(1)} MB.`,
);
console.log(
  'tracing    mean ms   p50 ms   p99 ms  CPU ms/req |      rps   p50 ms   p99 ms  CPU ms/req',
);
for (const mode of ['off', 'on'] as const) {
  const mine = turns.filter((t) => t.mode === mode);
  const m = (key: keyof Omit<Turn, 'mode'>) => median(mine.map((t) => t[key]));
  console.log(
    `${mode.padEnd(7)}${fixed(m('meanMs'))}${fixed(m('p50Ms'))}${fixed(m('p99Ms'))}${fixed(m('cpuMsPerRequest'), 3)}    |` +
      `${fixed(m('rps'), 0)}${fixed(m('concurrentP50'), 0)}${fixed(m('concurrentP99'), 0)}${fixed(m('concurrentCpuMsPerRequest'), 3)}`,
  );
}

collector.close();
await tracedApp.close();
await tracing.shutdown();
await bench.stop();
