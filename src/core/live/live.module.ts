import { EventEmitter } from 'node:events';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { Environment } from '../config/environment.js';
import { LiveEventsPublisher } from './live-events.publisher.js';
import { LiveSockets } from './live-sockets.js';

/** The PubSubEngine: Redis when `redisUrl` (else REDIS_URL) names one, this process's otherwise. */
export function pubSubProvider(redisUrl?: string | null) {
  return {
    provide: PubSubEngine,
    inject: [Environment],
    useFactory: (env: Environment): PubSubEngine => {
      const url = redisUrl === undefined ? (env.REDIS_URL ?? null) : redisUrl;
      if (!url) {
        // One listener per subscription on a channel: a popular proposal has hundreds.
        const emitter = new EventEmitter();
        emitter.setMaxListeners(0);
        return new PubSub({ eventEmitter: emitter });
      }
      const logger = new Logger('LiveEvents');
      const connect = () => {
        const client = new Redis(url, { maxRetriesPerRequest: 3 });
        client.on('error', (error) => logger.warn(`Redis: ${error.message}`));
        return client;
      };
      return new RedisPubSub({ publisher: connect(), subscriber: connect() });
    },
  };
}

/**
 * Where live events travel: Redis pub/sub when a Redis URL is given, so a client connected to
 * one API instance hears what happened on another; otherwise this process's own PubSub.
 * Services never publish directly: they queue events with publishAfterCommit, and
 * LiveEventsPublisher publishes them once the transaction has committed.
 */
@Global()
@Module({})
export class LiveModule {
  /** `redisUrl` overrides REDIS_URL (null: in-process even when REDIS_URL is set). */
  static forRoot(redisUrl?: string | null): DynamicModule {
    return {
      module: LiveModule,
      providers: [pubSubProvider(redisUrl), LiveEventsPublisher, LiveSockets],
      exports: [PubSubEngine, LiveSockets],
    };
  }
}
