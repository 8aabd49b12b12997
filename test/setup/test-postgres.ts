/**
 * The tests' throw-away Postgres, in a process of its own (test/setup/global-setup.mjs starts
 * it): `node <TypeScript args> test/setup/test-postgres.ts <folder> <port>`. It is started by
 * the project's own startEmbeddedPostgres, which knows how to run Postgres as root from a
 * folder the postgres user cannot enter; jest's global setup cannot load TypeScript itself.
 *
 * Prints one line of JSON when Postgres accepts connections ({"url": ...}, or {"error": ...}
 * and exit 1), then stops it and exits when its standard input closes (the global teardown,
 * or jest gone) or on SIGTERM/SIGINT. The folder is the caller's to remove.
 */
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres.js';
import { StartupError } from '../../src/core/startup/startup-error.js';

const [folder, port] = process.argv.slice(2);

async function run(): Promise<void> {
  const database = await startEmbeddedPostgres({
    dataDir: folder,
    port: Number(port),
    // Every test file makes databases and connections of its own; durability is not wanted.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    persistent: false,
  });
  const url = new URL(database.url);
  url.pathname = '/postgres';
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    database.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.stdin.on('end', stop).resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: url.href })}\n`);
}

run().catch((error: unknown) => {
  const message =
    error instanceof StartupError
      ? error.message
      : `the tests' Postgres did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.exit(1);
});
