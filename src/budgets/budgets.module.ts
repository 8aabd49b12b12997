import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { BallotsService } from './ballots.service.js';
import {
  BudgetProjectTotalsResolver,
  BudgetResultsResolver,
  OfflineTallyResolver,
  ProjectResultResolver,
} from './budget-results.resolver.js';
import { BudgetResultsService } from './budget-results.service.js';
import { OfflineTalliesService } from './offline-tallies.service.js';
import { PabulibController } from './pabulib.controller.js';
import {
  BallotResolver,
  BudgetPotResolver,
  BudgetProjectChangeResolver,
  BudgetProjectsResolver,
  BudgetsResolver,
  ProcessBudgetsResolver,
  ProposalBudgetProjectsResolver,
} from './budgets.resolver.js';
import { BudgetsService } from './budgets.service.js';
import { BallotChoiceEntity, BallotEntity } from './ballot.entity.js';
import {
  BudgetProjectChangeEntity,
  BudgetProjectEntity,
  BudgetProjectResultEntity,
} from './budget-project.entity.js';
import { BudgetPotEntity, ParticipatoryBudgetEntity } from './budget.entity.js';
import { OfflineTallyEntity, OfflineTallyVoteEntity } from './offline-tally.entity.js';

/**
 * Participatory budgets (주민참여예산): budgets and their pots, projects and their review,
 * secret ballots, paper tallies, results by the budget's rule (results/), and the Pabulib
 * export. Who may do what is in budget-access.ts; the stages in budget-stage.ts; who may vote
 * in eligibility.ts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ParticipatoryBudgetEntity,
      BudgetPotEntity,
      BudgetProjectEntity,
      BudgetProjectChangeEntity,
      BudgetProjectResultEntity,
      BallotEntity,
      BallotChoiceEntity,
      OfflineTallyEntity,
      OfflineTallyVoteEntity,
    ]),
    CatalogModule,
    IdentityModule,
    ProposalsModule,
  ],
  controllers: [PabulibController],
  providers: [
    BudgetsService,
    BallotsService,
    BudgetsResolver,
    BudgetPotResolver,
    BudgetProjectsResolver,
    BudgetProjectChangeResolver,
    BallotResolver,
    ProcessBudgetsResolver,
    ProposalBudgetProjectsResolver,
    OfflineTalliesService,
    BudgetResultsService,
    BudgetResultsResolver,
    BudgetProjectTotalsResolver,
    ProjectResultResolver,
    OfflineTallyResolver,
  ],
  exports: [BudgetsService, BallotsService],
})
export class BudgetsModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly budgets: BudgetsService,
  ) {}

  onModuleInit(): void {
    // Budgets and projects are public; a ballot is not a node, so no id can name one.
    this.nodes.register('ParticipatoryBudget', (ids, ctx) =>
      Promise.all(ids.map((id) => this.budgets.load(ctx.loaders, id))),
    );
    this.nodes.register('BudgetProject', (ids, ctx) =>
      Promise.all(ids.map((id) => this.budgets.loadProject(ctx.loaders, id))),
    );
  }
}
