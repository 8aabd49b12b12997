import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { liveStreamEnded } from '../core/auth/connection-authenticator.js';
import { LiveViewers } from '../core/auth/live-viewers.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { Node } from '../core/graphql/relay/node.interface.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { LiveChannel, type NotificationAddedEvent } from '../core/live/live-events.js';
import { endingAt, endingWhen } from '../core/live/live-iterators.js';
import { MarkNotificationsReadArgs, NotificationsArgs } from './dto/notifications.args.js';
import { Notification, NotificationActor, NotificationConnection } from './notification.model.js';
import { NotificationActorKind } from './notification-kind.js';
import { notificationText } from './notification-text.js';
import { readerLocale } from '../core/i18n/reader-locale.js';
import { EmailDeliveryState } from '../mail/email-delivery-state.js';
import { UsersService } from '../identity/users.service.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { Department } from '../catalog/department.model.js';
import type { NotificationEntity } from './notification.entity.js';
import { NotificationsService, type NotificationPage } from './notifications.service.js';

/** Marks the end of a private stream whose access token expired or whose session ended. */
const STREAM_ENDED = Object.freeze({ streamEnded: true });
type StreamEvent = NotificationAddedEvent | typeof STREAM_ENDED;

@Resolver(() => Notification)
export class NotificationsResolver {
  constructor(
    private readonly inbox: NotificationsService,
    private readonly nodes: NodeRegistry,
    private readonly pubSub: PubSubEngine,
    private readonly liveViewers: LiveViewers,
  ) {}

  @Query(() => NotificationConnection, {
    description: "The signed-in user's notifications, newest first.",
  })
  @Allow(Permission.SIGNED_IN)
  notifications(
    @Args() args: NotificationsArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<NotificationPage> {
    return this.inbox.list(viewer, args);
  }

  @Mutation(() => Int, {
    description:
      "Marks the given notifications read, or all of the viewer's when ids is null; returns how many changed. Ids that are not the viewer's change nothing.",
  })
  @Allow(Permission.SIGNED_IN)
  markNotificationsRead(
    @Args() args: MarkNotificationsReadArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<number> {
    return this.inbox.markRead(viewer, args.ids);
  }

  @ResolveField(() => Node, {
    nullable: true,
    description:
      'What it is about: a Proposal, Comment, Workshop, OfficialAnswer, ProgressUpdate or WorkshopRegistration; null when it is gone or no longer visible to the viewer.',
  })
  subject(
    @Parent() notification: NotificationEntity,
    @Context() ctx: RequestContext,
  ): Promise<object | null> {
    return this.nodes.loadOne(notification.subjectType, notification.subjectId, ctx);
  }

  @ResolveField(() => String)
  message(@Parent() notification: NotificationEntity, @Context() ctx: RequestContext): string {
    return notificationText(readerLocale(ctx), notification);
  }

  @ResolveField(() => NotificationActor, {
    description: 'The structured cause, for clients that word notifications themselves.',
  })
  actor(@Parent() notification: NotificationEntity): NotificationActorSource {
    return {
      system: notification.actorKind === NotificationActorKind.SYSTEM,
      // A moderator acts for the platform: their name is not the author's business.
      userId:
        notification.actorKind === NotificationActorKind.USER ||
        notification.actorKind === NotificationActorKind.DEPARTMENT
          ? notification.actorId
          : null,
      departmentId:
        notification.actorKind === NotificationActorKind.DEPARTMENT
          ? notification.actorDepartmentId
          : null,
    };
  }

  @ResolveField(() => EmailDeliveryState, {
    nullable: true,
    description:
      'Where its e-mail stands; null when it is not delivered by e-mail (in-app only, or chosen so).',
  })
  emailState(
    @Parent() notification: NotificationEntity,
    @Context() ctx: RequestContext,
  ): Promise<EmailDeliveryState | null> {
    return this.inbox.emailState(ctx.loaders, notification.id);
  }

  @Subscription(() => Notification, {
    description:
      "The signed-in user's own notifications, as they are created (after the change that caused them commits). Authenticated by the connection's connectionParams.authorization; when that token expires the stream ends with UNAUTHENTICATED, and the client reconnects with a fresh token.",
    resolve(this: NotificationsResolver, event: StreamEvent, _args: unknown, ctx: RequestContext) {
      return this.resolveEvent(event, ctx);
    },
  })
  @Allow(Permission.SIGNED_IN)
  notificationAdded(
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): AsyncIterableIterator<StreamEvent> {
    const events = this.pubSub.asyncIterableIterator<StreamEvent>(
      LiveChannel.notifications(viewer.id),
    );
    // Ends when the token expires, or at the first event after its session ended (log-out).
    return endingWhen(
      endingAt(events, ctx.live?.expiresAt ?? null, STREAM_ENDED),
      async (event) => !(await this.liveViewers.viewerAt(ctx.live, event)),
      STREAM_ENDED,
    );
  }

  private async resolveEvent(event: StreamEvent, ctx: RequestContext): Promise<NotificationEntity> {
    const viewer = event === STREAM_ENDED ? null : await this.liveViewers.refresh(ctx, event);
    if (!viewer) throw liveStreamEnded(ctx.live);
    const { notificationId } = event as NotificationAddedEvent;
    const notification = await this.inbox.findOwn(ctx.loaders, viewer, notificationId);
    if (!notification) throw AppError.notFound('notification');
    return notification;
  }
}

@Resolver(() => NotificationConnection)
export class NotificationConnectionResolver {
  @ResolveField(() => Int, {
    description: "All of the viewer's unread notifications, whatever the filter.",
  })
  unreadCount(@Parent() page: NotificationPage): Promise<number> {
    return page.unreadCount();
  }
}

/** What NotificationActor's fields are resolved from. */
export interface NotificationActorSource {
  system: boolean;
  userId: string | null;
  departmentId: string | null;
}

@Resolver(() => NotificationActor)
export class NotificationActorResolver {
  constructor(
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  @ResolveField(() => User, {
    nullable: true,
    description: 'The citizen, or the official acting for their department.',
  })
  user(
    @Parent() actor: NotificationActorSource,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return actor.userId ? this.users.load(ctx.loaders, actor.userId) : null;
  }

  @ResolveField(() => Department, {
    nullable: true,
    description: 'The department an official acted for.',
  })
  department(
    @Parent() actor: NotificationActorSource,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return actor.departmentId ? this.departments.load(ctx.loaders, actor.departmentId) : null;
  }
}
