import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Environment } from '../config/environment.js';
import { RATE_LIMIT_REDIS, RateLimits } from './rate-limits.js';

/** The rate limits, counted in Redis when there is one (shared by all instances). */
@Global()
@Module({})
export class RateLimitModule {
  /** `redisUrl` overrides REDIS_URL (null: in this process even when REDIS_URL is set). */
  static forRoot(redisUrl?: string | null): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: RATE_LIMIT_REDIS,
          inject: [Environment],
          useFactory: (env: Environment): Redis | null => {
            const url = redisUrl === undefined ? (env.REDIS_URL ?? null) : redisUrl;
            if (!url || !env.RATE_LIMIT_ENABLED) return null;
            const logger = new Logger('RateLimits');
            // Fail fast so a request never waits on a Redis that is gone (the memory
            // insurance counts meanwhile).
            const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
            client.on('error', (error) => logger.warn(`Redis: ${error.message}`));
            return client;
          },
        },
        RateLimits,
      ],
      exports: [RateLimits],
    };
  }
}
