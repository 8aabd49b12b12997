import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import {
  BudgetProjectChangeKind,
  BudgetSelectionRule,
  BudgetStage,
  BudgetVotingStyle,
  Feasibility,
} from './budget-enums.js';
import { BUDGET_LIMITS } from './budget-limits.js';
import { BudgetProjectEntity } from './budget-project.entity.js';
import { ParticipatoryBudgetEntity } from './budget.entity.js';

/**
 * A participatory budget. process, stage, pots, projects, myBallot and results are field
 * resolvers (budgets.resolver.ts, budget-results.resolver.ts).
 */
@ObjectType('ParticipatoryBudget', { implements: () => [Node] })
export class ParticipatoryBudget implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(BUDGET_LIMITS.title[1])
  title: string;

  @Field(() => Date, { nullable: true })
  reviewStartsAt: Date | null;

  @Field(() => BudgetVotingStyle)
  votingStyle: BudgetVotingStyle;

  @Field(() => BudgetSelectionRule)
  selectionRule: BudgetSelectionRule;

  @Field(() => Int, { nullable: true, description: 'APPROVAL only: projects per pot.' })
  maxChoices: number | null;

  @Field(() => Int, {
    description:
      'The age a voter must reach during the current year (연 나이: only the birth year is known).',
  })
  minimumAge: number;

  @Field()
  requiresVerifiedResidency: boolean;

  @Field({ description: 'Whether totals are public while voting is open.' })
  liveTotals: boolean;

  @Field(() => Date, { nullable: true })
  votingStartsAt: Date;

  @Field(() => Date, { nullable: true })
  votingEndsAt: Date;

  @Field(() => Date, { nullable: true, description: 'When an admin published the final results.' })
  resultsPublishedAt: Date | null;

  @Field()
  createdAt: Date;
}
registerNodeType(ParticipatoryBudgetEntity, 'ParticipatoryBudget');

/** The money of one pot (or, in BudgetResults.spent, what was spent of it). */
@ObjectType('BudgetPot')
export class BudgetPot {
  /** Null for the city-wide pot; `district` resolves it. */
  districtId: string | null;

  @Field(() => Float, { description: 'Whole won.' })
  amount: number;
}

@ObjectType('BudgetProject', { implements: () => [Node] })
export class BudgetProject implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(BUDGET_LIMITS.title[1])
  title: string;

  @Field()
  @MaxChars(BUDGET_LIMITS.projectDescription[1])
  description: string;

  @Field(() => Float, { description: 'Whole won; the revised cost once review revised it.' })
  cost: number;

  @Field(() => Feasibility)
  feasibility: Feasibility;

  @Field(() => String, { nullable: true })
  @MaxChars(BUDGET_LIMITS.feasibilityReason[1])
  feasibilityReason: string | null;

  @Field()
  createdAt: Date;
}
registerNodeType(BudgetProjectEntity, 'BudgetProject');

@ObjectType()
export class BudgetProjectConnection extends ConnectionType(BudgetProject) {}

/** One change on a project's record. `actor` is a field resolver. */
@ObjectType('BudgetProjectChange')
export class BudgetProjectChange {
  @Field(() => BudgetProjectChangeKind)
  kind: BudgetProjectChangeKind;

  @Field(() => Float, { nullable: true, description: 'The cost before, when it changed.' })
  costBefore: number | null;

  @Field(() => Float, { nullable: true, description: 'The cost after, when it changed.' })
  costAfter: number | null;

  @Field(() => Feasibility, { nullable: true, description: 'The feasibility after a review.' })
  feasibility: Feasibility | null;

  @Field(() => String, { nullable: true })
  @MaxChars(BUDGET_LIMITS.feasibilityReason[1])
  reason: string | null;

  @Field()
  at: Date;

  actorId: string | null;
}

/**
 * A voter's own ballot: not a Node (it has no id to look up), and only ever returned to the
 * person who cast it. `budget` and `projects` are field resolvers.
 */
@ObjectType('Ballot', { description: 'Visible to its voter only.' })
export class Ballot {
  budgetId: string;
  projectIds: string[];

  @Field()
  updatedAt: Date;
}

export { BudgetStage };
