import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';
import {
  createProposal,
  REPO_ROOT,
  signUp,
  sleep,
  tempDir,
  uuidOf,
  within,
  type Exit,
  type ServerProcess,
  type TestPostgres,
} from '../reliability/support.js';

export interface WorkerProcess {
  pid: number;
  output(): string;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<Exit>;
}

const workers = new Set<WorkerProcess>();

/**
 * `npm run worker` as a child process (src/worker.ts through SWC, as that script runs it), on
 * `databaseUrl`; resolves once it logs that it works the queue.
 */
export async function startWorker(databaseUrl: string): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, 'src/worker.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(36).toString('base64url'),
      LOG_LEVEL: 'info',
      DATA_DIR: tempDir('wontak-worker-data-'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const append = (chunk: Buffer) => (text = (text + chunk.toString('utf8')).slice(-65_536));
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const worker: WorkerProcess = {
    pid: child.pid!,
    output: () => text,
    kill: (signal) => void (done || child.kill(signal)),
    exited,
  };
  workers.add(worker);
  const deadline = performance.now() + 60_000;
  while (!text.includes('The worker is running the job queue')) {
    if (done) throw new Error(`the worker exited before it was ready:\n${text}`);
    if (performance.now() > deadline) throw new Error(`the worker was not ready:\n${text}`);
    await sleep(100);
  }
  return worker;
}

/** Kills the workers still running (afterAll, before cleanupAll). */
export async function killWorkers(): Promise<void> {
  for (const worker of workers) {
    worker.kill('SIGKILL');
    await within(worker.exited, 10_000, null);
  }
  workers.clear();
}

export interface OverdueScene {
  staffId: string;
  overseerId: string;
  proposalId: string;
  /** Makes the proposal overdue (assigned to the staff's department, due yesterday). */
  makeOverdue(): Promise<void>;
}

/**
 * On a running server: a department with one STAFF member, an oversight department with one,
 * and a citizen's proposal (not yet assigned).
 */
export async function overdueScene(
  server: ServerProcess,
  postgres: TestPostgres,
): Promise<OverdueScene> {
  const author = await signUp(server, 'author');
  const staff = await signUp(server, 'staff');
  const overseer = await signUp(server, 'overseer');
  const proposal = await createProposal(server, author.token, '주말 주차 허용 제안');
  const [parks] = await postgres.query(
    `INSERT INTO department (slug, name) VALUES ('parks', '공원녹지과') RETURNING id`,
  );
  const [planning] = await postgres.query(
    `INSERT INTO department (slug, name) VALUES ('planning', '기획실') RETURNING id`,
  );
  await postgres.query(`UPDATE app_user SET role = 'STAFF', department_id = $2 WHERE id = $1`, [
    uuidOf(staff.id),
    parks.id,
  ]);
  await postgres.query(`UPDATE app_user SET role = 'STAFF', department_id = $2 WHERE id = $1`, [
    uuidOf(overseer.id),
    planning.id,
  ]);
  await postgres.query(`INSERT INTO oversight_setting (department_id) VALUES ($1)`, [planning.id]);
  const proposalId = uuidOf(proposal.id);
  return {
    staffId: uuidOf(staff.id),
    overseerId: uuidOf(overseer.id),
    proposalId,
    makeOverdue: async () => {
      await postgres.query(
        `UPDATE proposal SET department_id = $2, status = 'UNDER_REVIEW', awaiting_answer = true,
                response_due_at = now() - interval '1 day' WHERE id = $1`,
        [proposalId, parks.id],
      );
    },
  };
}

/** What the overdue sweep left visible: notifications per recipient, reminder rows, events. */
export async function visibleEffects(postgres: TestPostgres, scene: OverdueScene) {
  const [row] = await postgres.query(
    `SELECT
       (SELECT count(*)::int FROM notification WHERE recipient_id = $2 AND kind = 'PROPOSAL_OVERDUE') AS staff,
       (SELECT count(*)::int FROM notification WHERE recipient_id = $3 AND kind = 'PROPOSAL_OVERDUE') AS overseer,
       (SELECT count(*)::int FROM proposal_reminder WHERE proposal_id = $1 AND kind = 'OVERDUE') AS reminders,
       (SELECT count(*)::int FROM proposal_event WHERE proposal_id = $1 AND kind = 'OVERDUE') AS events`,
    [scene.proposalId, scene.staffId, scene.overseerId],
  );
  return row as { staff: number; overseer: number; reminders: number; events: number };
}

/** Polls `check` every 200 ms until it is true, for at most `ms` (real time). */
export async function waitUntil(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(200);
  }
}
