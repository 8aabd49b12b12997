/**
 * A server killed (kill -9) in the middle of the overdue sweep loses nothing and repeats nothing
 * visible: the killed transaction left no row, the next start's sweep sends the reminder, and
 * the killed job, retried by pg-boss once its heartbeat stops, finds nothing left to do. The
 * sweep is held mid-transaction by a lock the test takes on the notification table: it has
 * inserted its proposal_reminder row and waits to write the notifications when the kill comes.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  cleanupAll,
  startPostgres,
  startServer,
  within,
  type ServerProcess,
  type TestPostgres,
} from '../reliability/support.js';
import { overdueScene, visibleEffects, waitUntil } from './support.js';

let postgres: TestPostgres;
let server: ServerProcess;
const JWT_SECRET = randomBytes(36).toString('base64url');
const start = () => startServer({ DATABASE_URL: postgres.url, JWT_SECRET });

beforeAll(async () => {
  postgres = await startPostgres();
  server = await start();
}, 120_000);
afterAll(() => cleanupAll(), 60_000);

const waitingOnNotification = async () =>
  (
    await postgres.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'notification' AND NOT l.granted`,
    )
  )[0].n > 0;

it('kill -9 mid-job: after a restart the reminder is sent once, and the retried job repeats nothing', async () => {
  const scene = await overdueScene(server, postgres);
  server.kill('SIGKILL');
  await within(server.exited, 10_000, null);

  const blocker: pg.Client = await postgres.client();
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE notification IN SHARE ROW EXCLUSIVE MODE');
    await scene.makeOverdue();
    // The start's catch-up sweep finds the overdue proposal and blocks on the notifications.
    server = await start();
    await waitUntil(waitingOnNotification, 30_000, 'the sweep waits on the notification table');
    const [killedJob] = await postgres.query(
      `SELECT id FROM pgboss.job WHERE name = 'answer-reminders' AND state = 'active'`,
    );
    expect(killedJob).toBeDefined();
    server.kill('SIGKILL');
    await within(server.exited, 10_000, null);
    await blocker.query('COMMIT');

    // The killed transaction is rolled back by Postgres: nothing of it is visible.
    await waitUntil(async () => !(await waitingOnNotification()), 10_000, 'the orphan ended');
    expect(await visibleEffects(postgres, scene)).toEqual({
      staff: 0,
      overseer: 0,
      reminders: 0,
      events: 0,
    });

    server = await start();
    await waitUntil(
      async () => (await visibleEffects(postgres, scene)).reminders === 1,
      30_000,
      'the restarted server sent the reminder',
    );
    // pg-boss retries the job whose worker died (heartbeat 10 s, monitor every 15 s).
    await waitUntil(
      async () => {
        const [job] = await postgres.query(`SELECT state FROM pgboss.job WHERE id = $1`, [
          killedJob.id,
        ]);
        return job?.state === 'completed';
      },
      90_000,
      'the killed job was retried to completion',
    );
    expect(await visibleEffects(postgres, scene)).toEqual({
      staff: 1,
      overseer: 1,
      reminders: 1,
      events: 1,
    });
  } finally {
    await blocker.end();
  }
}, 180_000);
