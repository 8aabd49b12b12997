import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { FieldCost, MaxChars, MaxItems } from '../core/graphql/cost-model.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { readerLocale } from '../core/i18n/reader-locale.js';
import { render } from '../core/i18n/text.js';
import type { MessageKey } from '../core/i18n/translate.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { UsersService } from '../identity/users.service.js';
import { BUDGET_LIMITS } from './budget-limits.js';
import type { BudgetProjectEntity } from './budget-project.entity.js';
import { BudgetResultsService, type BudgetResultsValue } from './budget-results.service.js';
import type { ParticipatoryBudgetEntity } from './budget.entity.js';
import { BudgetProject, ParticipatoryBudget } from './budget.model.js';
import { EnterOfflineTallyInput } from './dto/budget.inputs.js';
import { OfflineTalliesService } from './offline-tallies.service.js';
import type { OfflineTallyEntity } from './offline-tally.entity.js';
import { BudgetResults, OfflineTally, ProjectResult } from './results.model.js';

/**
 * What counting a budget's results costs (the cost model, core/graphql/cost-model.ts): at the
 * issue's scale, 50,000 ballots, it holds a connection for about 0.3 s (npm run bench:budgets),
 * as long as a search, so it costs as much (SEARCH_COST), and one client cannot ask for the
 * results of twenty budgets at once as if they were twenty titles.
 */
export const RESULTS_COST = 5_000;

/** The longest explanation: a catalogue sentence around a few numbers (results.ts). */
const EXPLANATION_CHARS = 400;

/** The global id of a budget, or NOT_FOUND (a wrong id names no budget). */
function budgetIdOf(id: string): string {
  const budgetId = decodeGlobalId(id, 'ParticipatoryBudget');
  if (!budgetId) throw AppError.notFound('budget');
  return budgetId;
}

/**
 * Paper tallies, results and their publication (issue 18). Who may: enterOfflineTally any
 * STAFF or ADMIN (the role table: ACT_FOR_DEPARTMENT; the community centres' desks belong to
 * no one department), publishing and starting implementation ADMIN only.
 */
@Resolver(() => ParticipatoryBudget)
export class BudgetResultsResolver {
  constructor(
    private readonly service: BudgetResultsService,
    private readonly tallies: OfflineTalliesService,
  ) {}

  @Mutation(() => OfflineTally, {
    description:
      'STAFF and ADMIN, from votingStartsAt until the results are published (paper is counted after the polls close). A second entry for the same place (compared without case, extra spaces) replaces the first; both stay on the record. Each vote names a project on the ballot once, with at most paperBallots votes; APPROVAL: at most paperBallots × maxChoices votes in each pot.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  enterOfflineTally(
    @Args('input') input: EnterOfflineTallyInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<OfflineTallyEntity> {
    return this.tallies.enter(viewer, input);
  }

  @Mutation(() => BudgetResults, {
    description:
      "ADMIN only, once voting has ended, once (again: CONFLICT). Stores each project's result, and carries each selected project on as an ACCEPTED proposal of its department (its own proposal, or one written for it).",
  })
  @Allow(Permission.ADMINISTER)
  publishBudgetResults(
    @Args('budgetId', { type: () => ID }) budgetId: string,
    @CurrentViewer() viewer: Viewer,
  ): Promise<BudgetResultsValue> {
    return this.service.publish(viewer, budgetIdOf(budgetId));
  }

  @Mutation(() => ParticipatoryBudget, {
    description:
      'ADMIN only, once the results are published, once: the stage becomes IMPLEMENTING.',
  })
  @Allow(Permission.ADMINISTER)
  startBudgetImplementation(
    @Args('budgetId', { type: () => ID }) budgetId: string,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ParticipatoryBudgetEntity> {
    return this.service.startImplementation(viewer, budgetIdOf(budgetId));
  }

  @ResolveField(() => BudgetResults, {
    nullable: true,
    description:
      'Null until voting has closed, unless liveTotals (then from votingStartsAt). A live count until an admin publishes (final: false), then the published record.',
  })
  @FieldCost(RESULTS_COST)
  results(
    @Parent() budget: ParticipatoryBudgetEntity,
    @Context() ctx: RequestContext,
  ): Promise<BudgetResultsValue | null> {
    return this.service.results(ctx.loaders, budget);
  }
}

@Resolver(() => BudgetProject)
export class BudgetProjectTotalsResolver {
  constructor(private readonly results: BudgetResultsService) {}

  @ResolveField(() => Int, {
    nullable: true,
    description:
      'Online and paper votes; null until totals are public, and for a project not on the ballot.',
  })
  async votes(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<number | null> {
    return (await this.results.totals(ctx.loaders, project.id))?.votes ?? null;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description: 'Null until the results are published.',
  })
  async selected(
    @Parent() project: BudgetProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<boolean | null> {
    return (await this.results.totals(ctx.loaders, project.id))?.selected ?? null;
  }
}

@Resolver(() => ProjectResult)
export class ProjectResultResolver {
  @ResolveField(() => BudgetProject)
  project(@Parent() result: ProjectResult & { project: BudgetProjectEntity }): BudgetProjectEntity {
    return result.project;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "Plain-language reason in the reader's language, e.g. under Equal Shares how the cost was shared.",
  })
  @MaxChars(EXPLANATION_CHARS)
  explanation(@Parent() result: ProjectResult, @Context() ctx: RequestContext): string | null {
    const written = result.explanationText;
    if (!written) return null;
    return render(readerLocale(ctx), { key: written.key as MessageKey, params: written.params });
  }
}

@Resolver(() => OfflineTally)
export class OfflineTallyResolver {
  constructor(
    private readonly users: UsersService,
    private readonly tallies: OfflineTalliesService,
  ) {}

  /**
   * Staff accounts are not deleted through the API (a member who leaves is given another
   * role, which keeps the account), so the enterer is always there; only an account deleted
   * by hand in the database leaves entered_by_id null, and then this field is an error.
   */
  @ResolveField(() => User, { description: 'The staff member or admin who entered it.' })
  async enteredBy(
    @Parent() tally: OfflineTallyEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    const user = tally.enteredById ? await this.users.load(ctx.loaders, tally.enteredById) : null;
    if (!user) throw AppError.notFound('user');
    return user;
  }

  @ResolveField(() => [OfflineTally], {
    description: `Earlier entries for the same place that this one replaced, newest first (at most ${BUDGET_LIMITS.replacedTallies}).`,
  })
  @MaxItems(BUDGET_LIMITS.replacedTallies)
  replaced(
    @Parent() tally: OfflineTallyEntity,
    @Context() ctx: RequestContext,
  ): Promise<OfflineTallyEntity[]> {
    return this.tallies.replaced(ctx.loaders, tally.id);
  }
}
