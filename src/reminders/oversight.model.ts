import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';

@ObjectType('OversightItem')
export class OversightItem {
  @Field(() => Proposal)
  proposal: ProposalEntity;

  @Field(() => Int, { description: 'Whole days since responseDueAt passed.' })
  daysOverdue: number;

  @Field({ description: 'When the overdue sweep escalated it to the oversight department.' })
  escalatedAt: Date;

  /** The proposal_reminder row, for the cursor. */
  reminderId: string;
}

@ObjectType()
export class OversightItemConnection extends ConnectionType(OversightItem) {}
