import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional } from 'class-validator';
import { IsGlobalIdOf } from '../../core/validation/decorators.js';

@InputType()
export class VerifyResidencyInput {
  @Field(() => ID)
  @IsGlobalIdOf('User')
  userId: string;

  @Field(() => ID)
  @IsGlobalIdOf('District')
  districtId: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The birth year read off the ID (1900 to this year): stored as verified, so the user can no longer change it. Omitted: the birth year is left as it is.',
  })
  @IsOptional()
  @IsInt()
  birthYear?: number | null;
}

@ArgsType()
export class SetBirthYearArgs {
  @Field(() => Int, { description: '1900 to this year.' })
  @IsInt()
  year: number;
}

@ArgsType()
export class RevokeResidencyArgs {
  @Field(() => ID)
  @IsGlobalIdOf('User')
  userId: string;
}
