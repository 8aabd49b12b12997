import { existsSync, mkdtempSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  checkoutIn,
  freePort,
  ready,
  REPO_ROOT,
  removeFolder,
  startMain,
  stop,
  type StartedProcess,
} from './support.js';

/**
 * Where the server listens, and what a start says when it cannot: the API answers this
 * machine only outside production unless HOST opens it (the demo accounts' password is
 * public), every interface in production; a busy PORT or EMBEDDED_PG_PORT stops the start
 * with one sentence naming the variable to set, and exit code 1.
 */

let database: TestDatabase;
const folders: string[] = [];
const servers: StartedProcess[] = [];
const occupied: net.Server[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const server of servers) await stop(server);
  for (const server of occupied) await new Promise((resolve) => server.close(resolve));
  for (const folder of folders) removeFolder(folder);
  await database.drop();
}, 60_000);

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'wontak-listening-'));
  chmodSync(folder, 0o755); // the embedded Postgres runs as the postgres user when root
  folders.push(folder);
  return folder;
}

/** A port that something else listens on, on every interface (as another server would). */
async function busyPort(): Promise<number> {
  const port = await freePort();
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, resolve));
  occupied.push(server);
  return port;
}

function start(cwd: string, env: Record<string, string>): StartedProcess {
  const server = startMain(cwd, env);
  servers.push(server);
  return server;
}

describe('a start on a busy port', () => {
  it('PORT: one sentence naming PORT on stderr, exit code 1, no stack', async () => {
    const port = await busyPort();
    const server = start(REPO_ROOT, {
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: database.url,
      DATA_DIR: tempFolder(),
    });
    expect(await server.exited).toBe(1);
    expect(server.errors().trim()).toBe(
      `Port ${port} is already in use (is Wontak already running?): set PORT to a free port.`,
    );
    expect(server.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
  }, 60_000);

  it('EMBEDDED_PG_PORT: one sentence naming EMBEDDED_PG_PORT, exit code 1, no Postgres left running', async () => {
    const pgPort = await busyPort();
    const dataDir = tempFolder();
    const server = start(REPO_ROOT, {
      NODE_ENV: 'development',
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(pgPort),
      DATA_DIR: dataDir,
    });
    expect(await server.exited).toBe(1);
    expect(server.errors().trim()).toBe(
      `Port ${pgPort}, where the embedded Postgres listens, is already in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use a Postgres of your own.`,
    );
    expect(server.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 60_000);

  it('a free PORT starts as usual (the check does not refuse what it should not)', async () => {
    const port = await freePort();
    const server = start(REPO_ROOT, {
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: database.url,
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
    });
    await ready(server, port);
    expect(server.errors()).toBe('');
    expect(await stop(server)).toBe(0);
  }, 90_000);
});

/** An IPv4 address of this machine that is not loopback, or undefined. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const outside = outsideAddress();
const describeWithOutside = outside ? describe : describe.skip;
if (!outside)
  console.log(
    'SKIPPED: HOST checks need an IPv4 address that is not loopback; this machine has none',
  );

describeWithOutside('the interface the API listens on', () => {
  let root: string;
  beforeAll(() => {
    // A checkout of its own: a development start writes schema.graphql where it runs.
    const checkout = checkoutIn('wontak-host-');
    folders.push(checkout.folder);
    root = checkout.root;
  }, 60_000);

  async function listening(
    env: Record<string, string>,
  ): Promise<{ loopback: boolean; outside: boolean }> {
    const port = await freePort();
    const server = start(root, { PORT: String(port), DATABASE_URL: database.url, ...env });
    await ready(server, port);
    try {
      return { loopback: await accepts('127.0.0.1', port), outside: await accepts(outside!, port) };
    } finally {
      expect(await stop(server)).toBe(0);
    }
  }

  it('development, HOST unset: this machine only', async () => {
    expect(await listening({ NODE_ENV: 'development' })).toEqual({
      loopback: true,
      outside: false,
    });
  }, 90_000);

  it('development, HOST=0.0.0.0: every interface', async () => {
    expect(await listening({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toEqual({
      loopback: true,
      outside: true,
    });
  }, 90_000);

  it('production, HOST unset: every interface (a container must be reachable)', async () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    };
    expect(await listening(production)).toEqual({ loopback: true, outside: true });
  }, 90_000);
});
