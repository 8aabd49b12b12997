import { Field, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { DeliveryChannel, NotificationKind } from '../notification-kind.js';

@InputType()
export class NotificationPreferenceInput {
  @Field(() => NotificationKind)
  @IsEnum(NotificationKind)
  kind: NotificationKind;

  @Field(() => DeliveryChannel)
  @IsEnum(DeliveryChannel)
  channel: DeliveryChannel;
}
