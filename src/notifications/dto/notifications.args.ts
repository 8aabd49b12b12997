import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { IsGlobalIdOf } from '../../core/validation/decorators.js';

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only the ones not yet read.' })
  @IsOptional()
  @IsBoolean()
  unreadOnly?: boolean | null;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], {
    nullable: true,
    description: "Notification ids (at most 500); null marks all of the viewer's read.",
  })
  @IsOptional()
  @IsGlobalIdOf('Notification', { each: true })
  ids?: string[] | null;
}
