import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

/** How test/helpers/typescript-node.ts runs the sources (kept in step with it). */
const TYPESCRIPT_NODE_ARGS = [
  '--disable-warning=DEP0205',
  '--import',
  '@swc-node/register/esm-register',
];

/**
 * The tests need a real Postgres server: TEST_DATABASE_URL when given (any database on it; the
 * tests create their own), otherwise a throw-away embedded one in a temporary folder, so
 * `npm test` passes on a machine with no Postgres at all. That one runs in a process of its own
 * (test/setup/test-postgres.ts), started by the same code as `npm start`'s; the teardown
 * closes its standard input, and so does jest's end, however it ends.
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), 'wontak-test-'));
  chmodSync(folder, 0o755); // the embedded server runs as the postgres user, not root
  const child = spawn(
    process.execPath,
    [...TYPESCRIPT_NODE_ARGS, 'test/setup/test-postgres.ts', join(folder, 'pg'), String(port)],
    { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const answer = await new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(JSON.parse(line));
    });
    child.once('exit', (code) => resolve({ error: `the tests' Postgres exited (code ${code})` }));
  });
  if (answer.error) {
    rmSync(folder, { recursive: true, force: true });
    // One sentence that says what to do (StartupError), rather than jest's stack of this file.
    console.error(answer.error);
    process.exit(1);
  }
  globalThis.__WONTAK_TEST_PG__ = child;
  globalThis.__WONTAK_TEST_PG_FOLDER__ = folder;
  process.env.TEST_DATABASE_URL = answer.url;
}
