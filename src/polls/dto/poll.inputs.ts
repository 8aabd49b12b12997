import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
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
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { normalizeText, textProblem } from '../../core/validation/text.js';
import { PollQuestionKind } from '../poll.entity.js';

/**
 * The limits of polls: input rules, and the lengths of the lists and texts the API returns
 * (the cost model reads them through @MaxItems / @MaxChars).
 */
export const POLL_LIMITS = {
  title: [3, 150],
  prompt: [1, 500],
  /** Options of one choice question (a FREE_TEXT question has none). */
  options: [2, 20],
  optionLabel: [1, 200],
  questions: [1, 30],
  freeText: [1, 2_000],
  /** The longest a poll may stay open: a year (and a day, for a leap year). */
  maxOpenDays: 366,
  /** Polls of one process, and of one workshop: the lists are plain, so they are bounded. */
  pollsPerProcess: 50,
  pollsPerWorkshop: 50,
  /** The age rule a poll may state (eligibility.ts), as the table allows. */
  minimumAge: [0, 120],
} as const;

/**
 * Each string of a list under the text rules (trimmed, NFC, then checked): IsText takes one
 * string, and class-validator's `each` would describe the whole list, not the bad label.
 */
function IsTextEach(min: number, max: number): PropertyDecorator {
  const firstProblem = (value: unknown): string | null => {
    if (!Array.isArray(value)) return null;
    for (const item of value) {
      const problem = textProblem(item, min, max);
      if (problem) return problem;
    }
    return null;
  };
  return (target, propertyKey) => {
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value)
        ? value.map((item: unknown) => (typeof item === 'string' ? normalizeText(item) : item))
        : value,
    )(target, propertyKey);
    registerDecorator({
      name: 'isTextEach',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value) => firstProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${firstProblem(args?.value)}`,
      },
    });
  };
}

@InputType()
export class PollQuestionInput {
  @Field(() => PollQuestionKind)
  @IsEnum(PollQuestionKind)
  kind: PollQuestionKind;

  @Field({ description: `${POLL_LIMITS.prompt[0]}-${POLL_LIMITS.prompt[1]} characters.` })
  @IsText(...POLL_LIMITS.prompt)
  prompt: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'MULTIPLE_CHOICE only: how many options a respondent may choose at most (1 to the number of options; omitted: all of them).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(POLL_LIMITS.options[1])
  maxChoices?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: `Choice questions: ${POLL_LIMITS.options[0]}-${POLL_LIMITS.options[1]} distinct labels of ${POLL_LIMITS.optionLabel[0]}-${POLL_LIMITS.optionLabel[1]} characters, in order. FREE_TEXT: none.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(POLL_LIMITS.options[1])
  @IsTextEach(...POLL_LIMITS.optionLabel)
  @ArrayUnique()
  options?: string[] | null;
}

@InputType()
export class CreatePollInput {
  @Field({ description: `${POLL_LIMITS.title[0]}-${POLL_LIMITS.title[1]} characters.` })
  @IsText(...POLL_LIMITS.title)
  title: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The process the poll belongs to. A poll names a process, a workshop, or both (then the workshop must be of that process).',
  })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The workshop the poll belongs to; its organizer is the poll's department.",
  })
  @IsOptional()
  @IsGlobalIdOf('Workshop')
  workshopId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The organizing department. With a workshop: its organizer (naming another is BAD_USER_INPUT). Without: staff default to, and may name only, their own; admins must name one.',
  })
  @IsOptional()
  @IsGlobalIdOf('Department')
  departmentId?: string | null;

  @Field(() => Date, { description: 'May be in the past: the poll is then open at once.' })
  @IsDate()
  opensAt: Date;

  @Field(() => Date, {
    description: `After opensAt and in the future, at most ${POLL_LIMITS.maxOpenDays} days after opensAt.`,
  })
  @IsDate()
  closesAt: Date;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Counts public while the poll is open; false (the default): once it closes.',
  })
  @IsOptional()
  @IsBoolean()
  liveResults?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: `Respondents must be this old in the year's age (연 나이; eligibility.ts), ${POLL_LIMITS.minimumAge[0]}-${POLL_LIMITS.minimumAge[1]}. Omitted: no age rule.`,
  })
  @IsOptional()
  @IsInt()
  @Min(POLL_LIMITS.minimumAge[0])
  @Max(POLL_LIMITS.minimumAge[1])
  minimumAge?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Respondents must have a verified residency (any district). Default false.',
  })
  @IsOptional()
  @IsBoolean()
  requiresVerifiedResidency?: boolean | null;

  @Field(() => [PollQuestionInput], {
    description: `${POLL_LIMITS.questions[0]}-${POLL_LIMITS.questions[1]} questions, in order.`,
  })
  @IsArray()
  @ArrayMinSize(POLL_LIMITS.questions[0])
  @ArrayMaxSize(POLL_LIMITS.questions[1])
  @ValidateNested({ each: true })
  @Type(() => PollQuestionInput)
  questions: PollQuestionInput[];
}

@InputType()
export class PollAnswerInput {
  @Field(() => ID)
  @IsGlobalIdOf('PollQuestion')
  questionId: string;

  @Field(() => [ID], {
    nullable: true,
    description:
      'SINGLE_CHOICE: exactly one option of the question; MULTIPLE_CHOICE: 1 to maxChoices distinct options.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(POLL_LIMITS.options[1])
  @ArrayUnique()
  @IsGlobalIdOf('PollOption', { each: true })
  optionIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `FREE_TEXT only: ${POLL_LIMITS.freeText[0]}-${POLL_LIMITS.freeText[1]} characters.`,
  })
  @IsOptional()
  @IsText(...POLL_LIMITS.freeText)
  text?: string | null;
}

@InputType()
export class RespondToPollInput {
  @Field(() => ID)
  @IsGlobalIdOf('Poll')
  pollId: string;

  @Field(() => [PollAnswerInput], {
    description:
      'One answer per question, each question at most once. Every choice question must be answered; a FREE_TEXT question may be left out.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(POLL_LIMITS.questions[1])
  @ValidateNested({ each: true })
  @Type(() => PollAnswerInput)
  answers: PollAnswerInput[];
}

@ArgsType()
export class PollIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('Poll')
  pollId: string;
}

/** The page of free-text answers: the usual forward pagination. */
@ArgsType()
export class FreeTextArgs extends ConnectionArgs {}
