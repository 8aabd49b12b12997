import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Role } from '../../core/access/role.js';
import { IsGlobalIdOf } from '../../core/validation/decorators.js';

@InputType()
export class SetUserRoleInput {
  @Field(() => ID)
  @IsGlobalIdOf('User')
  userId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field(() => ID, { nullable: true, description: 'Required when role is STAFF.' })
  @IsOptional()
  @IsGlobalIdOf('Department')
  departmentId?: string | null;
}
