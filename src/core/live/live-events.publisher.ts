import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSubEngine } from 'graphql-subscriptions';
import type {
  DataSource,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { takePendingEvents } from './live-events.js';

/**
 * Publishes the events a transaction queued (publishAfterCommit) right after it commits, and
 * forgets them when it rolls back. A TypeORM subscriber: it sees every transaction of the
 * DataSource. A failure to publish is logged, never thrown: the change is committed, and the
 * client that made it must hear that it succeeded.
 */
@Injectable()
export class LiveEventsPublisher implements EntitySubscriberInterface, OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsPublisher.name);

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly pubSub: PubSubEngine,
  ) {
    db.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside a longer transaction is not a commit.
    if (event.queryRunner.isTransactionActive) return;
    for (const { channel, payload } of takePendingEvents(event.queryRunner)) {
      this.pubSub.publish(channel, payload).catch((error: unknown) => {
        this.logger.error({ err: error, channel }, 'A live event could not be published');
      });
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takePendingEvents(event.queryRunner);
  }

  async onApplicationShutdown(): Promise<void> {
    const closable = this.pubSub as PubSubEngine & { close?: () => Promise<unknown> };
    await closable.close?.();
  }
}
