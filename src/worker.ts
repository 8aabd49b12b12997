import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ensureLocalJwtSecret, resolveDatabase } from './core/bootstrap.js';
import { ConfigModule } from './core/config/config.module.js';
import { EnvironmentError, validateEnvironment } from './core/config/environment.js';
import { DatabaseModule } from './core/database/database.module.js';
import { LiveEventsPublisher } from './core/live/live-events.publisher.js';
import { pubSubProvider } from './core/live/live.module.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { StartupError } from './core/startup/startup-error.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ReminderJobsModule } from './reminders/reminders.module.js';
import { MailJobsModule } from './mail/mail.module.js';
import { WebhookJobsModule } from './webhooks/webhooks.module.js';

/**
 * The job queue alone, for WORKER=separate: `npm run worker` (`node dist/src/worker.js` when
 * built). No HTTP and no GraphQL; the same database, the same jobs as an API with
 * WORKER=inline. Live events (notificationAdded) reach the API's subscribers through REDIS_URL
 * when it is set, as between API instances.
 */
@Module({})
class WorkerModule {
  static forUrl(databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule,
        LoggingModule,
        DatabaseModule.forUrl(databaseUrl),
        JobsModule.forRoot({ databaseUrl, runJobs: true }),
        ReminderJobsModule,
        MailJobsModule,
        WebhookJobsModule,
      ],
      // What the jobs write is published after commit like the API's writes (through Redis to
      // the API's subscribers when REDIS_URL is set); no sockets here.
      providers: [pubSubProvider(), LiveEventsPublisher],
    };
  }
}

async function main(): Promise<void> {
  ensureLocalJwtSecret();
  const env = validateEnvironment(process.env);
  const database = await resolveDatabase(env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forUrl(database.url), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.init();
  logger.log('The worker is running the job queue', 'Worker');

  // On SIGTERM/SIGINT the jobs in progress finish (pg-boss waits for them, up to 10 s; one cut
  // off is retried by another instance), then the pools close.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down`, 'Worker');
    try {
      await app.close();
      await database.stop();
      logger.log('Shut down cleanly', 'Worker');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentError || error instanceof StartupError) {
    console.error(error.message);
  } else {
    console.error('The Wontak worker failed to start:', error);
  }
  process.exit(1);
});
