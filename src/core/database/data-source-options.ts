import { fileURLToPath } from 'node:url';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** `migrations/` at the project root (its index.ts lists them). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/**
 * The one DataSource configuration, shared by the app, the CLI, the migration commands and the
 * tests. `synchronize` is never on: the schema changes only through reviewed migrations.
 */
export function dataSourceOptions(
  url: string,
  overrides: { poolSize?: number } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into Postgres 13+; pgcrypto keeps older servers working.
    uuidExtension: 'pgcrypto',
    poolSize: overrides.poolSize ?? 10,
    extra: {
      // A database that refuses connections (stopped, restarting) fails a request at once
      // with SERVICE_UNAVAILABLE, and the pool reconnects by itself once it is back. This bound
      // is for the rest: an unreachable host, or a request waiting for a free connection of
      // the pool under load (which must not fail while the database is merely busy).
      connectionTimeoutMillis: 5000,
      application_name: 'wontak',
    },
  };
}
