import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ApiScope } from '../../core/access/api-scope.js';
import { english, text } from '../../core/i18n/text.js';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { PROPOSAL_LIMITS } from '../../proposals/proposal-limits.js';
import { ProposalChannel } from '../../proposals/proposal-channel.js';

/** The limits of API clients and of what they send (issue 20). */
export const API_CLIENT_LIMITS = {
  name: [1, 100],
  ownerContact: [1, 200],
  scopes: [1, Object.keys(ApiScope).length],
  costLimitPerMinute: [1, 1_000_000],
  /** rotateApiClientSecret: how long the previous secret stays valid (at most a week). */
  graceSeconds: [0, 604_800],
  graceSecondsDefault: 86_400,
  contactName: [1, 50],
  /** Digits, spaces, +, - and parentheses; a Korean number with its area code fits in 20. */
  contactPhone: [1, 30],
} as const;

/** A phone number as people write it: digits, at most one leading +, spaces, - and (). */
const PHONE = /^\+?[\d ()-]*\d[\d ()-]*$/;

/** The channels a client takes a proposal down by: ONLINE is the citizen's own. */
export const OFFLINE_CHANNELS = [
  ProposalChannel.PHONE,
  ProposalChannel.KIOSK,
  ProposalChannel.VISIT,
];

@InputType()
export class CreateApiClientInput {
  @Field({
    description: `${API_CLIENT_LIMITS.name[0]}-${API_CLIENT_LIMITS.name[1]} characters; also the display name of the client's account.`,
  })
  @IsText(...API_CLIENT_LIMITS.name)
  name: string;

  @Field({
    description: `Who runs the client and how to reach them, ${API_CLIENT_LIMITS.ownerContact[0]}-${API_CLIENT_LIMITS.ownerContact[1]} characters.`,
  })
  @IsText(...API_CLIENT_LIMITS.ownerContact)
  ownerContact: string;

  @Field(() => [ApiScope], { description: 'At least one, each once.' })
  @IsArray()
  @ArrayMinSize(API_CLIENT_LIMITS.scopes[0])
  @ArrayMaxSize(API_CLIENT_LIMITS.scopes[1])
  @ArrayUnique()
  @IsEnum(ApiScope, { each: true })
  scopes: ApiScope[];

  @Field(() => ID, {
    nullable: true,
    description:
      "The department the client acts for (its account is that department's STAFF); required with FEEDBACK_WRITE.",
  })
  @IsOptional()
  @IsGlobalIdOf('Department')
  departmentId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Its cost budget per minute, ${API_CLIENT_LIMITS.costLimitPerMinute[0]}-${API_CLIENT_LIMITS.costLimitPerMinute[1]}; null: the city's default.`,
  })
  @IsOptional()
  @IsInt()
  @Min(API_CLIENT_LIMITS.costLimitPerMinute[0])
  @Max(API_CLIENT_LIMITS.costLimitPerMinute[1])
  costLimitPerMinute?: number | null;
}

@ArgsType()
export class ApiClientIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('ApiClient')
  id: string;
}

@ArgsType()
export class RotateApiClientSecretArgs extends ApiClientIdArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How long the previous secret stays valid, ${API_CLIENT_LIMITS.graceSeconds[0]}-${API_CLIENT_LIMITS.graceSeconds[1]} seconds; ${API_CLIENT_LIMITS.graceSecondsDefault} when omitted, 0 ends it at once.`,
  })
  @IsOptional()
  @IsInt()
  @Min(API_CLIENT_LIMITS.graceSeconds[0])
  @Max(API_CLIENT_LIMITS.graceSeconds[1])
  graceSeconds?: number | null;
}

@InputType()
export class CreateProposalOnBehalfInput {
  @Field()
  @IsText(...PROPOSAL_LIMITS.title)
  title: string;

  @Field()
  @IsText(...PROPOSAL_LIMITS.body)
  body: string;

  @Field(() => ProposalChannel, { description: 'PHONE, KIOSK or VISIT (ONLINE is refused).' })
  @IsIn(OFFLINE_CHANNELS)
  channel: ProposalChannel;

  @Field(() => ID, {
    nullable: true,
    description:
      "The citizen's account, when they have one; else contactName and contactPhone are kept privately.",
  })
  @IsOptional()
  @IsGlobalIdOf('User')
  citizenId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Required without citizenId (refused with it), ${API_CLIENT_LIMITS.contactName[0]}-${API_CLIENT_LIMITS.contactName[1]} characters; seen by the answering department's staff and admins only.`,
  })
  @IsOptional()
  @IsText(...API_CLIENT_LIMITS.contactName)
  contactName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Required without citizenId (refused with it): digits with optional +, spaces, hyphens and parentheses, at most ${API_CLIENT_LIMITS.contactPhone[1]} characters; seen as contactName is.`,
  })
  @IsOptional()
  @IsText(...API_CLIENT_LIMITS.contactPhone)
  @Matches(PHONE, {
    message: (args) => english(text('field.phoneNumber', { field: args.property })),
  })
  contactPhone?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `At most ${PROPOSAL_LIMITS.topics}, without repeats.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PROPOSAL_LIMITS.topics)
  @ArrayUnique()
  @IsGlobalIdOf('Topic', { each: true })
  topicIds?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsGlobalIdOf('ParticipatoryProcess')
  processId?: string | null;
}
