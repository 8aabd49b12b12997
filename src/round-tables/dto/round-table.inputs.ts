import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/graphql/relay/connection.args.js';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { PROPOSAL_LIMITS } from '../../proposals/proposal-limits.js';
import { ROUND_TABLE_LIMITS as LIMITS } from '../round-table-limits.js';

const range = ([min, max]: readonly [number, number]) => `${min}-${max}`;

@InputType()
export class RoundTableInput {
  @Field(() => Int, {
    description: `The number on the table's card, ${range(LIMITS.tableNumber)}, unique in the list.`,
  })
  @IsInt()
  @Min(LIMITS.tableNumber[0])
  @Max(LIMITS.tableNumber[1])
  number: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(...LIMITS.topic)
  topic?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'A staff member, an admin, or a person with a CONFIRMED registration at this session.',
  })
  @IsOptional()
  @IsGlobalIdOf('User')
  facilitatorId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `People at the table (${range(LIMITS.tableSize)}) when not all of them are registered users (children at a design camp); omitted: the seated participants. Bounds the table's dots.`,
  })
  @IsOptional()
  @IsInt()
  @Min(LIMITS.tableSize[0])
  @Max(LIMITS.tableSize[1])
  size?: number | null;
}

@InputType()
export class SetRoundTablesInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;

  @Field(() => [RoundTableInput], {
    description: `The session's tables (at most ${LIMITS.tables}), replacing the set: matched by number; a table left out is removed unless ideas were recorded at it.`,
  })
  @IsArray()
  @ArrayMaxSize(LIMITS.tables)
  @ValidateNested({ each: true })
  @Type(() => RoundTableInput)
  tables: RoundTableInput[];

  @Field(() => Int, {
    nullable: true,
    description: `Dots each participant places, ${range(LIMITS.dotsPerParticipant)}; omitted: unchanged.`,
  })
  @IsOptional()
  @IsInt()
  @Min(LIMITS.dotsPerParticipant[0])
  @Max(LIMITS.dotsPerParticipant[1])
  dotsPerParticipant?: number | null;
}

@InputType()
export class SeatInput {
  @Field(() => Int)
  @IsInt()
  tableNumber: number;

  @Field(() => ID, { description: 'A person with a CONFIRMED registration, at most once.' })
  @IsGlobalIdOf('User')
  userId: string;
}

@InputType()
export class AssignSeatsInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;

  @Field(() => [SeatInput], {
    nullable: true,
    description:
      'Explicit seats, replacing all seats; omitted: every CONFIRMED registrant is seated, balanced across tables by department (staff) or district, then arrival.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.seats)
  @ValidateNested({ each: true })
  @Type(() => SeatInput)
  seats?: SeatInput[] | null;
}

@InputType()
export class RecordIdeaInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;

  @Field(() => Int)
  @IsInt()
  tableNumber: number;

  @Field({ description: `Plain text, ${range(LIMITS.ideaText)} characters.` })
  @IsText(...LIMITS.ideaText)
  text: string;

  @Field(() => String, { nullable: true, description: `${range(LIMITS.ideaCategory)} characters.` })
  @IsOptional()
  @IsText(...LIMITS.ideaCategory)
  category?: string | null;
}

@InputType()
export class RecordDotsInput {
  @Field(() => ID)
  @IsGlobalIdOf('TableIdea')
  ideaId: string;

  @Field(() => Int, {
    description: `The table's total for this idea (${range(LIMITS.dots)}); re-entering replaces it and keeps the old value as a correction. The table's ideas together hold at most dotsPerParticipant × the people at the table.`,
  })
  @IsInt()
  @Min(LIMITS.dots[0])
  @Max(LIMITS.dots[1])
  dots: number;
}

@InputType()
export class MergeIdeasInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;

  @Field({ description: `${range(LIMITS.priorityTitle)} characters.` })
  @IsText(...LIMITS.priorityTitle)
  title: string;

  @Field(() => [ID], {
    description: `${range(LIMITS.mergedIdeas)} distinct ideas of this session; the priorities they leave empty are removed.`,
  })
  @IsArray()
  @ArrayMinSize(LIMITS.mergedIdeas[0])
  @ArrayMaxSize(LIMITS.mergedIdeas[1])
  @ArrayUnique()
  @IsGlobalIdOf('TableIdea', { each: true })
  ideaIds: string[];
}

@InputType()
export class PriorityToProposalInput {
  @Field(() => ID)
  @IsGlobalIdOf('SessionPriority')
  priorityId: string;

  @Field(() => ID, { description: 'Staff name their own department; admins any.' })
  @IsGlobalIdOf('Department')
  departmentId: string;

  @Field({
    description: `The proposal's body, as any proposal's (${range(PROPOSAL_LIMITS.body)} characters).`,
  })
  @IsText(...PROPOSAL_LIMITS.body)
  body: string;
}

/** A page of a plain list: its first `first` items. */
@ArgsType()
export class FirstArgs {
  @Field(() => Int, {
    nullable: true,
    description: `At most this many, ${DEFAULT_PAGE_SIZE} when omitted, ${MAX_PAGE_SIZE} at most.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;
}
