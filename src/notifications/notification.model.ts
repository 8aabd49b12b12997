import { Field, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { NotificationKind } from './notification-kind.js';
import { NotificationEntity } from './notification.entity.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';

@ObjectType('Notification', { implements: () => [Node] })
export class Notification implements Node {
  @NodeIdField()
  id: string;

  @Field(() => NotificationKind)
  kind: NotificationKind;

  /** Resolved by NotificationsResolver.message, in the reader's language. */
  @Field({
    description:
      "A sentence for people, in the reader's language (their locale, else Accept-Language, else the city's), about what happened as it was then.",
  })
  @MaxChars(TEXT_CHARS.notificationMessage)
  message: string;

  @Field(() => Date, { nullable: true })
  readAt: Date | null;

  @Field()
  createdAt: Date;
}
registerNodeType(NotificationEntity, 'Notification');

/** Who caused a notification, as the reader should see them. */
@ObjectType('NotificationActor', {
  description:
    'Who caused a notification, as the reader should see them: a citizen (user), an official acting for their department (department, and the user), a moderator or admin (neither: shown as "관리자"), or the platform (system).',
})
export class NotificationActor {
  @Field({ description: 'True when the platform itself acted (reminders, escalation, reports).' })
  system: boolean;
}

@ObjectType()
export class NotificationConnection extends ConnectionType(Notification) {}
