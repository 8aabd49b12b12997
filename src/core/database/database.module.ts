import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../config/environment.js';
import { dataSourceOptions } from './data-source-options.js';

/**
 * TypeORM over the database the bootstrap resolved (DATABASE_URL or the embedded one).
 * Pending migrations run when the connection opens, so a fresh database is ready on start.
 */
@Module({})
export class DatabaseModule {
  static forUrl(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [Environment],
          useFactory: (env: Environment) => ({
            ...dataSourceOptions(url, { poolSize: env.DATABASE_POOL_SIZE }),
            migrationsRun: true,
            // Fail the start rather than retry for minutes when the database is not there.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
    };
  }
}
