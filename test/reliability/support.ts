/**
 * Reliability tests drive a REAL server process (`node --import @swc-node/register/esm-register
 * src/main.ts`, as `npm run cli` runs TypeScript) against a REAL Postgres that the test starts
 * and stops itself, with the project's own startEmbeddedPostgres. Nothing here runs in the
 * jest worker's Nest app: the server is a child process that can be sent SIGTERM or SIGKILL.
 *
 * Every process and folder made here is remembered, and `cleanupAll()` (afterAll) kills the
 * servers, stops the Postgres servers (also an embedded one a killed server left behind) and
 * removes the folders, whether the test passed or not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import {
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/core/database/embedded-postgres.js';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const now = () => performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `promise`, or `fallback` after `ms` (the timer is cleared either way, so jest can exit). */
export async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<F>((r) => (timer = setTimeout(() => r(fallback), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Ports, folders, bookkeeping

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

const folders = new Set<string>();
const servers = new Set<ServerProcess>();
const databases = new Set<TestPostgres>();

/** A fresh temporary folder, readable by the `postgres` user the embedded server runs as. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  folders.add(dir);
  return dir;
}

/** The pid of the postmaster running on `pgDataDir` (from its postmaster.pid), or null. */
export function postmasterPid(pgDataDir: string): number | null {
  const file = resolve(pgDataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) still answers kill(0).
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Stops a postmaster this test (or a server it started) left running, by its pid file. */
async function stopPostmaster(pgDataDir: string): Promise<void> {
  const pid = postmasterPid(pgDataDir);
  if (!pid || !alive(pid)) return;
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch {
    return;
  }
  const deadline = now() + 15_000;
  while (alive(pid) && now() < deadline) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown
    } catch {
      /* gone */
    }
  }
}

/** Whether a TCP connection to 127.0.0.1:port is refused (true) or accepted (false). */
export function connectionRefused(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolveRefused, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`connecting to port ${port} neither succeeded nor failed in ${timeoutMs} ms`),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolveRefused(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ECONNREFUSED') resolveRefused(true);
      else reject(error);
    });
  });
}

// Last resort when the jest worker goes away without afterAll: never leave processes behind.
process.once('exit', () => {
  for (const server of servers) {
    if (!server.hasExited()) server.kill('SIGKILL');
  }
  for (const database of databases) {
    const pid = postmasterPid(database.pgDataDir);
    if (pid && alive(pid)) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        /* gone */
      }
    }
  }
});

/**
 * Kills every server still running (SIGKILL), stops every Postgres started here or by a server
 * (embedded mode), and removes the temporary folders. Safe to call more than once.
 */
export async function cleanupAll(): Promise<void> {
  await killServers();
  for (const database of databases) {
    await database.stop().catch(() => undefined);
    await stopPostmaster(database.pgDataDir);
  }
  databases.clear();
  for (const dir of folders) {
    await stopPostmaster(join(dir, 'postgres')); // a server's embedded Postgres under DATA_DIR
    rmSync(dir, { recursive: true, force: true });
  }
  folders.clear();
}

/** Kills the servers still running (SIGKILL) and waits for them to exit. */
export async function killServers(): Promise<void> {
  for (const server of servers) {
    if (!server.hasExited()) server.kill('SIGKILL');
    await within(server.exited, 10_000, null);
  }
  servers.clear();
}

// ---------------------------------------------------------------------------------------------
// Postgres of the test's own

export interface TestPostgres {
  port: number;
  /** The folder given as DATA_DIR to startEmbeddedPostgres. */
  dataDir: string;
  /** The cluster's own folder (DATA_DIR/postgres), where postmaster.pid lives. */
  pgDataDir: string;
  /** The `wontak` database on it, for DATABASE_URL. */
  url: string;
  running(): boolean;
  /** Stops Postgres (a fast shutdown: open connections are cut). */
  stop(): Promise<void>;
  /** Starts it again on the same folder and port. */
  start(): Promise<void>;
  /** A connection of the test's own (the caller ends it). */
  client(): Promise<pg.Client>;
  /** One statement on a new connection (closed after). */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  /** What Postgres logged, for failure messages. */
  log(): string;
}

/** A Postgres of the test's own on a fresh folder and a free port. */
export async function startPostgres(): Promise<TestPostgres> {
  const dataDir = tempDir('wontak-reliability-pg-');
  const port = await freePort();
  let logText = '';
  const onLog = (message: unknown) => {
    logText = (logText + String(message)).slice(-20_000);
  };
  let current: EmbeddedDatabase | null = await startEmbeddedPostgres({ dataDir, port, onLog });
  const url = current.url;
  const database: TestPostgres = {
    port,
    dataDir,
    pgDataDir: join(dataDir, 'postgres'),
    url,
    running: () => current !== null,
    async stop() {
      if (!current) return;
      const stopping = current;
      current = null;
      await stopping.stop();
    },
    async start() {
      if (current) return;
      current = await startEmbeddedPostgres({ dataDir, port, onLog });
    },
    async client() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      await client.connect();
      return client;
    },
    async query(sql, params) {
      const client = await database.client();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    log: () => logText,
  };
  databases.add(database);
  return database;
}

// ---------------------------------------------------------------------------------------------
// The API as a child process

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the exit was seen. */
  at: number;
}

export interface ServerProcess {
  pid: number;
  port: number;
  baseUrl: string;
  graphqlUrl: string;
  wsUrl: string;
  /** The environment it was started with (JWT_SECRET, DATA_DIR, ...). */
  env: Record<string, string>;
  /** The last 64 KB of its stdout and stderr. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<Exit>;
  hasExited(): boolean;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Spawns `node --import @swc-node/register/esm-register src/main.ts` from the repository root
 * and waits until GET /health/ready answers 200. `env` overrides the defaults (PORT free,
 * HOST 127.0.0.1, NODE_ENV production, a random 48-character JWT_SECRET, RATE_LIMIT_ENABLED
 * false, LOG_LEVEL info, DATA_DIR a fresh folder); a key set to undefined is removed. The
 * jest worker's REDIS_URL, TEST_* and database variables are not inherited.
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  /** The node arguments that start it; by default the TypeScript sources through SWC. */
  nodeArgs: string[] = [...TYPESCRIPT_NODE_ARGS, 'src/main.ts'],
): Promise<ServerProcess> {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key.startsWith('TEST_') || key.startsWith('JEST_')) continue;
    if (
      [
        'REDIS_URL',
        'DATABASE_URL',
        'DATA_DIR',
        'EMBEDDED_PG_PORT',
        'JWT_SECRET',
        'NODE_ENV',
        'LOG_LEVEL',
        'PORT',
        'HOST',
        'SEED_DEMO_DATA',
        'NODE_OPTIONS',
      ].includes(key)
    )
      continue;
    inherited[key] = value;
  }
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const childEnv: Record<string, string> = {
    ...inherited,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(36).toString('base64url'),
    RATE_LIMIT_ENABLED: 'false',
    LOG_LEVEL: 'info',
    DATA_DIR: env.DATA_DIR ?? tempDir('wontak-reliability-data-'),
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }

  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let exit: Exit | null = null;
  const exited = new Promise<Exit>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal, at: now() };
      resolveExit(exit);
    });
  });

  const server: ServerProcess = {
    pid: child.pid!,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    env: childEnv,
    output: () => text,
    kill(signal) {
      if (!exit) child.kill(signal);
    },
    exited,
    hasExited: () => exit !== null,
  };
  servers.add(server);

  const deadline = now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exit) {
      throw new Error(
        `the server exited (code ${(exit as Exit).code}, signal ${(exit as Exit).signal}) before it was ready:\n${text}`,
      );
    }
    const ready = await httpRequest(`${server.baseUrl}/health/ready`, { timeoutMs: 2000 });
    if (ready.ok && ready.status === 200) return server;
    if (now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms:\n${text}`);
    }
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP, one connection per request (so "accepted" and "reset" are about that request alone)

export interface HttpResponse {
  ok: true;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  startedAt: number;
  sentAt: number | null;
  endedAt: number;
  ms: number;
}

export interface HttpFailure {
  ok: false;
  /** ECONNREFUSED, ECONNRESET, TIMEOUT, ... */
  code: string;
  message: string;
  /** Whether the TCP connection had been established. */
  connected: boolean;
  /** Whether the whole request had been written. */
  sent: boolean;
  startedAt: number;
  sentAt: number | null;
  endedAt: number;
  ms: number;
}

export type HttpOutcome = HttpResponse | HttpFailure;

/** Never rejects: a response (read to its end) or the network failure, with timings. */
export function httpRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
    onSent?: () => void;
  } = {},
): Promise<HttpOutcome> {
  const startedAt = now();
  return new Promise((resolveOutcome) => {
    let settled = false;
    let connected = false;
    let sentAt: number | null = null;
    const fail = (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const endedAt = now();
      resolveOutcome({
        ok: false,
        code: error.code ?? error.message,
        message: error.message,
        connected,
        sent: sentAt !== null,
        startedAt,
        sentAt,
        endedAt,
        ms: endedAt - startedAt,
      });
    };
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const req = http.request(url, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      agent: false,
      headers: {
        ...(body ? { 'content-length': String(body.length) } : {}),
        ...options.headers,
      },
    });
    const timer = setTimeout(() => {
      const error: NodeJS.ErrnoException = new Error(
        `no answer within ${options.timeoutMs ?? 30_000} ms`,
      );
      error.code = 'TIMEOUT';
      fail(error);
      req.destroy();
    }, options.timeoutMs ?? 30_000);
    req.on('socket', (socket) => {
      socket.once('connect', () => (connected = true));
    });
    req.on('finish', () => {
      sentAt = now();
      options.onSent?.();
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('aborted', () =>
        fail(Object.assign(new Error('response aborted'), { code: 'ABORTED' })),
      );
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(Object.assign(new Error('response incomplete'), { code: 'INCOMPLETE' }));
          return;
        }
        settled = true;
        clearTimeout(timer);
        const endedAt = now();
        resolveOutcome({
          ok: true,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          startedAt,
          sentAt,
          endedAt,
          ms: endedAt - startedAt,
        });
      });
    });
    req.end(body);
  });
}

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export type GqlOutcome<T = any> =
  (HttpResponse & { json: any; data: T | null | undefined; errors?: GraphqlError[] }) | HttpFailure;

/** One GraphQL operation over HTTP on a connection of its own. */
export async function gql<T = any>(
  server: { graphqlUrl: string },
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string | null; timeoutMs?: number; onSent?: () => void } = {},
): Promise<GqlOutcome<T>> {
  const outcome = await httpRequest(server.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    timeoutMs: options.timeoutMs,
    onSent: options.onSent,
  });
  if (!outcome.ok) return outcome;
  let json: any;
  try {
    json = JSON.parse(outcome.body);
  } catch {
    json = undefined;
  }
  return { ...outcome, json, data: json?.data, errors: json?.errors };
}

/** Describes an outcome in one line, for failure messages. */
export function explain(outcome: GqlOutcome | HttpOutcome): string {
  if (!outcome.ok) return `network ${outcome.code} after ${outcome.ms.toFixed(0)} ms`;
  return `HTTP ${outcome.status} after ${outcome.ms.toFixed(0)} ms: ${outcome.body.slice(0, 500)}`;
}

/** The data of a successful operation (HTTP 200, no errors), or an error saying what came back. */
export async function gqlOk<T = any>(
  server: { graphqlUrl: string; output?: () => string },
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<T> {
  const outcome = await gql<T>(server, query, variables, { token, timeoutMs: 15_000 });
  if (!outcome.ok || outcome.status !== 200 || outcome.errors?.length || !outcome.data) {
    throw new Error(`${query.trim().slice(0, 80)}: ${explain(outcome)}`);
  }
  return outcome.data;
}

// ---------------------------------------------------------------------------------------------
// API fixtures

export const PASSWORD = 'reliability-test-password';

export const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken user { id } }
}`;

export const CREATE_PROPOSAL = `mutation Create($input: CreateProposalInput!) {
  createProposal(input: $input) { id title }
}`;

export const LIST_PROPOSALS = `query List { proposals(first: 20) { nodes { id title supportCount } } }`;

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${randomBytes(5).toString('hex')}@reliability.test`;
}

export interface Citizen {
  id: string;
  email: string;
  token: string;
}

/** Signs a citizen up through the API. */
export async function signUp(server: { graphqlUrl: string }, tag = 'citizen'): Promise<Citizen> {
  const email = uniqueEmail(tag);
  const data = await gqlOk<{ signUp: { accessToken: string; user: { id: string } } }>(
    server,
    SIGN_UP,
    { input: { email, password: PASSWORD, displayName: `${tag} ${email.slice(-20, -16)}` } },
  );
  return { id: data.signUp.user.id, email, token: data.signUp.accessToken };
}

export async function createProposal(
  server: { graphqlUrl: string },
  token: string,
  title: string,
): Promise<{ id: string; title: string }> {
  const data = await gqlOk<{ createProposal: { id: string; title: string } }>(
    server,
    CREATE_PROPOSAL,
    { input: { title, body: `${title}: a proposal written by the reliability tests.` } },
    token,
  );
  return data.createProposal;
}

/** The uuid behind an opaque global ID (base64url of `Type:uuid`), for checking rows with pg. */
export function uuidOf(globalId: string): string {
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  return text.slice(text.indexOf(':') + 1);
}

// ---------------------------------------------------------------------------------------------
// One graphql-ws subscription, as test/helpers/live-client.ts connects (graphql-ws over ws)

export interface Subscription {
  /** The next result, or a failure after `timeoutMs`. */
  next(timeoutMs?: number): Promise<unknown>;
  /** The WebSocket's close, when the server (or the network) ends it. */
  closed: Promise<{ code: number; reason: string; at: number }>;
  dispose(): Promise<void>;
}

export function subscribe(
  server: { wsUrl: string },
  query: string,
  variables?: Record<string, unknown>,
): Subscription {
  let resolveClosed!: (value: { code: number; reason: string; at: number }) => void;
  const closed = new Promise<{ code: number; reason: string; at: number }>(
    (r) => (resolveClosed = r),
  );
  const client: Client = createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // the close is awaited through `closed`
    on: {
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        resolveClosed({ code: e.code ?? 0, reason: String(e.reason ?? ''), at: now() });
      },
    },
  });
  const queue: unknown[] = [];
  const waiters: ((value: unknown) => void)[] = [];
  client.subscribe(
    { query, variables },
    {
      next: (value) => {
        const waiter = waiters.shift();
        if (waiter) waiter(value);
        else queue.push(value);
      },
      error: () => {},
      complete: () => {},
    },
  );
  return {
    closed,
    next(timeoutMs = 5000) {
      if (queue.length) return Promise.resolve(queue.shift());
      return new Promise((resolveNext, reject) => {
        const waiter = (value: unknown) => {
          clearTimeout(timer);
          resolveNext(value);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
