import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsOptional, ValidateNested } from 'class-validator';
import { IsSlug, IsText } from '../../core/validation/decorators.js';
import { CATALOG_LIMITS } from '../catalog-limits.js';

@InputType()
export class CreateDepartmentInput {
  @Field()
  @IsSlug()
  slug: string;

  @Field()
  @IsText(2, 100)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(1, CATALOG_LIMITS.departmentDescription)
  description?: string | null;
}

@InputType()
export class CreateTopicInput {
  @Field()
  @IsSlug()
  slug: string;

  @Field()
  @IsText(2, 100)
  name: string;
}

@InputType()
export class PhaseInput {
  @Field()
  @IsText(2, 150)
  title: string;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  endsAt?: Date | null;
}

@InputType()
export class CreateProcessInput {
  @Field()
  @IsSlug()
  slug: string;

  @Field()
  @IsText(3, 150)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(1, CATALOG_LIMITS.processDescription)
  description?: string | null;

  @Field(() => [PhaseInput], {
    nullable: true,
    description: 'In order; positions are assigned 1, 2, 3...',
  })
  @IsOptional()
  @ArrayMaxSize(CATALOG_LIMITS.phases)
  @ValidateNested({ each: true })
  @Type(() => PhaseInput)
  phases?: PhaseInput[] | null;
}
