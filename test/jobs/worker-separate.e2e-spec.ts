/**
 * WORKER=separate: the API process starts no queue and runs no job; `npm run worker` (a process
 * of its own on the same database) does, and stops cleanly on SIGTERM.
 */
import {
  cleanupAll,
  gqlOk,
  sleep,
  startPostgres,
  startServer,
  within,
  type ServerProcess,
  type TestPostgres,
} from '../reliability/support.js';
import { killWorkers, overdueScene, startWorker, visibleEffects, waitUntil } from './support.js';

let postgres: TestPostgres;
let api: ServerProcess;

beforeAll(async () => {
  postgres = await startPostgres();
  api = await startServer({ DATABASE_URL: postgres.url, WORKER: 'separate' });
}, 120_000);
afterAll(async () => {
  await killWorkers();
  await cleanupAll();
}, 60_000);

it('the API runs no jobs; the worker process does, and stops on SIGTERM', async () => {
  const scene = await overdueScene(api, postgres);
  await scene.makeOverdue();
  // Long enough for a queue started at boot (its first sweep runs at once) to have acted.
  await sleep(3000);
  expect(await visibleEffects(postgres, scene)).toEqual({
    staff: 0,
    overseer: 0,
    reminders: 0,
    events: 0,
  });
  const [{ exists }] = await postgres.query(
    `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') AS exists`,
  );
  expect(exists).toBe(false);
  expect(api.output()).not.toContain('Working the job queue');

  const worker = await startWorker(postgres.url);
  await waitUntil(
    async () => (await visibleEffects(postgres, scene)).reminders === 1,
    30_000,
    'the worker swept',
  );
  expect(await visibleEffects(postgres, scene)).toEqual({
    staff: 1,
    overseer: 1,
    reminders: 1,
    events: 1,
  });
  // The API serves what the worker wrote.
  const data = await gqlOk(api, `query { proposals(first: 5) { nodes { overdue } } }`);
  expect(data.proposals.nodes).toEqual([{ overdue: true }]);

  worker.kill('SIGTERM');
  const exit = await within(worker.exited, 20_000, null);
  expect(exit && { code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
  expect(worker.output()).toContain('Shut down cleanly');
}, 120_000);
