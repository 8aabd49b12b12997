/**
 * The availability tests (issue 14) attack the BUILT server in production mode, as a separate
 * process started with the heap flags of `npm run start:prod`, against a Postgres of the
 * test's own (test/reliability/support.ts), and watch three things while they do: that it stays
 * up, its resident memory, and how fast a bystander's cheap request is answered.
 *
 * Every attack here is bounded in requests and in time, and sent to 127.0.0.1 only. The
 * attackers are told apart by X-Forwarded-For (the server trusts loopback as its proxy), so
 * that one test can be many clients.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { join, relative } from 'node:path';
import {
  cleanupAll,
  REPO_ROOT,
  sleep,
  startPostgres,
  startServer,
  type ServerProcess,
  type TestPostgres,
} from '../reliability/support.js';

const BUILD_DIR = join(REPO_ROOT, '.build', 'availability');
const LOCK_DIR = join(REPO_ROOT, '.build', 'availability.lock');
const STAMP = join(BUILD_DIR, '.source-hash');

/** What the build depends on, hashed: the build is reused while it is the same. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        hash.update(relative(REPO_ROOT, path)).update(readFileSync(path));
    }
  };
  walk(join(REPO_ROOT, 'src'));
  walk(join(REPO_ROOT, 'migrations'));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
    hash.update(readFileSync(join(REPO_ROOT, file)));
  return hash.digest('hex');
}

/**
 * Compiles src/ with the production build's tsconfig into .build/availability (inside the
 * repository, so that node_modules resolve), once for all the test files of a run: a lock
 * folder keeps two jest workers from building at once.
 */
export async function buildServer(): Promise<string> {
  const want = sourceHash();
  mkdirSync(join(REPO_ROOT, '.build'), { recursive: true });
  for (const deadline = Date.now() + 180_000; ;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      // A lock left by a killed worker is stale after three minutes.
      if (Date.now() - statSync(LOCK_DIR).mtimeMs > 180_000) rmSync(LOCK_DIR, { recursive: true });
      if (Date.now() > deadline) throw new Error('the availability build lock was never freed');
      await sleep(250);
    }
  }
  try {
    const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '';
    if (have !== want) {
      rmSync(BUILD_DIR, { recursive: true, force: true });
      execFileSync(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR],
        { cwd: REPO_ROOT, stdio: 'pipe' },
      );
      writeFileSync(STAMP, want);
    }
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
  return join(BUILD_DIR, 'src', 'main.js');
}

/** The node flags of `npm run start:prod` (the heap limits production runs with). */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts['start:prod']!.split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * The test file's server: before all its tests, a Postgres of its own and the built server on
 * it, handed to `ready` (which seeds what the file needs); after all, both stopped and removed.
 */
export function useBuiltServer(
  ready: (server: ServerProcess, postgres: TestPostgres) => Promise<void> | void,
  /** Environment of the server beyond startBuiltServer's. */
  env: Record<string, string> = {},
): void {
  beforeAll(async () => {
    await takeTurn();
    const postgres = await startPostgres();
    await ready(await startBuiltServer(postgres, env), postgres);
  }, 900_000);
  afterAll(async () => {
    try {
      // A test that failed mid-attack never stopped its bystander.
      for (const child of probes) child.kill();
      probes.clear();
      await cleanupAll();
    } finally {
      endTurn();
    }
  }, 60_000);
}

const TURN_DIR = join(REPO_ROOT, '.build', 'availability.turn');

/**
 * One availability file at a time: each measures a bystander's latency on the machine's two
 * cores, and two floods at once would measure each other. The turn is a folder holding the
 * holder's pid; a holder that died leaves it to the next.
 */
async function takeTurn(): Promise<void> {
  mkdirSync(join(REPO_ROOT, '.build'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(TURN_DIR);
      writeFileSync(join(TURN_DIR, 'pid'), String(process.pid));
      return;
    } catch {
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(TURN_DIR, 'pid'), 'utf8'));
      } catch {
        // Just made, its pid not written yet.
      }
      if (Number.isInteger(holder) && holder > 0 && !processAlive(holder))
        rmSync(TURN_DIR, { recursive: true, force: true });
      await sleep(250);
    }
  }
}

function endTurn(): void {
  try {
    if (Number(readFileSync(join(TURN_DIR, 'pid'), 'utf8')) === process.pid)
      rmSync(TURN_DIR, { recursive: true, force: true });
  } catch {
    // Not ours, or gone.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The built server, NODE_ENV=production, rate limits on, loopback trusted as its proxy. */
export async function startBuiltServer(
  postgres: TestPostgres,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const main = await buildServer();
  return startServer(
    {
      DATABASE_URL: postgres.url,
      RATE_LIMIT_ENABLED: 'true',
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'warn',
      ...env,
    },
    [...productionNodeFlags(), main],
  );
}

// ---------------------------------------------------------------------------------------------
// The bounds every attack is held to (SECURITY.md, "The tests")

/** The resident memory the server stays under while attacked (its old space is 256 MB). */
export const RSS_BOUND_MB = 600;
/** A bystander's median wait while one client floods (the issue's bound). */
export const PROBE_MEDIAN_MS = 100;
/**
 * ... and while many clients attack together, each within its own budget, on the same two
 * cores as the server, Postgres and the test itself.
 */
export const MANY_CLIENTS_PROBE_MEDIAN_MS = 250;

// ---------------------------------------------------------------------------------------------
// Watching the server

/** The process's resident memory now, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Samples the resident memory every `everyMs` until stopped; the highest sample wins. */
export function watchRss(pid: number, everyMs = 50): { stop(): { maxMb: number; lastMb: number } } {
  let maxMb = rssMb(pid);
  let lastMb = maxMb;
  const timer = setInterval(() => {
    try {
      lastMb = rssMb(pid);
      maxMb = Math.max(maxMb, lastMb);
    } catch {
      // The process is gone: the test's "still up" check says so.
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { maxMb, lastMb };
    },
  };
}

export interface ProbeResult {
  count: number;
  failures: number;
  medianMs: number;
  p90Ms: number;
}

/**
 * The bystander's loop, run in a process of its own so that the attackers' work in the jest
 * worker does not count as the server's: `{ __typename }` over GraphQL and GET /health/live,
 * alternately, one at a time on a keep-alive connection, from an address of its own, every
 * EVERY_MS, until its standard input closes; then it prints its latencies as JSON.
 */
const PROBE_SCRIPT = `
const http = require('node:http');
const [graphqlUrl, liveUrl, everyMs] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const latencies = [];
let failures = 0;
let running = true;
process.stdin.on('end', () => (running = false));
process.stdout.on('error', () => {}); // the test gave up on it: nobody reads what it prints
process.stdin.resume();
const once = (graphql) => new Promise((resolve) => {
  const started = performance.now();
  const body = graphql ? Buffer.from('{"query":"{ __typename }"}') : undefined;
  const req = http.request(graphql ? graphqlUrl : liveUrl, {
    agent, method: graphql ? 'POST' : 'GET', timeout: 10000,
    headers: { 'x-forwarded-for': '192.0.2.254',
      ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) },
  });
  const done = (ok) => { latencies.push(performance.now() - started); if (!ok) failures++; resolve(); };
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => done(false));
  req.on('response', (res) => { res.resume(); res.on('end', () => done(res.statusCode === 200)); });
  req.end(body);
});
(async () => {
  for (let turn = 0; running; turn++) {
    await once(turn % 2 === 0);
    await new Promise((r) => setTimeout(r, Number(everyMs)));
  }
  agent.destroy();
  process.stdout.write(JSON.stringify({ latencies, failures }));
})();
`;

/** Bystanders still running, ended with their file if the test that started one failed. */
const probes = new Set<ChildProcess>();

/** A bystander sending cheap requests while the attack runs (PROBE_SCRIPT). */
export function probe(server: ServerProcess, everyMs = 50): { stop(): Promise<ProbeResult> } {
  const child = spawn(
    process.execPath,
    ['-e', PROBE_SCRIPT, server.graphqlUrl, `${server.baseUrl}/health/live`, String(everyMs)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  probes.add(child);
  child.once('exit', () => probes.delete(child));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    async stop() {
      child.stdin!.end();
      await exited;
      const { latencies, failures } = JSON.parse(out) as { latencies: number[]; failures: number };
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
      return { count: sorted.length, failures, medianMs: at(0.5), p90Ms: at(0.9) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Attacking it

export interface Sent {
  /** Status code, or 0 when the request failed (reset, refused, timed out). */
  status: number;
  bytes: number;
  /** The first 2 KB of the answer, enough to read an error code. */
  head: string;
  /** Why the request failed when `status` is 0 (ECONNRESET, timeout...). */
  failure?: string;
}

/**
 * One request on `agent`; the answer is counted, not kept (the attacker's memory stays small).
 *
 * A request that fails at once on a kept-alive socket the server had just closed (its
 * keepAliveTimeout runs from when the last answer left the process, while a slow reader may
 * still be reading it from the kernel) is sent again once, on a fresh socket, as Node's
 * documentation advises any client to do (`request.reusedSocket`): that race is the client's,
 * not a failure of the server's. Any other failure is reported as it is.
 */
export async function send(
  agent: http.Agent,
  url: string,
  body: string | undefined,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Sent> {
  const first = await sendOnce(agent, url, body, headers, timeoutMs);
  if (!first.closedWhileIdle) return first;
  const fresh = new http.Agent({ keepAlive: false });
  try {
    return await sendOnce(fresh, url, body, headers, timeoutMs);
  } finally {
    fresh.destroy();
  }
}

function sendOnce(
  agent: http.Agent,
  url: string,
  body: string | undefined,
  headers: Record<string, string> = {},
  timeoutMs: number,
): Promise<Sent & { closedWhileIdle?: boolean }> {
  return new Promise((resolveSent) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(url, {
      agent,
      method: payload ? 'POST' : 'GET',
      headers: {
        ...(payload
          ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
          : {}),
        ...headers,
      },
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    let answered = false;
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolveSent({
        status: 0,
        bytes: 0,
        head: '',
        failure: error.code ?? error.message,
        closedWhileIdle: req.reusedSocket && !answered && error.code === 'ECONNRESET',
      }),
    );
    req.on('response', (res) => {
      answered = true;
      let bytes = 0;
      let head = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < 2048) head += chunk.toString('utf8', 0, 2048 - head.length);
      });
      res.on('end', () => resolveSent({ status: res.statusCode ?? 0, bytes, head }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolveSent({ status: 0, bytes, head, failure: error.code ?? error.message }),
      );
    });
    req.end(payload);
  });
}

export interface Attacker {
  /** The address it claims through the trusted proxy. */
  ip: string;
  /** The body of its i-th request (undefined: a GET of `path`). */
  body(i: number): string | undefined;
  path?: string;
  headers?: Record<string, string>;
  /** Requests it keeps in flight at once. */
  concurrency: number;
}

export interface FloodResult {
  requests: number;
  /** How many answers of each status (0: the request failed). */
  statuses: Record<number, number>;
  /** How many answers carried each GraphQL error code, or OK. */
  codes: Record<string, number>;
  bytes: number;
  maxBytes: number;
}

/**
 * Sends every attacker's requests, `concurrency` at a time each, until `durationMs` has passed
 * or `maxRequests` have been sent in all.
 */
export async function flood(
  server: ServerProcess,
  attackers: Attacker[],
  limits: { durationMs: number; maxRequests: number },
): Promise<FloodResult> {
  const result: FloodResult = { requests: 0, statuses: {}, codes: {}, bytes: 0, maxBytes: 0 };
  const deadline = performance.now() + limits.durationMs;
  const agents = attackers.map(
    (a) => new http.Agent({ keepAlive: true, maxSockets: a.concurrency }),
  );
  let sent = 0;
  const worker = async (attacker: Attacker, agent: http.Agent) => {
    while (performance.now() < deadline && sent < limits.maxRequests) {
      const i = sent++;
      const body = attacker.body(i);
      const res = await send(
        agent,
        body === undefined
          ? `${server.baseUrl}${attacker.path ?? '/health/live'}`
          : server.graphqlUrl,
        body,
        { 'x-forwarded-for': attacker.ip, ...attacker.headers },
      );
      result.requests++;
      result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
      const code =
        /"code":"([A-Z_]+)"/.exec(res.head)?.[1] ??
        (res.status === 200 ? 'OK' : `HTTP_${res.status}${res.failure ? `:${res.failure}` : ''}`);
      result.codes[code] = (result.codes[code] ?? 0) + 1;
      result.bytes += res.bytes;
      result.maxBytes = Math.max(result.maxBytes, res.bytes);
    }
  };
  await Promise.all(
    attackers.flatMap((attacker, n) =>
      Array.from({ length: attacker.concurrency }, () => worker(attacker, agents[n]!)),
    ),
  );
  for (const agent of agents) agent.destroy();
  return result;
}

/** Whether the server still answers a cheap request from an address of its own. */
export async function stillServes(server: ServerProcess, ip = '192.0.2.253'): Promise<boolean> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    const res = await send(agent, server.graphqlUrl, '{"query":"{ __typename }"}', {
      'x-forwarded-for': ip,
    });
    return res.status === 200 && res.head.includes('"__typename":"Query"');
  } finally {
    agent.destroy();
  }
}

/** `n` documentation addresses (198.18.0.0/15, for benchmarks), one per attacker. */
export function addresses(n: number, offset = 0): string[] {
  return Array.from(
    { length: n },
    (_, i) => `198.18.${Math.floor((i + offset) / 250)}.${((i + offset) % 250) + 1}`,
  );
}
