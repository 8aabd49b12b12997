import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Role } from '../../core/access/role.js';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { IsText } from '../../core/validation/decorators.js';

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'Part of a display name or email.' })
  @IsOptional()
  @IsText(1, 100)
  search?: string | null;
}
