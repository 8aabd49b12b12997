import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { ProposalStatus } from '../proposals/proposal-status.js';
import { OfficialAnswerEntity } from './official-answer.entity.js';
import { ProgressUpdateEntity } from './progress-update.entity.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { FEEDBACK_LIMITS } from './dto/feedback.inputs.js';

/** A department's public answer. proposal, author, department and rating are field resolvers. */
@ObjectType('OfficialAnswer', { implements: () => [Node] })
export class OfficialAnswer implements Node {
  @NodeIdField()
  id: string;

  @Field(() => ProposalStatus, { description: 'The status this answer set.' })
  status: ProposalStatus;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(FEEDBACK_LIMITS.answerBody[1])
  body: string;

  @Field()
  createdAt: Date;
}
registerNodeType(OfficialAnswerEntity, 'OfficialAnswer');

@ObjectType('AnswerRating')
export class AnswerRating {
  @Field(() => Int, { description: '1-5.' })
  score: number;

  @Field(() => String, { nullable: true })
  @MaxChars(FEEDBACK_LIMITS.ratingComment[1])
  comment: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('ProgressUpdate', { implements: () => [Node] })
export class ProgressUpdate implements Node {
  @NodeIdField()
  id: string;

  @Field(() => Int, { description: '0-100.' })
  progress: number;

  @Field()
  @MaxChars(FEEDBACK_LIMITS.progressBody[1])
  body: string;

  @Field()
  createdAt: Date;
}
registerNodeType(ProgressUpdateEntity, 'ProgressUpdate');

@ObjectType('DepartmentTransfer', {
  description: 'One routing of a proposal: the first assignment (from = null) or a transfer.',
})
export class DepartmentTransfer {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(FEEDBACK_LIMITS.reason[1])
  reason: string;

  @Field({
    description:
      "The proposal's responseDueAt after this routing: set by the first assignment, kept by transfers unless an admin set a new one.",
  })
  responseDueAt: Date;

  @Field()
  createdAt: Date;
}

/** The public feedback-loop dashboard of a department; each figure is defined in the README. */
@ObjectType('DepartmentStats', {
  description:
    'How a department answers the proposals routed to it: the public feedback-loop dashboard. Computed from the routing, answer and rating records, never from counters.',
})
export class DepartmentStats {
  @Field(() => Int, { description: 'Proposals routed to the department at any time, each once.' })
  assignedCount: number;

  @Field(() => Int, { description: 'Proposals the department has answered at least once.' })
  answeredCount: number;

  @Field(() => Int, {
    description:
      'Assigned to it now, unanswered by it since it received them, past responseDueAt (hidden proposals aside).',
  })
  overdueCount: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median hours from a routing to the department until its first answer on that routing; null before any answer.',
  })
  medianFirstResponseHours: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Mean of proposal authors' 1-5 ratings of this department's answers.",
  })
  averageSatisfaction: number | null;

  @Field(() => Int, { description: 'Transfers of proposals away from the department.' })
  transfersOut: number;
}
