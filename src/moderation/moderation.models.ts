import { createUnionType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Comment } from '../comments/comment.model.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import {
  Node,
  NodeIdField,
  nodeTypeOf,
  registerNodeType,
} from '../core/graphql/relay/node.interface.js';
import { Proposal } from '../proposals/proposal.model.js';
import { ModerationAction, ReportReason } from './moderation-enums.js';
import { ContentReportEntity } from './moderation.entities.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { PROPOSAL_LIMITS } from '../proposals/proposal-limits.js';
import { MODERATION_LIMITS } from './moderation-rules.js';

/** A snapshot is a proposal's title and body ("title\\n\\nbody"), or a comment's body. */
const SNAPSHOT_CHARS = PROPOSAL_LIMITS.title[1] + 2 + PROPOSAL_LIMITS.body[1];

/** What can be reported and moderated (the contract's union). */
export const Reportable = createUnionType({
  name: 'Reportable',
  types: () => [Proposal, Comment] as const,
  resolveType: (value: object) => nodeTypeOf(value),
});

@ObjectType('Report', {
  implements: () => [Node],
  description:
    'Seen by moderators and admins (and by the reporter, in the answer to reportContent).',
})
export class Report implements Node {
  @NodeIdField()
  id: string;

  @Field(() => ReportReason)
  reason: ReportReason;

  @Field(() => String, { nullable: true })
  @MaxChars(MODERATION_LIMITS.details[1])
  details: string | null;

  @Field({
    description:
      'The content as it read when reported: kept for moderators when its author edits or deletes it afterwards.',
  })
  @MaxChars(SNAPSHOT_CHARS)
  contentSnapshot: string;

  @Field({
    description:
      'Whether it counts toward the automatic hide, decided when it was made: false when the reporter was a citizen whose account was younger than MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS, or anyone whose suspension had ended less than MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS before.',
  })
  countsTowardHide: boolean;

  @Field()
  createdAt: Date;
}
registerNodeType(ContentReportEntity, 'Report');

@ObjectType('ModerationDecision', {
  description:
    'A HIDE or RESTORE: by a moderator, or automatically when enough people reported it.',
})
export class ModerationDecision {
  @Field(() => ModerationAction)
  action: ModerationAction;

  @Field()
  @MaxChars(MODERATION_LIMITS.note[1])
  note: string;

  @Field({ description: 'The content as it read when decided.' })
  @MaxChars(SNAPSHOT_CHARS)
  contentSnapshot: string;

  @Field()
  createdAt: Date;
}

@ObjectType('ModerationItem', {
  description: 'A reported or moderated proposal or comment, in the moderation queue.',
})
export class ModerationItem {
  @Field(() => Int, { description: 'Every report ever made.' })
  reportCount: number;

  @Field(() => Int, { description: 'Reports since the last RESTORE.' })
  openReportCount: number;

  @Field(() => Int, {
    description:
      'Of the reports since the last RESTORE, those that count toward the automatic hide (Report.countsTowardHide): at MODERATION_HIDE_THRESHOLD they hide content written by a citizen.',
  })
  openCountedReportCount: number;

  @Field(() => Date, { nullable: true })
  lastReportedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When a moderator last decided; null while it waits for one (a newer report reopens it).',
  })
  resolvedAt: Date | null;
}

@ObjectType()
export class ModerationItemConnection extends ConnectionType(ModerationItem) {}
