import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { NotificationEntity } from './notification.entity.js';
import {
  NotificationActorResolver,
  NotificationConnectionResolver,
  NotificationsResolver,
} from './notifications.resolver.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { PreferencesResolver } from './preferences.resolver.js';
import { PreferencesService } from './preferences.service.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications: written by the other modules in their own transactions through the outbox
 * (outbox.ts), to the people who-hears-what.ts names; read here, and pushed live to
 * notificationAdded once the transaction commits.
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity]), CatalogModule],
  providers: [
    NotificationsService,
    NotificationsResolver,
    NotificationConnectionResolver,
    NotificationActorResolver,
    PreferencesService,
    PreferencesResolver,
  ],
  exports: [PreferencesService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    // A notification is its recipient's alone.
    this.nodes.register('Notification', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.notifications.findOwn(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
  }
}
