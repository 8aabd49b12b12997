import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsDate, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { ProposalStatus } from '../../proposals/proposal-status.js';

/**
 * The limits of the feedback loop's inputs. Progress and rating come from
 * ../shared/api/README.md ("Input rules"); the text lengths are ours: a reason is a sentence or
 * two, an answer may be as long as a proposal.
 */
export const FEEDBACK_LIMITS = {
  reason: [1, 1000],
  answerBody: [1, 10_000],
  progressBody: [1, 5000],
  ratingComment: [1, 2000],
  progress: [0, 100],
  score: [1, 5],
  /**
   * A proposal's answers, progress updates and transfers, each (the most recent ones): plain
   * lists, so their length is part of a query's cost (core/graphql/cost-model.ts).
   */
  historyItems: 20,
  /** An explicit responseDueAt must fall within this many days. */
  maxResponseDays: 365,
} as const;

@InputType({
  description:
    'The first assignment of an unassigned proposal: any staff member (triage) or an admin. A transfer of an assigned one: staff of its current department or an admin. The first assignment has from = null.',
})
export class AssignProposalInput {
  @Field(() => ID)
  @IsGlobalIdOf('Proposal')
  proposalId: string;

  @Field(() => ID)
  @IsGlobalIdOf('Department')
  departmentId: string;

  @Field({
    description: `Why this department; public in Proposal.transfers. ${FEEDBACK_LIMITS.reason[0]}-${FEEDBACK_LIMITS.reason[1]} characters.`,
  })
  @IsText(...FEEDBACK_LIMITS.reason)
  reason: string;

  @Field(() => Date, {
    nullable: true,
    description: `Admins only: the answer deadline, in the future and within ${FEEDBACK_LIMITS.maxResponseDays} days. Otherwise the first assignment sets it (RESPONSE_DUE_DAYS later) and a transfer keeps it.`,
  })
  @IsOptional()
  @IsDate()
  responseDueAt?: Date | null;
}

@InputType({ description: 'Staff of the assigned department, or an admin.' })
export class AnswerProposalInput {
  @Field(() => ID)
  @IsGlobalIdOf('Proposal')
  proposalId: string;

  @Field(() => ProposalStatus, {
    description:
      'The status the answer sets: a move of the lifecycle table, or the current status for an interim reply.',
  })
  @IsEnum(ProposalStatus)
  status: ProposalStatus;

  @Field({
    description: `Plain text, ${FEEDBACK_LIMITS.answerBody[0]}-${FEEDBACK_LIMITS.answerBody[1]} characters.`,
  })
  @IsText(...FEEDBACK_LIMITS.answerBody)
  body: string;
}

@InputType({ description: 'Staff of the assigned department, or an admin.' })
export class PostProgressUpdateInput {
  @Field(() => ID)
  @IsGlobalIdOf('Proposal')
  proposalId: string;

  @Field(() => Int, { description: 'Implementation progress, 0-100.' })
  @IsInt()
  @Min(FEEDBACK_LIMITS.progress[0])
  @Max(FEEDBACK_LIMITS.progress[1])
  progress: number;

  @Field({
    description: `Plain text, ${FEEDBACK_LIMITS.progressBody[0]}-${FEEDBACK_LIMITS.progressBody[1]} characters.`,
  })
  @IsText(...FEEDBACK_LIMITS.progressBody)
  body: string;
}

@InputType({ description: "The proposal's author rates an answer, once; 1-5." })
export class RateAnswerInput {
  @Field(() => ID)
  @IsGlobalIdOf('OfficialAnswer')
  answerId: string;

  @Field(() => Int)
  @IsInt()
  @Min(FEEDBACK_LIMITS.score[0])
  @Max(FEEDBACK_LIMITS.score[1])
  score: number;

  @Field(() => String, {
    nullable: true,
    description: `Plain text, ${FEEDBACK_LIMITS.ratingComment[0]}-${FEEDBACK_LIMITS.ratingComment[1]} characters.`,
  })
  @IsOptional()
  @IsText(...FEEDBACK_LIMITS.ratingComment)
  comment?: string | null;
}
