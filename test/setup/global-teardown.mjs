import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const child = globalThis.__WONTAK_TEST_PG__;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end(); // test/setup/test-postgres.ts stops Postgres and exits
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  if (globalThis.__WONTAK_TEST_PG_FOLDER__)
    rmSync(globalThis.__WONTAK_TEST_PG_FOLDER__, { recursive: true, force: true });
}
