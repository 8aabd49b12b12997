import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { EmailDeliveryState } from '../email-delivery-state.js';

@ArgsType()
export class EmailDeliveriesArgs extends ConnectionArgs {
  @Field(() => EmailDeliveryState, { nullable: true, description: 'Only rows in this state.' })
  @IsOptional()
  @IsEnum(EmailDeliveryState)
  state?: EmailDeliveryState | null;
}
