import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsEnum, IsOptional } from 'class-validator';
import { ConnectionArgs } from '../../core/graphql/relay/connection.args.js';
import {
  IsGlobalIdOf,
  IsGlobalRef,
  IsText,
  type GlobalRef,
} from '../../core/validation/decorators.js';
import { ModerationAction, ReportReason } from '../moderation-enums.js';
import { MODERATION_LIMITS } from '../moderation-rules.js';

export const REPORTABLE_TYPES = ['Proposal', 'Comment'] as const;
export type ReportableRef = GlobalRef<(typeof REPORTABLE_TYPES)[number]>;

@InputType()
export class ReportContentInput {
  @Field(() => ID, { description: 'A Proposal or Comment id.' })
  @IsGlobalRef(REPORTABLE_TYPES)
  targetId: ReportableRef;

  @Field(() => ReportReason)
  @IsEnum(ReportReason)
  reason: ReportReason;

  @Field(() => String, {
    nullable: true,
    description: `${MODERATION_LIMITS.details[0]}-${MODERATION_LIMITS.details[1]} characters; seen by moderators only.`,
  })
  @IsOptional()
  @IsText(...MODERATION_LIMITS.details)
  details?: string | null;
}

@InputType()
export class ModerateContentInput {
  @Field(() => ID, { description: 'A Proposal or Comment id.' })
  @IsGlobalRef(REPORTABLE_TYPES)
  targetId: ReportableRef;

  @Field(() => ModerationAction)
  @IsEnum(ModerationAction)
  action: ModerationAction;

  @Field({
    description: `Why; kept with the decision and in the audit log. ${MODERATION_LIMITS.note[0]}-${MODERATION_LIMITS.note[1]} characters.`,
  })
  @IsText(...MODERATION_LIMITS.note)
  note: string;
}

@InputType()
export class SuspendUserInput {
  @Field(() => ID)
  @IsGlobalIdOf('User')
  userId: string;

  @Field({
    description: `The end of the suspension: in the future, within ${MODERATION_LIMITS.maxSuspensionDays} days. Suspending a suspended user replaces the end.`,
  })
  @IsDate()
  until: Date;

  @Field({
    description: `${MODERATION_LIMITS.note[0]}-${MODERATION_LIMITS.note[1]} characters; kept in the audit log.`,
  })
  @IsText(...MODERATION_LIMITS.note)
  reason: string;
}

@InputType()
export class LiftSuspensionInput {
  @Field(() => ID)
  @IsGlobalIdOf('User')
  userId: string;

  @Field({
    description: `${MODERATION_LIMITS.note[0]}-${MODERATION_LIMITS.note[1]} characters; kept in the audit log.`,
  })
  @IsText(...MODERATION_LIMITS.note)
  reason: string;
}

@ArgsType()
export class ModerationQueueArgs extends ConnectionArgs {
  @Field(() => Boolean, {
    nullable: true,
    description:
      'false: waiting for a moderator (reported since the last decision, or hidden automatically); true: decided; null: all.',
  })
  @IsOptional()
  @IsBoolean()
  resolved?: boolean | null;
}
