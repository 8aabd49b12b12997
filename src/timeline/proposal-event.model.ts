import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars, TEXT_CHARS } from '../core/graphql/cost-model.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { FEEDBACK_LIMITS } from '../feedback/dto/feedback.inputs.js';
import { ProposalStatus } from '../proposals/proposal-status.js';
import { ProposalEventKind } from './proposal-event-kind.js';
import { ProposalEventEntity } from './proposal-event.entity.js';

/** The longest reason an event carries: a routing's reason or a system's note. */
export const EVENT_REASON_CHARS = Math.max(FEEDBACK_LIMITS.reason[1], TEXT_CHARS.note);

/** The actor columns of an event; user and department are field resolvers over the ids. */
export interface EventActorSource {
  userId: string | null;
  departmentId: string | null;
  system: boolean;
}

@ObjectType('EventActor', {
  description:
    'Who did it: a person, a department acting officially, or the platform itself (reminders, escalations).',
})
export class EventActor {
  @Field()
  system: boolean;
}

@ObjectType('ProposalEvent', {
  implements: () => [Node],
  description:
    'One thing that happened to a proposal, recorded in the same transaction as the change.',
})
export class ProposalEvent implements Node {
  @NodeIdField()
  id: string;

  @Field(() => ProposalEventKind)
  kind: ProposalEventKind;

  @Field()
  at: Date;

  @Field(() => ProposalStatus, {
    nullable: true,
    description:
      'ANSWERED: the status the answer set; PROGRESS_UPDATED and WITHDRAWN: the status after.',
  })
  status: ProposalStatus | null;

  @Field(() => String, { nullable: true, description: 'ASSIGNED and TRANSFERRED: why.' })
  @MaxChars(EVENT_REASON_CHARS)
  reason: string | null;

  @Field(() => Int, { nullable: true, description: 'For ESCALATED: the rung reached.' })
  escalationLevel: number | null;
}
registerNodeType(ProposalEventEntity, 'ProposalEvent');

@ObjectType()
export class ProposalEventConnection extends ConnectionType(ProposalEvent) {}
