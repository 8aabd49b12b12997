import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { IsGlobalIdOf, IsGlobalRef, type GlobalRef } from '../../core/validation/decorators.js';
import { AuditAction } from '../audit-action.js';

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => AuditAction, { nullable: true })
  @IsOptional()
  @IsEnum(AuditAction)
  action?: AuditAction | null;

  @Field(() => ID, { nullable: true, description: 'Only what this user did.' })
  @IsOptional()
  @IsGlobalIdOf('User')
  actorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only what was done to this object (any id).' })
  @IsOptional()
  @IsGlobalRef()
  targetId?: GlobalRef | null;
}
