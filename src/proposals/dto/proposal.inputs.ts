import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsNumber,
  IsOptional,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { OrderDirection } from '../../core/graphql/relay/order-direction.js';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { ProposalOrderField } from '../proposal.model.js';
import { PROPOSAL_LIMITS } from '../proposal-limits.js';
import { ProposalStatus } from '../proposal-status.js';

export { PROPOSAL_LIMITS };

/** A coordinate needs its partner: latitude without longitude places nothing. */
function RequiresPartner(partner: 'latitude' | 'longitude'): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'requiresPartner',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const other = (args?.object as Record<string, unknown> | undefined)?.[partner];
          return (
            (value === null || value === undefined) === (other === null || other === undefined)
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be given together with ${partner}`,
      },
    });
}

/** An address, coordinates, or both; an empty location is refused (send null to have none). */
function NotEmptyLocation(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'notEmptyLocation',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value: unknown) => {
          if (value === null || value === undefined || typeof value !== 'object') return true;
          const { address, latitude } = value as LocationInput;
          return (address ?? null) !== null || (latitude ?? null) !== null;
        },
        defaultMessage: () => 'location needs an address or coordinates; send null for no location',
      },
    });
}

@InputType()
export class LocationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(...PROPOSAL_LIMITS.address)
  address?: string | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84, -90 to 90; given with longitude.' })
  @RequiresPartner('longitude')
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84, -180 to 180; given with latitude.' })
  @RequiresPartner('latitude')
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

const TOPIC_IDS_DESCRIPTION = `At most ${PROPOSAL_LIMITS.topics}, without repeats.`;

@InputType()
export class CreateProposalInput {
  @Field()
  @IsText(...PROPOSAL_LIMITS.title)
  title: string;

  @Field()
  @IsText(...PROPOSAL_LIMITS.body)
  body: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;

  @Field(() => [ID], { nullable: true, description: TOPIC_IDS_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PROPOSAL_LIMITS.topics)
  @ArrayUnique()
  @IsGlobalIdOf('Topic', { each: true })
  topicIds?: string[] | null;

  @Field(() => LocationInput, { nullable: true })
  @IsOptional()
  @NotEmptyLocation()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput | null;
}

@InputType({ description: 'Only the author, and only while the proposal is SUBMITTED.' })
export class UpdateProposalInput {
  @Field(() => ID)
  @IsGlobalIdOf('Proposal')
  id: string;

  @Field(() => String, { nullable: true, description: 'Omitted or null: unchanged.' })
  @IsOptional()
  @IsText(...PROPOSAL_LIMITS.title)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Omitted or null: unchanged.' })
  @IsOptional()
  @IsText(...PROPOSAL_LIMITS.body)
  body?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Replaces the topics; [] removes them all. ${TOPIC_IDS_DESCRIPTION}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PROPOSAL_LIMITS.topics)
  @ArrayUnique()
  @IsGlobalIdOf('Topic', { each: true })
  topicIds?: string[] | null;

  @Field(() => LocationInput, { nullable: true, description: 'Omitted: unchanged; null: removed.' })
  @IsOptional()
  @NotEmptyLocation()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput | null;
}

@InputType()
export class ProposalFilter {
  @Field(() => [ProposalStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(Object.keys(ProposalStatus).length)
  @IsEnum(ProposalStatus, { each: true })
  status?: ProposalStatus[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('Department')
  departmentId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Proposals with any of these topics (at most 20).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsGlobalIdOf('Topic', { each: true })
  topicIds?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('User')
  authorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Matches title and body; must work for Korean text (a two-syllable word finds the proposals containing it). Case-insensitive substring, 1-100 characters.',
  })
  @IsOptional()
  @IsText(...PROPOSAL_LIMITS.search)
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True: only overdue proposals (assigned, unanswered by the current department since it received the proposal, past responseDueAt); false: only the others.',
  })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
}

@InputType()
export class ProposalOrder {
  @Field(() => ProposalOrderField)
  @IsEnum(ProposalOrderField)
  field: ProposalOrderField;

  @Field(() => OrderDirection)
  @IsEnum(OrderDirection)
  direction: OrderDirection;
}

@ArgsType()
export class ProposalsArgs extends ConnectionArgs {
  @Field(() => ProposalFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposalFilter)
  filter?: ProposalFilter | null;

  @Field(() => ProposalOrder, { nullable: true, description: 'Newest first when omitted.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposalOrder)
  orderBy?: ProposalOrder | null;
}

/** `Department.proposals`: the department's inbox, by status, overdue and awaiting its answer. */
@ArgsType()
export class DepartmentProposalsArgs extends ConnectionArgs {
  @Field(() => [ProposalStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(Object.keys(ProposalStatus).length)
  @IsEnum(ProposalStatus, { each: true })
  status?: ProposalStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'As ProposalFilter.overdue.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True: only the proposals waiting for its answer (routed to it and not answered by it since, overdue or not); false: only the others (answered, closed, withdrawn).',
  })
  @IsOptional()
  @IsBoolean()
  awaitingAnswer?: boolean | null;

  @Field(() => ProposalOrder, {
    nullable: true,
    description: 'Newest first when omitted; RESPONSE_DUE_AT ASC puts the most urgent first.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposalOrder)
  orderBy?: ProposalOrder | null;
}

/** `ParticipatoryProcess.proposals`. */
@ArgsType()
export class ProcessProposalsArgs extends ConnectionArgs {
  @Field(() => ProposalOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposalOrder)
  orderBy?: ProposalOrder | null;
}

@ArgsType()
export class ProposalIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('Proposal')
  id: string;
}
