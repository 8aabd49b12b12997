/**
 * The durable job queue: pg-boss, in a `pgboss` schema of the application's own database.
 *
 * Why pg-boss rather than graphile-worker (both keep jobs in Postgres, lock them with
 * SELECT ... FOR UPDATE SKIP LOCKED so any number of instances can work one queue, and run on
 * Node 26 as ESM with TypeScript types; compared on 2026-12-06, pg-boss 12.38, graphile-worker 0.18):
 * - A worker that dies mid-job: pg-boss retries the job once its heartbeat stops
 *   (heartbeatSeconds, checked by every instance's monitor), so a crash costs about a minute;
 *   open-source graphile-worker re-attempts a crashed worker's jobs after 4 hours locked (its
 *   release notes), unless someone unlocks them; its heartbeat sweep is in the paid Worker Pro.
 * - Schedules: pg-boss's cron (`schedule`) is stored in its tables and sent once per slot across
 *   instances (it throttles by slot and corrects for clock skew against the database's clock);
 *   graphile-worker's crontab does the same. A tie.
 * - Its schema: pg-boss creates and upgrades its own tables at `start()` under an advisory lock,
 *   so a fresh database (every test file's clone included) works without our migrations
 *   knowing its DDL; graphile-worker does the same. A tie.
 * - Idempotent sending: singleton keys and queue policies in pg-boss, job keys in
 *   graphile-worker. Ours do not rely on either: every sweep's effect is guarded by a unique
 *   constraint in our tables (src/reminders/), so a job that runs twice, or on two instances at
 *   once, does its work once.
 * - One library in the app rather than a worker with its own task-file conventions: pg-boss is
 *   called from our Nest providers (work/send/schedule); graphile-worker's strengths (LISTEN
 *   latency in milliseconds, batch jobs) do not matter for minute-level sweeps.
 *
 * Where it runs: inside each API process (WORKER=inline, the default), or only in
 * `npm run worker` (WORKER=separate: src/worker.ts), so a city can scale the two apart.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PgBoss } from 'pg-boss';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsOptions {
  databaseUrl: string;
  /** Start the queue's workers and schedules in this process (false: the API of WORKER=separate). */
  runJobs: boolean;
}

/** A job the queue runs on a schedule; `run` must be idempotent (it may run twice, or twice at once). */
export interface RecurringJob {
  name: string;
  /** A 5-field cron expression (UTC): pg-boss checks schedules at minute precision. */
  cron: string;
  run(): Promise<unknown>;
}

/** The schema pg-boss keeps its tables in, beside ours in the same database. */
export const JOBS_SCHEMA = 'pgboss';

/**
 * How long a job may run, and after how long without a heartbeat a job whose worker died is
 * retried elsewhere (pg-boss's monitor runs every MONITOR_SECONDS on every instance).
 */
const QUEUE_OPTIONS = {
  retryLimit: 10,
  retryDelay: 5,
  expireInSeconds: 300,
  heartbeatSeconds: 10,
};
const MONITOR_SECONDS = 15;

@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, RecurringJob>();
  private boss: PgBoss | null = null;

  constructor(@Inject(JOBS_OPTIONS) private readonly options: JobsOptions) {}

  /** Called by the domains in onModuleInit: the queue starts after every module registered. */
  register(job: RecurringJob): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runJobs) return;
    const boss = new PgBoss({
      connectionString: this.options.databaseUrl,
      schema: JOBS_SCHEMA,
      max: 3,
      application_name: 'wontak-jobs',
      monitorIntervalSeconds: MONITOR_SECONDS,
      superviseIntervalSeconds: MONITOR_SECONDS,
    });
    boss.on('error', (error) => this.logger.error(error, 'Job queue error'));
    await boss.start();
    this.boss = boss;
    for (const job of this.jobs.values()) {
      // Created once; a later version's options replace those an earlier one stored.
      if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, QUEUE_OPTIONS);
      else await boss.createQueue(job.name, QUEUE_OPTIONS);
      await boss.work(job.name, { pollingIntervalSeconds: 1 }, async () => {
        await job.run();
      });
      await boss.schedule(job.name, job.cron);
      // A start (after a crash, a deploy) catches up at once instead of at the next minute.
      await boss.send(job.name, {});
    }
    this.logger.log(`Working the job queue: ${[...this.jobs.keys()].join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    // Jobs in progress finish (or are cut after the timeout and retried by another instance).
    await boss?.stop({ graceful: true, timeout: 10_000 });
  }

  /** Queues one run of a registered job now; its id. */
  async runNow(name: string): Promise<string> {
    if (!this.boss) throw new Error('the job queue is not running in this process');
    const id = await this.boss.send(name, {});
    if (!id) throw new Error(`job ${name} was not queued`);
    return id;
  }

  /** The state of a job (created, active, completed, retry, failed...), or null. */
  async stateOf(name: string, id: string): Promise<string | null> {
    if (!this.boss) throw new Error('the job queue is not running in this process');
    const job = await this.boss.getJobById(name, id);
    return job?.state ?? null;
  }
}
