/**
 * The floor of the benchmark as a process of its own (started by bench/bench.ts): reads the
 * context from FLOOR_CONTEXT (a JSON file) and serves on a random port, printed as FLOOR_URL=.
 */
import { readFileSync } from 'node:fs';
import { startFloorServer } from './floor-server.js';
import type { BenchContext } from './scenarios.js';

const ctx = JSON.parse(readFileSync(process.env.FLOOR_CONTEXT!, 'utf8')) as BenchContext;
const floor = await startFloorServer(process.env.FLOOR_DATABASE_URL!, ctx);
console.log(`FLOOR_URL=${floor.url}`);
process.on('SIGTERM', () => {
  void floor.close().then(() => process.exit(0));
});
