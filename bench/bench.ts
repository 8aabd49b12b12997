/**
 * The city-scale benchmark (issue 8): Wontak beside its own floor.
 *
 *   npm run bench                               100,000 proposals, 15 s a scenario
 *   npm run bench -- --quick --json out.json    a tenth of the data, 3 s a scenario
 *
 * Options: --quick, --json FILE, --duration SECONDS, --connections N (32), --only a,b.
 *
 * 1. Builds the data set (bench/dataset.ts) in its own database `wontak_bench_city` on
 *    DATABASE_URL's server, or on the embedded Postgres under DATA_DIR.
 * 2. Starts the API as its own process in production mode (rate limits off) and, beside it,
 *    the floor (bench/floor-server.ts): node:http + pg running the SQL each scenario needs.
 * 3. For each scenario (bench/scenarios.ts) drives the API, then the floor, with autocannon at
 *    a fixed concurrency; records requests per second, p50 and p99 latency, the API's peak
 *    memory (VmHWM, reset before each scenario), and the SQL statements one request costs,
 *    counted on an in-process copy of the app (transaction control not counted).
 * 4. Checks support-toggle stayed exact (the stored count equals the rows), and, in a full run,
 *    runs proposal-list again at a tenth of the data (the scale ratio).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  buildDataset,
  FULL_SCALE,
  QUICK_SCALE,
  SEARCH_WORDS,
  type DatasetSummary,
} from './dataset.js';
import { prepareContext, SCENARIOS, type BenchContext, type Scenario } from './scenarios.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Options {
  quick: boolean;
  json: string | null;
  duration: number;
  connections: number;
  only: string[] | null;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  return {
    quick,
    json: value('--json') ?? null,
    duration: Number(value('--duration') ?? (quick ? 3 : 15)),
    connections: Number(value('--connections') ?? 32),
    only: value('--only')?.split(',') ?? null,
  };
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

interface ScenarioResult {
  name: string;
  api: Measure;
  floor: Measure | null;
  /** API requests per second over the floor's. */
  ratio: number | null;
  sqlPerRequest: number;
  rssMb: number;
  note?: string;
}

// ---- processes ------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Child {
  process: ChildProcess;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `args` with node, waiting until `ready(url)` answers true. */
async function startChild(
  args: string[],
  env: Record<string, string>,
  url: string,
  ready: (output: string) => Promise<boolean>,
): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 120_000;
  while (!(await ready(log).catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${log}`);
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} not ready:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    process: child,
    url,
    output: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The flags `npm run start:prod` gives node (`node FLAGS dist/src/main.js` in package.json). */
function startProdFlags(): string[] {
  const scripts = (
    JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const match = /^node\s+(.*?)\s*dist\/src\/main\.js$/.exec(scripts['start:prod'] ?? '');
  if (!match) throw new Error('start:prod is not "node [flags] dist/src/main.js"');
  return match[1]!.split(/\s+/).filter(Boolean);
}

/** The API in production mode, as its own process, from the build (`npm run start:prod`). */
async function startApi(databaseUrl: string, jwtSecret: string): Promise<Child> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The node flags of `npm run start:prod` (the heap limit), then BENCH_API_NODE_ARGS: flags
  // for the API only, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const nodeArgs = [
    ...startProdFlags(),
    ...(process.env.BENCH_API_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
  ];
  return startChild(
    [...nodeArgs, 'dist/src/main.js'],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: '',
    },
    `${base}/graphql`,
    async () => (await fetch(`${base}/health/ready`)).status === 200,
  );
}

/** The floor, as its own process (bench/floor-main.ts), given the context through a file. */
async function startFloor(databaseUrl: string, contextFile: string): Promise<Child> {
  let url = '';
  const child = await startChild(
    [
      '--disable-warning=DEP0205',
      '--import',
      '@swc-node/register/esm-register',
      'bench/floor-main.ts',
    ],
    { FLOOR_DATABASE_URL: databaseUrl, FLOOR_CONTEXT: contextFile },
    '',
    async (output) => {
      url = /FLOOR_URL=(\S+)/.exec(output)?.[1] ?? '';
      return url !== '';
    },
  );
  return { ...child, url };
}

/** Peak resident memory of `pid` since the last reset, in MB (Linux). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Resets the peak (`clear_refs` 5); on kernels without it the peak stays since start. */
function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // keep the peak since start
  }
}

// ---- load -----------------------------------------------------------------------------------

/** Drives `url` for `duration` seconds; `body(i)` is the i-th request. */
async function load(
  url: string,
  options: Options,
  body: (i: number) => { body: string; headers: Record<string, string> },
  seconds = options.duration,
): Promise<Measure> {
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: options.connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const next = body(i++);
          return {
            ...request,
            method: 'POST',
            body: next.body,
            headers: { 'content-type': 'application/json', ...next.headers },
          };
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

// ---- statements per request -----------------------------------------------------------------

/**
 * The SQL statements one request of each scenario costs, counted on an in-process copy of the
 * app (its TypeORM logger sees every statement), averaged over 10 requests.
 */
async function countStatements(
  databaseUrl: string,
  requests: Map<string, (i: number) => { body: string; headers: Record<string, string> }>,
): Promise<Map<string, number>> {
  process.env.LOG_LEVEL = 'warn';
  process.env.RATE_LIMIT_ENABLED = 'false';
  const { createApp } = await import('../src/core/bootstrap.js');
  const { DataSource } = await import('typeorm');
  const app = await createApp(databaseUrl, { redisUrl: null });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`;
  const logger = app.get(DataSource).logger;
  const original = logger.logQuery.bind(logger);
  let counted = 0;
  logger.logQuery = (query, parameters, runner) => {
    if (!/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(query)) counted += 1;
    return original(query, parameters, runner);
  };
  const counts = new Map<string, number>();
  try {
    for (const [name, request] of requests) {
      await post(url, request(0)); // warm the caches of the first request
      counted = 0;
      for (let i = 1; i <= 10; i++) await post(url, request(i));
      counts.set(name, counted / 10);
    }
  } finally {
    await app.close();
  }
  return counts;
}

async function post(url: string, request: { body: string; headers: Record<string, string> }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  const json = (await res.json()) as { errors?: unknown; data?: unknown };
  if (json.errors) throw new Error(`${request.body.slice(0, 120)}: ${JSON.stringify(json.errors)}`);
  return json;
}

// ---- the run --------------------------------------------------------------------------------

async function databaseFor(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  process.env.LOG_LEVEL ??= 'warn';
  const { ensureLocalJwtSecret, resolveDatabase } = await import('../src/core/bootstrap.js');
  const { validateEnvironment } = await import('../src/core/config/environment.js');
  ensureLocalJwtSecret();
  const server = await resolveDatabase(validateEnvironment(process.env));
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: () => server.stop() };
}

async function migrate(url: string): Promise<void> {
  const { DataSource } = await import('typeorm');
  const { dataSourceOptions } = await import('../src/core/database/data-source-options.js');
  const source = new DataSource(dataSourceOptions(url));
  await source.initialize();
  await source.runMigrations({ transaction: 'each' });
  await source.destroy();
}

async function build(name: string, quick: boolean) {
  const database = await databaseFor(name);
  await migrate(database.url);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const dataset = await buildDataset(db, quick ? QUICK_SCALE : FULL_SCALE);
  // The build leaves gigabytes of dirty pages; written out by the next checkpoint during the
  // measurements, they slowed API and floor alike by half (50% I/O wait). Flush them now.
  await db.query('CHECKPOINT').catch((error: unknown) => {
    console.error(`  (no CHECKPOINT: ${(error as Error).message})`);
  });
  const ctx = await prepareContext(db, SEARCH_WORDS[0]!);
  return { database, db, dataset, ctx };
}

function signer(secret: string, ctx: BenchContext) {
  const tokens = new Map<number, string>();
  return async (userIndex: number): Promise<string> => {
    const index = userIndex % ctx.users.length;
    let token = tokens.get(index);
    if (!token) {
      const { JwtService } = await import('@nestjs/jwt');
      const user = ctx.users[index]!;
      token = await new JwtService({ secret }).signAsync(
        { sub: user.id, sid: user.sessionId },
        { algorithm: 'HS256', expiresIn: 86_400 },
      );
      tokens.set(index, token);
    }
    return token;
  };
}

/** The i-th API request of `scenario`, with tokens minted ahead (autocannon wants them sync). */
async function apiRequests(
  scenario: Scenario,
  ctx: BenchContext,
  sign: (i: number) => Promise<string>,
) {
  const tokens = new Map<number, string>();
  for (let i = 0; i < Math.min(ctx.users.length, 2000); i++) {
    const userIndex = scenario.request(ctx, i).userIndex;
    if (userIndex !== undefined) tokens.set(userIndex % ctx.users.length, await sign(userIndex));
  }
  return (i: number) => {
    const { query, variables, userIndex } = scenario.request(ctx, i);
    const token = userIndex === undefined ? undefined : tokens.get(userIndex % ctx.users.length);
    return {
      body: JSON.stringify({ query, variables }),
      headers: token ? { authorization: `Bearer ${token}` } : ({} as Record<string, string>),
    };
  };
}

function floorRequests(scenario: Scenario, ctx: BenchContext) {
  return (i: number) => {
    const { userIndex } = scenario.request(ctx, i);
    const viewer = userIndex === undefined ? null : ctx.users[userIndex % ctx.users.length]!.id;
    return { body: JSON.stringify({ i, viewer }), headers: {} as Record<string, string> };
  };
}

async function runScenarios(
  options: Options,
  databaseUrl: string,
  ctx: BenchContext,
  scenarios: Scenario[],
): Promise<ScenarioResult[]> {
  const secret = randomBytes(48).toString('base64url');
  const sign = signer(secret, ctx);
  const contextFile = `${ROOT}.bench-context.json`;
  writeFileSync(contextFile, JSON.stringify(ctx));
  const api = await startApi(databaseUrl, secret);
  const floor = await startFloor(databaseUrl, contextFile);
  const results: ScenarioResult[] = [];
  try {
    const requests = new Map<string, ReturnType<typeof floorRequests>>();
    for (const scenario of scenarios)
      requests.set(scenario.name, await apiRequests(scenario, ctx, sign));
    // A first request of each through the real process: no errors, or the figures mean nothing.
    for (const [name, request] of requests) {
      try {
        await post(api.url, request(0));
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    }
    process.env.JWT_SECRET = secret;
    const statements = await countStatements(databaseUrl, requests);
    for (const scenario of scenarios) {
      const request = requests.get(scenario.name)!;
      await load(api.url, options, request, Math.min(2, options.duration)); // warm-up
      resetPeakRss(api.process.pid!);
      const apiMeasure = await load(api.url, options, request);
      const rssMb = peakRssMb(api.process.pid!);
      let floorMeasure: Measure | null = null;
      if (scenario.floor) {
        const floorRequest = floorRequests(scenario, ctx);
        await load(
          `${floor.url}/${scenario.name}`,
          options,
          floorRequest,
          Math.min(2, options.duration),
        );
        floorMeasure = await load(`${floor.url}/${scenario.name}`, options, floorRequest);
      }
      results.push({
        name: scenario.name,
        api: apiMeasure,
        floor: floorMeasure,
        ratio: floorMeasure ? apiMeasure.rps / floorMeasure.rps : null,
        sqlPerRequest: statements.get(scenario.name) ?? NaN,
        rssMb,
      });
      console.error(
        `  ${scenario.name}: ${apiMeasure.rps} req/s (floor ${floorMeasure?.rps ?? '-'})`,
      );
    }
  } finally {
    await api.stop();
    await floor.stop();
  }
  return results;
}

async function supportExact(db: pg.Client, proposalId: string): Promise<string> {
  const { rows } = await db.query(
    `SELECT p.support_count AS stored, (SELECT count(*)::int FROM proposal_support s WHERE s.proposal_id = p.id) AS actual
       FROM proposal p WHERE p.id = $1`,
    [proposalId],
  );
  const { stored, actual } = rows[0] as { stored: number; actual: number };
  return stored === actual
    ? `exact (${stored} = ${actual} rows)`
    : `NOT EXACT: stored ${stored}, rows ${actual}`;
}

/** The data set in one line: its sizes and build time. */
function summary(d: DatasetSummary): string {
  return (
    `${d.proposals} proposals, ${d.supports} supports, ${d.comments} comments, ${d.users} users, ` +
    `${d.workshops} workshops, ${d.departments} departments; built in ${d.seconds.toFixed(1)} s`
  );
}

function table(results: ScenarioResult[]): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [
    `${'scenario'.padEnd(18)}${pad('API req/s', 10)}${pad('p50', 7)}${pad('p99', 7)}${pad('floor req/s', 12)}${pad('p50', 7)}${pad('p99', 7)}${pad('API/floor', 10)}${pad('SQL/req', 9)}${pad('RSS MB', 8)}`,
  ];
  for (const r of results) {
    lines.push(
      `${r.name.padEnd(18)}${pad(r.api.rps, 10)}${pad(r.api.p50, 7)}${pad(r.api.p99, 7)}` +
        `${pad(r.floor?.rps ?? '-', 12)}${pad(r.floor?.p50 ?? '-', 7)}${pad(r.floor?.p99 ?? '-', 7)}` +
        `${pad(r.ratio === null ? '-' : r.ratio.toFixed(2), 10)}${pad(r.sqlPerRequest.toFixed(1), 9)}${pad(r.rssMb, 8)}` +
        (r.api.errors ? `   ${r.api.errors} errors` : '') +
        (r.note ? `   ${r.note}` : ''),
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = SCENARIOS.filter((s) => !options.only || options.only.includes(s.name));
  const started = performance.now();
  // The API runs as it is deployed: compiled (nest build), not through a TypeScript loader.
  console.error('building the API (nest build)...');
  await new Promise<void>((resolve, reject) => {
    const build = spawn('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nest build: ${code}`))));
  });
  console.error(`building the data set (${options.quick ? 'quick' : 'full'})...`);
  const main = await build('wontak_bench_city', options.quick);
  console.error(`  ${summary(main.dataset)}`);
  const { server_version } = (await main.db.query('SHOW server_version')).rows[0];
  const results = await runScenarios(options, main.database.url, main.ctx, scenarios);
  const toggle = results.find((r) => r.name === 'support-toggle');
  if (toggle) toggle.note = await supportExact(main.db, main.ctx.hotProposalId);
  await main.db.end();

  // The scale ratio: proposal-list at a tenth of the data, same everything else.
  let scale: { small: DatasetSummary; listRps: number; largeListRps: number } | null = null;
  const list = results.find((r) => r.name === 'proposal-list');
  if (!options.quick && list) {
    console.error('building a tenth of the data set for the scale ratio...');
    const small = await build('wontak_bench_city_small', true);
    const listScenario = SCENARIOS.find((s) => s.name === 'proposal-list')!;
    const [smallList] = await runScenarios(options, small.database.url, small.ctx, [listScenario]);
    await small.db.end();
    scale = { small: small.dataset, listRps: smallList!.api.rps, largeListRps: list.api.rps };
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, Postgres ${server_version}`;
  console.log(`\n${machine}`);
  console.log(`data set: ${summary(main.dataset)}`);
  console.log(
    `${options.connections} connections, ${options.duration} s a scenario; latencies in ms\n`,
  );
  console.log(table(results));
  const deep = results.find((r) => r.name === 'deep-page');
  if (deep && list) {
    console.log(
      `\ndeep-page p50 / proposal-list p50: ${(deep.api.p50 / list.api.p50).toFixed(2)}x`,
    );
  }
  if (scale) {
    console.log(
      `proposal-list at ${scale.small.proposals} proposals: ${scale.listRps} req/s; at ${main.dataset.proposals}: ${scale.largeListRps} req/s (${(scale.listRps / scale.largeListRps).toFixed(2)}x)`,
    );
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (options.json) {
    const out = {
      machine,
      dataset: { ...main.dataset, steps: undefined },
      connections: options.connections,
      durationSeconds: options.duration,
      scenarios: results.map((r) => ({
        name: r.name,
        api: { rps: r.api.rps, p50: r.api.p50, p99: r.api.p99 },
        floor: r.floor ? { rps: r.floor.rps, p50: r.floor.p50, p99: r.floor.p99 } : null,
        sqlPerRequest: r.sqlPerRequest,
        rssMb: r.rssMb,
        ...(r.note ? { note: r.note } : {}),
      })),
      ...(scale
        ? {
            scale: {
              smallProposals: scale.small.proposals,
              smallRps: scale.listRps,
              largeRps: scale.largeListRps,
            },
          }
        : {}),
    };
    writeFileSync(options.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${options.json}`);
  }
  await main.database.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
