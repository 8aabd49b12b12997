import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await globalThis.__WONTAK_TEST_PG__?.stop();
  if (globalThis.__WONTAK_TEST_PG_FOLDER__) rmSync(globalThis.__WONTAK_TEST_PG_FOLDER__, { recursive: true, force: true });
}
