import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
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
import { Type } from 'class-transformer';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { RegistrationStatus, WorkshopKind } from '../workshop-status.js';

/**
 * The limits of workshop inputs. Capacity comes from ../shared/api/README.md ("Input rules");
 * the text lengths are ours, in line with proposals.
 */
export const WORKSHOP_LIMITS = {
  title: [3, 150],
  description: [1, 10_000],
  location: [1, 300],
  outcome: [1, 20_000],
  capacity: [1, 10_000],
  /** minimumAge and maximumAge, in years (연 나이: the workshop's year minus the birth year). */
  age: [0, 120],
  linkedProposals: 50,
  /**
   * Workshops listed on one proposal (the soonest): a plain list, so its length is part of a
   * query's cost (core/graphql/cost-model.ts).
   */
  workshopsOfProposal: 20,
} as const;

const CAPACITY = `${WORKSHOP_LIMITS.capacity[0]}-${WORKSHOP_LIMITS.capacity[1]}`;
const AGE = `${WORKSHOP_LIMITS.age[0]}-${WORKSHOP_LIMITS.age[1]}`;
/** Why the ages bound children only, for every field that sets one. */
const AGE_BOUNDS_CHILDREN =
  "the age (the workshop's year in Seoul minus the birth year, 연 나이) of the children guardians register; adults' registration is unchanged";

@InputType()
export class CreateWorkshopInput {
  @Field()
  @IsText(...WORKSHOP_LIMITS.title)
  title: string;

  @Field()
  @IsText(...WORKSHOP_LIMITS.description)
  description: string;

  @Field(() => WorkshopKind)
  @IsEnum(WorkshopKind)
  kind: WorkshopKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Defaults to the creating staff member's department; required for admins. Staff may name only their own.",
  })
  @IsOptional()
  @IsGlobalIdOf('Department')
  organizerId?: string | null;

  @Field(() => Date)
  @IsDate()
  startsAt: Date;

  @Field(() => Date, { description: 'After startsAt.' })
  @IsDate()
  endsAt: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(...WORKSHOP_LIMITS.location)
  location?: string | null;

  @Field(() => Int, { nullable: true, description: `${CAPACITY}; null or omitted: unlimited.` })
  @IsOptional()
  @IsInt()
  @Min(WORKSHOP_LIMITS.capacity[0])
  @Max(WORKSHOP_LIMITS.capacity[1])
  capacity?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether guardians may register children (registerChild); false when omitted or null.',
  })
  @IsOptional()
  @IsBoolean()
  childrenAllowed?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: `${AGE}: the least ${AGE_BOUNDS_CHILDREN}. Null or omitted: no limit.`,
  })
  @IsOptional()
  @IsInt()
  @Min(WORKSHOP_LIMITS.age[0])
  @Max(WORKSHOP_LIMITS.age[1])
  minimumAge?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `${AGE}, at least minimumAge: the greatest ${AGE_BOUNDS_CHILDREN}. Null or omitted: no limit.`,
  })
  @IsOptional()
  @IsInt()
  @Min(WORKSHOP_LIMITS.age[0])
  @Max(WORKSHOP_LIMITS.age[1])
  maximumAge?: number | null;
}

@InputType()
export class UpdateWorkshopInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  id: string;

  @Field(() => String, { nullable: true, description: 'Omitted or null: unchanged.' })
  @IsOptional()
  @IsText(...WORKSHOP_LIMITS.title)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Omitted or null: unchanged.' })
  @IsOptional()
  @IsText(...WORKSHOP_LIMITS.description)
  description?: string | null;

  @Field(() => Date, { nullable: true, description: 'Omitted or null: unchanged.' })
  @IsOptional()
  @IsDate()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Omitted or null: unchanged.' })
  @IsOptional()
  @IsDate()
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Omitted: unchanged; null: removed.' })
  @IsOptional()
  @IsText(...WORKSHOP_LIMITS.location)
  location?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Omitted: unchanged; null: unlimited; else ${CAPACITY}. Raising it promotes waitlisted people in order; lowering it below registeredCount is a CONFLICT.`,
  })
  @IsOptional()
  @IsInt()
  @Min(WORKSHOP_LIMITS.capacity[0])
  @Max(WORKSHOP_LIMITS.capacity[1])
  capacity?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Omitted or null: unchanged. Turning it off refuses new children; those registered keep their places.',
  })
  @IsOptional()
  @IsBoolean()
  childrenAllowed?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: `Omitted: unchanged; null: no limit; else ${AGE}: the least ${AGE_BOUNDS_CHILDREN}. Children already registered keep their places.`,
  })
  @IsOptional()
  @IsInt()
  @Min(WORKSHOP_LIMITS.age[0])
  @Max(WORKSHOP_LIMITS.age[1])
  minimumAge?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Omitted: unchanged; null: no limit; else ${AGE}, at least minimumAge: the greatest ${AGE_BOUNDS_CHILDREN}.`,
  })
  @IsOptional()
  @IsInt()
  @Min(WORKSHOP_LIMITS.age[0])
  @Max(WORKSHOP_LIMITS.age[1])
  maximumAge?: number | null;
}

@InputType()
export class PublishWorkshopOutcomeInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;

  @Field({
    description: `Results (minutes, decisions), plain text, ${WORKSHOP_LIMITS.outcome[0]}-${WORKSHOP_LIMITS.outcome[1]} characters. Publishing again replaces it.`,
  })
  @IsText(...WORKSHOP_LIMITS.outcome)
  outcome: string;

  @Field(() => [ID], {
    nullable: true,
    description: `The proposals that came out of it (at most ${WORKSHOP_LIMITS.linkedProposals}); replaces the links. Omitted or null: links unchanged.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WORKSHOP_LIMITS.linkedProposals)
  @ArrayUnique()
  @IsGlobalIdOf('Proposal', { each: true })
  proposalIds?: string[] | null;
}

@InputType()
export class WorkshopFilter {
  @Field(() => Boolean, {
    nullable: true,
    description:
      'True: not started yet, soonest first. False: started, most recent first. Omitted: both, the upcoming ones first.',
  })
  @IsOptional()
  @IsBoolean()
  upcoming?: boolean | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;

  @Field(() => WorkshopKind, { nullable: true })
  @IsOptional()
  @IsEnum(WorkshopKind)
  kind?: WorkshopKind | null;
}

@ArgsType()
export class WorkshopsArgs extends ConnectionArgs {
  @Field(() => WorkshopFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkshopFilter)
  filter?: WorkshopFilter | null;
}

@ArgsType()
export class WorkshopIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;
}

@ArgsType()
export class RegistrationsArgs extends ConnectionArgs {
  @Field(() => RegistrationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RegistrationStatus)
  status?: RegistrationStatus | null;
}
