import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsGlobalIdOf } from '../../core/validation/decorators.js';
import { EscalationAction } from '../escalation-action.js';
import { LADDER_LIMITS } from '../ladder-rules.js';

@InputType()
export class EscalationRungInput {
  @Field(() => Int, {
    description: `Supports that reach the rung, ${LADDER_LIMITS.threshold[0]}-${LADDER_LIMITS.threshold[1]}, strictly above the previous rung's.`,
  })
  @IsInt()
  @Min(LADDER_LIMITS.threshold[0])
  @Max(LADDER_LIMITS.threshold[1])
  threshold: number;

  @Field(() => EscalationAction)
  @IsEnum(EscalationAction)
  action: EscalationAction;

  @Field(() => Int, {
    nullable: true,
    description: `Required for the answer actions (and only for them): ${LADDER_LIMITS.dueInDays[0]}-${LADDER_LIMITS.dueInDays[1]} days.`,
  })
  @IsOptional()
  @IsInt()
  @Min(LADDER_LIMITS.dueInDays[0])
  @Max(LADDER_LIMITS.dueInDays[1])
  dueInDays?: number | null;

  @Field(() => ID, { nullable: true, description: 'Required for REQUIRE_ANSWER_FROM (only).' })
  @IsOptional()
  @IsGlobalIdOf('Department')
  answeringDepartmentId?: string | null;
}

@InputType()
export class SetEscalationLadderInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The process whose ladder this is; null sets the city-wide default.',
  })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;

  @Field(() => [EscalationRungInput], {
    description: `In threshold order, at most ${LADDER_LIMITS.rungs}; levels are numbered 1, 2, 3... An empty list clears the ladder.`,
  })
  @IsArray()
  @ArrayMaxSize(LADDER_LIMITS.rungs)
  @ValidateNested({ each: true })
  @Type(() => EscalationRungInput)
  rungs: EscalationRungInput[];
}
