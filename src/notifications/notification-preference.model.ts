import { Field, ObjectType } from '@nestjs/graphql';
import { DeliveryChannel, NotificationKind } from './notification-kind.js';

@ObjectType('NotificationPreference', {
  description:
    "How one kind of notification reaches a person: their choice, else the city's default.",
})
export class NotificationPreference {
  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field(() => DeliveryChannel)
  channel: DeliveryChannel;
}
