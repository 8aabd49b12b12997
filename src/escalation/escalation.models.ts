import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxItems } from '../core/graphql/cost-model.js';
import { EscalationAction } from './escalation-action.js';
import { LADDER_LIMITS } from './ladder-rules.js';

/** A rung as a ladder defines it, or as a crossing recorded it. */
@ObjectType('EscalationRung')
export class EscalationRung {
  @Field(() => Int)
  level: number;

  @Field(() => Int)
  threshold: number;

  @Field(() => EscalationAction)
  action: EscalationAction;

  @Field(() => Int, { nullable: true })
  dueInDays: number | null;

  /** Resolved to `answeringDepartment` (EscalationRungResolver). */
  answeringDepartmentId: string | null;
}

@ObjectType('EscalationLadder')
export class EscalationLadder {
  @Field(() => [EscalationRung], { description: `By level, at most ${LADDER_LIMITS.rungs}.` })
  @MaxItems(LADDER_LIMITS.rungs)
  rungs: EscalationRung[];
}

@ObjectType('ReachedRung')
export class ReachedRung {
  @Field(() => EscalationRung, { description: 'The rung as it was when the proposal reached it.' })
  rung: EscalationRung;

  @Field(() => Date)
  reachedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      "For the answer actions: reachedAt + the rung's dueInDays, when the answer is due.",
  })
  dueAt: Date | null;

  @Field({
    description:
      'True while what the rung requires (an answer, a forum) is still owed: an official answer posted since the crossing (by answeringDepartment for REQUIRE_ANSWER_FROM), or a workshop linked to the proposal that starts after the crossing.',
  })
  owed: boolean;
}

@ObjectType('ProposalEscalation')
export class ProposalEscalation {
  @Field(() => [ReachedRung], { description: 'By level.' })
  @MaxItems(LADDER_LIMITS.rungs)
  reached: ReachedRung[];

  @Field(() => EscalationRung, {
    nullable: true,
    description: 'The first rung of the applicable ladder not reached yet.',
  })
  next: EscalationRung | null;
}
