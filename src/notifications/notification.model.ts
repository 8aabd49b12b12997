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

  @Field({ description: 'A sentence for people, written when it happened.' })
  @MaxChars(TEXT_CHARS.notificationMessage)
  message: string;

  @Field(() => Date, { nullable: true })
  readAt: Date | null;

  @Field()
  createdAt: Date;
}
registerNodeType(NotificationEntity, 'Notification');

@ObjectType()
export class NotificationConnection extends ConnectionType(Notification) {}
