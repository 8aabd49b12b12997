/**
 * The city-scale benchmark (issue 8): Wontak beside its own floor.
 *
 *   npm run bench                               100,000 proposals, 15 s a scenario
 *   npm run bench -- --quick --json out.json    a tenth of the data, 3 s a scenario
 *
 * Options: --quick, --json FILE, --duration SECONDS, --connections N (32), --only a,b,
 * --cpu-requests N (1,000; quick 300), --compare, --rounds K (1).
 *
 * 1. Builds the data set (bench/dataset.ts) in its own database `wontak_bench_city` on
 *    DATABASE_URL's server, or on the embedded Postgres under DATA_DIR.
 * 2. Starts the API as its own process in production mode (rate limits off) and, beside it,
 *    the floor (bench/floor-server.ts): node:http + pg running the SQL each scenario needs.
 * 3. For each scenario (bench/scenarios.ts) drives the API, then the floor, with autocannon at
 *    a fixed concurrency; records requests per second, p50 and p99 latency, the API's peak
 *    memory (VmHWM, reset before each scenario), and the SQL statements one request costs,
 *    counted on an in-process copy of the app (transaction control not counted). Then, one
 *    request at a time, the CPU a request costs the server process and the Postgres server
 *    (Linux: /proc). --compare also measures a second API with QUERY_PLANNER=false ("before"),
 *    loaded in turn with the others, never at once; --rounds K repeats before / API / floor K
 *    times and reports the medians.
 * 4. Checks support-toggle stayed exact (the stored count equals the rows), and, in a full run,
 *    runs proposal-list again at a tenth of the data (the scale ratio).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  /** Sequential requests the CPU per request is measured over. */
  cpuRequests: number;
  /** Also measure the API with QUERY_PLANNER=false. */
  compare: boolean;
  rounds: number;
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
    cpuRequests: Number(value('--cpu-requests') ?? (quick ? 300 : 1000)),
    compare: argv.includes('--compare'),
    rounds: Math.max(1, Number(value('--rounds') ?? 1)),
  };
}

interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Measure extends Throughput {
  /** CPU milliseconds one request costs the server process; null off Linux. */
  cpuMsPerRequest: number | null;
  /** CPU milliseconds one request costs the Postgres server; null off Linux or when not local. */
  pgCpuMsPerRequest: number | null;
  /** Peak RSS during the load, in MB; null for the floor (not measured). */
  rssMb: number | null;
}

interface ScenarioResult {
  name: string;
  api: Measure;
  floor: Measure | null;
  /** The API with QUERY_PLANNER=false (--compare), measured like `api`. */
  before: (Measure & { sqlPerRequest: number }) | null;
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
async function startApi(
  databaseUrl: string,
  jwtSecret: string,
  extraEnv: Record<string, string> = {},
): Promise<Child> {
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
      ...extraEnv,
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

// ---- CPU per request ------------------------------------------------------------------------

/** How CPU is read: clock ticks per second, and the Postgres postmaster's pid if it is local. */
interface CpuMeter {
  ticksPerSecond: number;
  postmaster: number | null;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), from `state`. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

// Indexes into statFields (proc(5) numbers them from 1 with pid and comm first: field n is n - 3).
const PPID = 1;
const UTIME = 11;
const STIME = 12;
const CUTIME = 13;
const CSTIME = 14;

/** utime + stime of `pid`: all its threads, live or gone (the kernel sums them into the leader). */
function processTicks(pid: number): number {
  const f = statFields(pid);
  return Number(f[UTIME]) + Number(f[STIME]);
}

/**
 * The whole Postgres server's CPU: the postmaster's own and its reaped children's (cutime,
 * cstime: backends that have exited), plus every live child's (backends, background workers).
 */
function postgresTicks(postmaster: number): number {
  const own = statFields(postmaster);
  let ticks = Number(own[UTIME]) + Number(own[STIME]) + Number(own[CUTIME]) + Number(own[CSTIME]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = statFields(Number(entry));
      if (Number(f[PPID]) !== postmaster) continue;
      ticks += Number(f[UTIME]) + Number(f[STIME]) + Number(f[CUTIME]) + Number(f[CSTIME]);
    } catch {
      // exited between the listing and the read: now in the postmaster's cutime
    }
  }
  return ticks;
}

/**
 * Linux only (null elsewhere). The postmaster is the parent of the backend serving a fresh
 * connection; when Postgres is not on this machine (or in another pid namespace), the pid
 * found is not a postgres process and the Postgres figure is left out.
 */
async function cpuMeter(databaseUrl: string): Promise<CpuMeter | null> {
  if (process.platform !== 'linux') return null;
  let ticksPerSecond = 100;
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    console.error('  (getconf CLK_TCK failed: assuming 100 ticks a second)');
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  let postmaster: number | null = null;
  try {
    const { pid } = (await db.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number };
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const name = readFileSync(`/proc/${parent}/comm`, 'utf8').trim();
    if (/^post(gres|master)/.test(name)) postmaster = parent;
  } catch {
    // not on this machine
  } finally {
    await db.end();
  }
  if (postmaster === null) console.error('  (Postgres is not a local process: no PG CPU figure)');
  return { ticksPerSecond, postmaster };
}

/**
 * CPU per request: `n` requests one at a time over one kept-alive connection (after a few to
 * open it), the server's and Postgres's CPU ticks read before and after, in ms a request.
 */
async function cpuPerRequest(
  url: string,
  pid: number,
  request: (i: number) => { body: string; headers: Record<string, string> },
  n: number,
  meter: CpuMeter | null,
): Promise<Pick<Measure, 'cpuMsPerRequest' | 'pgCpuMsPerRequest' | 'errors'>> {
  if (!meter || n <= 0) return { cpuMsPerRequest: null, pgCpuMsPerRequest: null, errors: 0 };
  const send = async (i: number) => {
    const { body, headers } = request(i);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    await res.arrayBuffer();
    return res.ok ? 0 : 1;
  };
  for (let i = 0; i < 10; i++) await send(i);
  const pg0 = meter.postmaster === null ? null : postgresTicks(meter.postmaster);
  const cpu0 = processTicks(pid);
  let errors = 0;
  for (let i = 0; i < n; i++) errors += await send(i);
  const cpu1 = processTicks(pid);
  const pg1 = meter.postmaster === null ? null : postgresTicks(meter.postmaster);
  const ms = (ticks: number) => Math.round(((ticks / meter.ticksPerSecond) * 1000 * 100) / n) / 100;
  return {
    cpuMsPerRequest: ms(cpu1 - cpu0),
    pgCpuMsPerRequest: pg0 === null || pg1 === null ? null : ms(pg1 - pg0),
    errors,
  };
}

// ---- load -----------------------------------------------------------------------------------

/** Drives `url` for `duration` seconds; `body(i)` is the i-th request. */
async function load(
  url: string,
  options: Options,
  body: (i: number) => { body: string; headers: Record<string, string> },
  seconds = options.duration,
): Promise<Throughput> {
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
  env: Record<string, string> = {},
): Promise<Map<string, number>> {
  process.env.LOG_LEVEL = 'warn';
  process.env.RATE_LIMIT_ENABLED = 'false';
  const { createApp } = await import('../src/core/bootstrap.js');
  const { DataSource } = await import('typeorm');
  // createApp reads the environment each time (ConfigModule's factory): set, build, restore.
  const saved = Object.keys(env).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, env);
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(databaseUrl, { redisUrl: null });
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
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

/** The median of `values` (the mean of the middle two for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds of one server's measurements as one: medians; errors summed; the highest peak RSS. */
function combine(rounds: Measure[]): Measure {
  const of = (key: 'cpuMsPerRequest' | 'pgCpuMsPerRequest' | 'rssMb') =>
    rounds.some((m) => m[key] === null) ? null : rounds.map((m) => m[key]!);
  const cpu = of('cpuMsPerRequest');
  const pgCpu = of('pgCpuMsPerRequest');
  const rss = of('rssMb');
  return {
    rps: Math.round(median(rounds.map((m) => m.rps))),
    p50: median(rounds.map((m) => m.p50)),
    p99: median(rounds.map((m) => m.p99)),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
    cpuMsPerRequest: cpu && Math.round(median(cpu) * 100) / 100,
    pgCpuMsPerRequest: pgCpu && Math.round(median(pgCpu) * 100) / 100,
    rssMb: rss && Math.max(...rss),
  };
}

interface Target {
  url: string;
  pid: number;
  request: (i: number) => { body: string; headers: Record<string, string> };
  /** Whether to record the peak RSS (the APIs). */
  rss: boolean;
}

/** A warm-up, the load (with the peak RSS), then the CPU per request, sequentially. */
async function measure(target: Target, options: Options, meter: CpuMeter | null): Promise<Measure> {
  await load(target.url, options, target.request, Math.min(2, options.duration)); // warm-up
  if (target.rss) resetPeakRss(target.pid);
  const throughput = await load(target.url, options, target.request);
  const rssMb = target.rss ? peakRssMb(target.pid) : null;
  const cpu = await cpuPerRequest(
    target.url,
    target.pid,
    target.request,
    options.cpuRequests,
    meter,
  );
  return { ...throughput, ...cpu, errors: throughput.errors + cpu.errors, rssMb };
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
  const meter = await cpuMeter(databaseUrl);
  // Both APIs idle side by side; only one is ever loaded at a time.
  const before = options.compare
    ? await startApi(databaseUrl, secret, { QUERY_PLANNER: 'false' })
    : null;
  const api = await startApi(databaseUrl, secret, options.compare ? { QUERY_PLANNER: 'true' } : {});
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
        if (before) await post(before.url, request(0));
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    }
    process.env.JWT_SECRET = secret;
    const statements = await countStatements(
      databaseUrl,
      requests,
      options.compare ? { QUERY_PLANNER: 'true' } : {},
    );
    const beforeStatements = before
      ? await countStatements(databaseUrl, requests, { QUERY_PLANNER: 'false' })
      : null;
    for (const scenario of scenarios) {
      const request = requests.get(scenario.name)!;
      const floorTarget: Target | null = scenario.floor
        ? {
            url: `${floor.url}/${scenario.name}`,
            pid: floor.process.pid!,
            request: floorRequests(scenario, ctx),
            rss: false,
          }
        : null;
      const rounds: { before: Measure | null; api: Measure; floor: Measure | null }[] = [];
      for (let round = 0; round < options.rounds; round++) {
        const beforeTarget = before && {
          url: before.url,
          pid: before.process.pid!,
          request,
          rss: true,
        };
        rounds.push({
          before: beforeTarget && (await measure(beforeTarget, options, meter)),
          api: await measure(
            { url: api.url, pid: api.process.pid!, request, rss: true },
            options,
            meter,
          ),
          floor: floorTarget && (await measure(floorTarget, options, meter)),
        });
      }
      const apiMeasure = combine(rounds.map((r) => r.api));
      const floorMeasure = floorTarget ? combine(rounds.map((r) => r.floor!)) : null;
      const beforeMeasure = before ? combine(rounds.map((r) => r.before!)) : null;
      results.push({
        name: scenario.name,
        api: apiMeasure,
        floor: floorMeasure,
        before: beforeMeasure && {
          ...beforeMeasure,
          sqlPerRequest: beforeStatements!.get(scenario.name) ?? NaN,
        },
        sqlPerRequest: statements.get(scenario.name) ?? NaN,
        rssMb: apiMeasure.rssMb!,
      });
      console.error(
        `  ${scenario.name}: ${apiMeasure.rps} req/s, ${apiMeasure.cpuMsPerRequest ?? '-'} ms CPU` +
          (beforeMeasure
            ? ` (before ${beforeMeasure.rps} req/s, ${beforeMeasure.cpuMsPerRequest ?? '-'} ms)`
            : '') +
          ` (floor ${floorMeasure?.rps ?? '-'} req/s, ${floorMeasure?.cpuMsPerRequest ?? '-'} ms)`,
      );
    }
  } finally {
    await api.stop();
    await before?.stop();
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
  const ms = (n: number | null | undefined) => (n === null || n === undefined ? '-' : n.toFixed(2));
  const row = (
    label: string,
    api: Measure,
    floor: Measure | null,
    sql: number,
    rss: number | null,
    note = '',
  ) =>
    `${label.padEnd(18)}${pad(api.rps, 10)}${pad(api.p50, 7)}${pad(api.p99, 7)}` +
    `${pad(ms(api.cpuMsPerRequest), 8)}${pad(ms(api.pgCpuMsPerRequest), 7)}` +
    `${pad(floor?.rps ?? '-', 12)}${pad(floor?.p50 ?? '-', 7)}${pad(floor?.p99 ?? '-', 7)}` +
    `${pad(ms(floor?.cpuMsPerRequest), 9)}${pad(ms(floor?.pgCpuMsPerRequest), 7)}` +
    `${pad(floor ? (api.rps / floor.rps).toFixed(2) : '-', 10)}${pad(sql.toFixed(1), 9)}${pad(rss ?? '-', 8)}` +
    (api.errors ? `   ${api.errors} errors` : '') +
    (floor?.errors ? `   floor: ${floor.errors} errors` : '') +
    (note ? `   ${note}` : '');
  const lines = [
    `${'scenario'.padEnd(18)}${pad('API req/s', 10)}${pad('p50', 7)}${pad('p99', 7)}${pad('API ms', 8)}${pad('PG ms', 7)}` +
      `${pad('floor req/s', 12)}${pad('p50', 7)}${pad('p99', 7)}${pad('floor ms', 9)}${pad('PG ms', 7)}` +
      `${pad('API/floor', 10)}${pad('SQL/req', 9)}${pad('RSS MB', 8)}`,
  ];
  for (const r of results) {
    lines.push(row(r.name, r.api, r.floor, r.sqlPerRequest, r.rssMb, r.note));
    if (r.before)
      lines.push(row('  before', r.before, r.floor, r.before.sqlPerRequest, r.before.rssMb));
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
    const [smallList] = await runScenarios(
      { ...options, compare: false },
      small.database.url,
      small.ctx,
      [listScenario],
    );
    await small.db.end();
    scale = { small: small.dataset, listRps: smallList!.api.rps, largeListRps: list.api.rps };
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, Postgres ${server_version}`;
  console.log(`\n${machine}`);
  console.log(`data set: ${summary(main.dataset)}`);
  console.log(
    `${options.connections} connections, ${options.duration} s a scenario; latencies in ms; ` +
      `API ms, floor ms, PG ms: CPU ms a request of the server and of Postgres, over ` +
      `${options.cpuRequests} requests one at a time` +
      (options.rounds > 1 ? `; medians of ${options.rounds} rounds` : '') +
      (options.compare ? '; before: QUERY_PLANNER=false' : '') +
      '\n',
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
      cpuRequests: options.cpuRequests,
      rounds: options.rounds,
      scenarios: results.map((r) => ({
        name: r.name,
        api: { rps: r.api.rps, p50: r.api.p50, p99: r.api.p99 },
        floor: r.floor
          ? {
              rps: r.floor.rps,
              p50: r.floor.p50,
              p99: r.floor.p99,
              cpuMsPerRequest: r.floor.cpuMsPerRequest,
              pgCpuMsPerRequest: r.floor.pgCpuMsPerRequest,
            }
          : null,
        sqlPerRequest: r.sqlPerRequest,
        rssMb: r.rssMb,
        cpuMsPerRequest: r.api.cpuMsPerRequest,
        pgCpuMsPerRequest: r.api.pgCpuMsPerRequest,
        ...(r.before
          ? {
              before: {
                rps: r.before.rps,
                p50: r.before.p50,
                p99: r.before.p99,
                cpuMsPerRequest: r.before.cpuMsPerRequest,
                pgCpuMsPerRequest: r.before.pgCpuMsPerRequest,
                rssMb: r.before.rssMb,
                sqlPerRequest: r.before.sqlPerRequest,
              },
            }
          : {}),
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
