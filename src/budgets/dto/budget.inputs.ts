import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_WHOLE_WON } from '../../core/database/whole-won.js';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { BudgetSelectionRule, BudgetVotingStyle, Feasibility } from '../budget-enums.js';
import { BUDGET_LIMITS } from '../budget-limits.js';

const WON = `Whole won, 1 to ${MAX_WHOLE_WON}.`;

@InputType()
export class BudgetPotInput {
  @Field(() => ID, { nullable: true, description: 'Null or omitted: the city-wide pot.' })
  @IsOptional()
  @IsGlobalIdOf('District')
  districtId?: string | null;

  @Field(() => Float, { description: WON })
  @IsInt()
  @Min(1)
  @Max(MAX_WHOLE_WON)
  amount: number;
}

@InputType()
export class CreateBudgetInput {
  @Field(() => ID)
  @IsGlobalIdOf('ParticipatoryProcess')
  processId: string;

  @Field()
  @IsText(...BUDGET_LIMITS.title)
  title: string;

  @Field(() => BudgetVotingStyle)
  @IsEnum(BudgetVotingStyle)
  votingStyle: BudgetVotingStyle;

  @Field(() => BudgetSelectionRule)
  @IsEnum(BudgetSelectionRule)
  selectionRule: BudgetSelectionRule;

  @Field(() => Int, {
    nullable: true,
    description: `APPROVAL: required, 1-${BUDGET_LIMITS.ballotProjects} projects per pot; KNAPSACK: must be omitted.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BUDGET_LIMITS.ballotProjects)
  maxChoices?: number | null;

  @Field(() => Int, { nullable: true, description: '0-120; default 14.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minimumAge?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  @IsOptional()
  @IsBoolean()
  requiresVerifiedResidency?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Default false.' })
  @IsOptional()
  @IsBoolean()
  liveTotals?: boolean | null;

  @Field(() => [BudgetPotInput], {
    description: `1-${BUDGET_LIMITS.pots}: at most one per district and one city-wide.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BUDGET_LIMITS.pots)
  @ValidateNested({ each: true })
  @Type(() => BudgetPotInput)
  pots: BudgetPotInput[];

  @Field(() => Date, { nullable: true, description: 'At or before votingStartsAt.' })
  @IsOptional()
  @IsDate()
  reviewStartsAt?: Date | null;

  @Field(() => Date)
  @IsDate()
  votingStartsAt: Date;

  @Field(() => Date, { description: 'After votingStartsAt, at most a year later.' })
  @IsDate()
  votingEndsAt: Date;
}

@InputType()
export class CreateBudgetProjectInput {
  @Field(() => ID)
  @IsGlobalIdOf('ParticipatoryBudget')
  budgetId: string;

  @Field(() => String, { nullable: true, description: 'Defaults to the proposal\u2019s title.' })
  @IsOptional()
  @IsText(...BUDGET_LIMITS.title)
  title?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Defaults to the proposal\u2019s body.',
  })
  @IsOptional()
  @IsText(...BUDGET_LIMITS.projectDescription)
  description?: string | null;

  @Field(() => Float, { description: WON })
  @IsInt()
  @Min(1)
  @Max(MAX_WHOLE_WON)
  cost: number;

  @Field(() => ID, {
    nullable: true,
    description:
      "The responsible department: staff's own by default (staff may name only their own); admins name it, or it is the proposal's.",
  })
  @IsOptional()
  @IsGlobalIdOf('Department')
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Null: paid from the city-wide pot.' })
  @IsOptional()
  @IsGlobalIdOf('District')
  districtId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Made from this proposal (title and description default to its own).',
  })
  @IsOptional()
  @IsGlobalIdOf('Proposal')
  proposalId?: string | null;
}

@InputType()
export class ReviewBudgetProjectInput {
  @Field(() => ID)
  @IsGlobalIdOf('BudgetProject')
  projectId: string;

  @Field(() => Feasibility)
  @IsEnum(Feasibility)
  feasibility: Feasibility;

  @Field(() => String, { nullable: true, description: 'Required for NOT_FEASIBLE.' })
  @IsOptional()
  @IsText(...BUDGET_LIMITS.feasibilityReason)
  reason?: string | null;

  @Field(() => Float, { nullable: true, description: WON })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WHOLE_WON)
  revisedCost?: number | null;
}

@InputType()
export class CastBallotInput {
  @Field(() => ID)
  @IsGlobalIdOf('ParticipatoryBudget')
  budgetId: string;

  @Field(() => [ID], {
    description: `The chosen projects, distinct, at most ${BUDGET_LIMITS.ballotProjects}; an empty list withdraws the ballot's choices.`,
  })
  @IsArray()
  @ArrayMaxSize(BUDGET_LIMITS.ballotProjects)
  @ArrayUnique()
  @IsGlobalIdOf('BudgetProject', { each: true })
  projectIds: string[];
}

@InputType()
export class ProjectVotesInput {
  @Field(() => ID)
  @IsGlobalIdOf('BudgetProject')
  projectId: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(BUDGET_LIMITS.paperBallots)
  votes: number;
}

@InputType()
export class EnterOfflineTallyInput {
  @Field(() => ID)
  @IsGlobalIdOf('ParticipatoryBudget')
  budgetId: string;

  @Field({ description: 'The polling place, e.g. "운봉읍 행정복지센터".' })
  @IsText(...BUDGET_LIMITS.place)
  place: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(BUDGET_LIMITS.paperBallots)
  paperBallots: number;

  @Field(() => [ProjectVotesInput])
  @IsArray()
  @ArrayMaxSize(BUDGET_LIMITS.projectsPerBudget)
  @ValidateNested({ each: true })
  @Type(() => ProjectVotesInput)
  votes: ProjectVotesInput[];
}

@ArgsType()
export class BudgetProjectsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('District')
  districtId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only FEASIBLE projects.' })
  @IsOptional()
  @IsBoolean()
  onBallotOnly?: boolean | null;
}
