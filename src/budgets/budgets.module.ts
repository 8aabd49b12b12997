import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
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
    ProposalsModule,
  ],
  controllers: [],
  providers: [],
  exports: [],
})
export class BudgetsModule {}
