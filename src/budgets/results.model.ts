import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars, MaxItems } from '../core/graphql/cost-model.js';
import { BudgetSelectionRule, ProjectOutcome } from './budget-enums.js';
import { BUDGET_LIMITS } from './budget-limits.js';
import { BudgetPot } from './budget.model.js';

/** How one project fared. `project` and `explanation` are field resolvers. */
@ObjectType('ProjectResult')
export class ProjectResult {
  projectId: string;

  @Field(() => Int)
  onlineVotes: number;

  @Field(() => Int)
  offlineVotes: number;

  @Field(() => Int)
  votes: number;

  @Field(() => ProjectOutcome)
  outcome: ProjectOutcome;

  /** A catalogue text, rendered in the reader's language by the field resolver. */
  explanationText: { key: string; params: Record<string, string | number> } | null;
}

/** Paper ballots of a polling place. `enteredBy` and `replaced` are field resolvers. */
@ObjectType('OfflineTally')
export class OfflineTally {
  id: string;
  budgetId: string;
  placeKey: string;
  enteredById: string | null;

  @Field()
  @MaxChars(BUDGET_LIMITS.place[1])
  place: string;

  @Field(() => Int)
  paperBallots: number;

  @Field()
  enteredAt: Date;
}

@ObjectType('BudgetResults')
export class BudgetResults {
  budgetId: string;

  @Field(() => BudgetSelectionRule)
  rule: BudgetSelectionRule;

  @Field(() => Int, { description: 'Online ballots.' })
  ballots: number;

  @Field(() => [OfflineTally])
  @MaxItems(BUDGET_LIMITS.offlinePlaces)
  offlineTallies: OfflineTally[];

  @Field(() => [ProjectResult])
  @MaxItems(BUDGET_LIMITS.projectsPerBudget)
  projects: ProjectResult[];

  @Field(() => [BudgetPot], { description: 'Whole won spent per pot.' })
  @MaxItems(BUDGET_LIMITS.pots)
  spent: BudgetPot[];

  @Field({ description: 'True once an admin published them; until then a live count.' })
  final: boolean;
}
