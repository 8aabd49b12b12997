import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Logger } from 'nestjs-pino';
import { createApp, ensureLocalJwtSecret, resolveDatabase } from './core/bootstrap.js';
import { EnvironmentError, validateEnvironment } from './core/config/environment.js';
import { writeSchemaFile } from './core/graphql/schema-file.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { LiveSockets } from './core/live/live-sockets.js';
import { checkCanListen, listenFailure, type Listener } from './core/startup/listen-check.js';
import { StartupError } from './core/startup/startup-error.js';
import { runtimeWarning } from './core/startup/runtime-check.js';
import { startTracingFromEnvironment } from './core/tracing/start-tracing.js';
import type { Server } from 'node:http';

async function main(): Promise<void> {
  ensureLocalJwtSecret();
  const env = validateEnvironment(process.env);
  const http: Listener = { port: env.PORT, host: env.HOST, variable: 'PORT' };
  // A second start on a busy port says so before it starts (or joins) a Postgres.
  await checkCanListen(http);
  const database = await resolveDatabase(env);
  const tracing = await startTracingFromEnvironment(env);
  const app = await createApp(database.url, { tracing, runJobs: env.WORKER === 'inline' });
  const logger = app.get(Logger);
  const olderNode = runtimeWarning();
  if (olderNode) logger.warn(olderNode, 'Bootstrap');
  if (database.description) logger.log(database.description, 'Database');
  if (tracing) logger.log(`Tracing is on: ${tracing.description}`, 'Tracing');
  await app.init();
  if (env.NODE_ENV === 'development' && writeSchemaFile(app.get(GraphQLSchemaHost).schema)) {
    logger.log('schema.graphql changed: commit it with your change', 'Bootstrap');
  }

  const seedDemo = env.SEED_DEMO_DATA ?? (env.NODE_ENV === 'development' && database.embedded);
  if (seedDemo && !env.isProduction) await app.get(DemoSeeder).seedOnce();

  // On SIGTERM/SIGINT: stop accepting, close the live connections, let the requests in flight
  // finish (cut after SHUTDOWN_TIMEOUT_MS), then let Nest close the rest (Redis, the pool
  // last), stop the embedded Postgres, and exit 0.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down`, 'Bootstrap');
    try {
      await drainHttp(app.getHttpServer() as Server, app.get(LiveSockets), env.SHUTDOWN_TIMEOUT_MS);
      await app.close();
      // The spans of the last requests, sent before the process goes.
      await tracing?.shutdown();
      await database.stop();
      logger.log('Shut down cleanly', 'Bootstrap');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen(env.PORT, env.HOST);
  } catch (error) {
    // Taken between the check above and now.
    await app.close();
    await database.stop();
    throw listenFailure(error, http);
  }
  const where = env.HOST === '127.0.0.1' ? 'this machine only' : env.HOST;
  logger.log(`Wontak is serving http://localhost:${env.PORT}/graphql (on ${where})`, 'Bootstrap');
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentError || error instanceof StartupError) {
    console.error(error.message);
  } else {
    console.error('Wontak failed to start:', error);
  }
  process.exit(1);
});

/**
 * Stops accepting connections and resolves once the requests in flight have been answered.
 * Idle keep-alive connections are closed as they appear (a client that just got its answer is
 * not kept waiting for keepAliveTimeout); after `timeoutMs` the rest are cut.
 */
async function drainHttp(server: Server, sockets: LiveSockets, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  sockets.closeAll();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
  try {
    server.closeIdleConnections();
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(deadline);
  }
}
