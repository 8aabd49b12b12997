import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Logger } from 'nestjs-pino';
import { createApp, ensureLocalJwtSecret, resolveDatabase } from './core/bootstrap.js';
import { EnvironmentError, validateEnvironment } from './core/config/environment.js';
import { writeSchemaFile } from './core/graphql/schema-file.js';
import { DemoSeeder } from './seed/demo-seeder.js';

async function main(): Promise<void> {
  ensureLocalJwtSecret();
  const env = validateEnvironment(process.env);
  const database = await resolveDatabase(env);
  const app = await createApp(database.url);
  const logger = app.get(Logger);
  await app.init();
  if (env.NODE_ENV === 'development' && writeSchemaFile(app.get(GraphQLSchemaHost).schema)) {
    logger.log('schema.graphql changed: commit it with your change', 'Bootstrap');
  }

  const seedDemo = env.SEED_DEMO_DATA ?? (env.NODE_ENV === 'development' && database.embedded);
  if (seedDemo && !env.isProduction) await app.get(DemoSeeder).seedOnce();

  // On SIGTERM/SIGINT: stop accepting, let Nest close everything (the pool last), then stop
  // the embedded Postgres, then exit 0.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down`, 'Bootstrap');
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(env.PORT, env.HOST);
  logger.log(`Wontak is serving http://localhost:${env.PORT}/graphql`, 'Bootstrap');
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentError) {
    console.error(error.message);
  } else {
    console.error('Wontak failed to start:', error);
  }
  process.exit(1);
});
