import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';

/** Starts the real entry point (src/main.ts) as a process and collects what it prints. */
function runMain(
  env: Record<string, string>,
  untilMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, 'src/main.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), untilMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('starting the service', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'wontak-start-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start in production without JWT_SECRET, and says so by name', async () => {
    const { code, output } = await runMain(
      { NODE_ENV: 'production', DATABASE_URL: database.url },
      30_000,
    );
    expect(code).toBe(1);
    expect(output).toMatch(/JWT_SECRET: is required in production/);
  }, 60_000);

  it('refuses a malformed variable before touching the database', async () => {
    const { code, output } = await runMain(
      { NODE_ENV: 'development', PORT: 'not-a-port', DATA_DIR: dataDir },
      30_000,
    );
    expect(code).toBe(1);
    expect(output).toMatch(/PORT/);
  }, 60_000);
});
