/**
 * What the benchmarks share: a database of their own on the server the app would use
 * (DATABASE_URL's when set, else the embedded Postgres under DATA_DIR), dropped and rebuilt on
 * each run, the app listening on a random local port with its migrations run, and timing of
 * GraphQL queries through the real HTTP API.
 *
 *   const bench = await startBench('wontak_bench');
 *   // ... seed through bench.db ...
 *   const { time, heading } = timer(bench.endpoint);
 *   await heading(bench.db);
 *   await time('page 1', QUERY, { first: 20 }, (data) => `${data.proposals.nodes.length} rows`);
 *   await bench.stop();
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { validateEnvironment } from '../src/core/config/environment.js';

export interface Bench {
  /** The app's GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  endpoint: string;
  /** A connection to the bench database, for seeding and for looking rows up. */
  db: pg.Client;
  /** The bench database's connection string. */
  url: string;
  /** Closes the connection, the app and the embedded Postgres if any, then exits the process. */
  stop(): Promise<never>;
}

/** Drops and creates `databaseName`, starts the app on it (which runs the migrations) and connects. */
export async function startBench(databaseName: string): Promise<Bench> {
  if (!/^[a-z_][a-z0-9_]*$/.test(databaseName)) {
    throw new Error(`not a plain database name: ${databaseName}`);
  }
  // Before the app module is first imported: its @nestjs/config writes LOG_LEVEL's default
  // (info) into process.env as it loads, and every request would then be logged.
  process.env.LOG_LEVEL ??= 'warn';
  const { createApp, ensureLocalJwtSecret, resolveDatabase } =
    await import('../src/core/bootstrap.js');
  ensureLocalJwtSecret();
  const database = await resolveDatabase(validateEnvironment(process.env));
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName}`);
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const url = new URL(database.url);
  url.pathname = `/${databaseName}`;

  const app = await createApp(url.toString()); // runs the migrations
  await app.listen(0, '127.0.0.1');
  const endpoint = `${await app.getUrl()}/graphql`;

  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  return {
    endpoint,
    db,
    url: url.toString(),
    async stop(): Promise<never> {
      await db.end();
      await app.close();
      await database.stop();
      process.exit(0);
    },
  };
}

/** The sample at fraction `q` of sorted `samples` (the last one at most). */
function percentile(samples: number[], q: number): number {
  return samples[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;
}

/**
 * `gql` posts a query to `endpoint` and returns its data (throwing on GraphQL errors); `time`
 * runs a query twice to warm up, then `runs` times, and prints one line: the label, median,
 * p90 and p95 in milliseconds, and what `describe` says of the last answer.
 */
export function timer(endpoint: string, runs = 15) {
  async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown; data: any };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  async function time(
    label: string,
    query: string,
    variables: Record<string, unknown> = {},
    describe: (data: any) => string = () => '',
  ): Promise<void> {
    await gql(query, variables); // warm
    await gql(query, variables);
    const samples: number[] = [];
    let what = '';
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const data = await gql(query, variables);
      samples.push(performance.now() - started);
      what = describe(data);
    }
    samples.sort((a, b) => a - b);
    const ms = (q: number) => percentile(samples, q).toFixed(1).padStart(6);
    console.log(
      `${label.padEnd(56)} median ${ms(0.5)} ms   p90 ${ms(0.9)} ms   p95 ${ms(0.95)} ms` +
        (what ? `   (${what})` : ''),
    );
  }

  /** The line above the timings: how many runs, and which Postgres. */
  async function heading(db: pg.Client): Promise<void> {
    const { server_version } = (await db.query('SHOW server_version')).rows[0];
    console.log(`\nGraphQL over HTTP, ${runs} runs each, Postgres ${server_version}`);
  }

  return { runs, gql, time, heading };
}
