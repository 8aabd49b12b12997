import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ProcessEntity } from '../../catalog/process.entity.js';
import { BallotChoiceEntity, BallotEntity } from '../ballot.entity.js';
import { BudgetSelectionRule, BudgetVotingStyle, Feasibility } from '../budget-enums.js';
import { BudgetProjectEntity } from '../budget-project.entity.js';
import { BudgetPotEntity, ParticipatoryBudgetEntity } from '../budget.entity.js';

/** Test data for budgets, written straight into the tables (the API is what tests exercise). */

const DAY = 86_400_000;

export interface BudgetRowOptions extends Partial<ParticipatoryBudgetEntity> {
  /** Pots: [{ districtId, amount }]; default one city-wide pot of 100,000,000 won. */
  pots?: { districtId: string | null; amount: number }[];
}

/**
 * A budget in its own process. By default voting runs from a day ago to a day from now
 * (`now`), KNAPSACK, GREEDY, no age or residency rule.
 */
export async function createBudgetRow(
  db: DataSource,
  options: BudgetRowOptions = {},
  now = new Date(),
): Promise<ParticipatoryBudgetEntity & { pots: BudgetPotEntity[] }> {
  const { pots = [{ districtId: null, amount: 100_000_000 }], ...overrides } = options;
  const tag = randomBytes(3).toString('hex');
  const processId =
    overrides.processId ??
    (await db.getRepository(ProcessEntity).save({ slug: `pb-${tag}`, title: `예산 ${tag}` })).id;
  const budget = await db.getRepository(ParticipatoryBudgetEntity).save({
    title: `주민참여예산 ${tag}`,
    votingStyle: BudgetVotingStyle.KNAPSACK,
    selectionRule: BudgetSelectionRule.GREEDY,
    maxChoices: null,
    minimumAge: 0,
    requiresVerifiedResidency: false,
    liveTotals: false,
    reviewStartsAt: null,
    votingStartsAt: new Date(now.getTime() - DAY),
    votingEndsAt: new Date(now.getTime() + DAY),
    resultsPublishedAt: null,
    implementingAt: null,
    createdById: null,
    ...overrides,
    processId,
  });
  const potRows = await db
    .getRepository(BudgetPotEntity)
    .save(pots.map((pot) => ({ budgetId: budget.id, ...pot })));
  return Object.assign(budget, { pots: potRows });
}

/** A project of `budgetId`, FEASIBLE (on the ballot) unless told otherwise. */
export async function createProjectRow(
  db: DataSource,
  budgetId: string,
  overrides: Partial<BudgetProjectEntity> = {},
): Promise<BudgetProjectEntity> {
  const tag = randomBytes(3).toString('hex');
  return db.getRepository(BudgetProjectEntity).save({
    budgetId,
    title: `사업 ${tag}`,
    description: `사업 설명 ${tag}`,
    cost: 10_000_000,
    departmentId: null,
    districtId: null,
    proposalId: null,
    feasibility: Feasibility.FEASIBLE,
    feasibilityReason: null,
    createdById: null,
    ...overrides,
  });
}

/** A ballot of `voterId` choosing `projectIds`, written directly (no rule is checked). */
export async function createBallotRow(
  db: DataSource,
  budgetId: string,
  voterId: string,
  projectIds: string[],
  districtId: string | null = null,
): Promise<BallotEntity> {
  const ballot = await db
    .getRepository(BallotEntity)
    .save({ budgetId, voterId, districtId, updatedAt: new Date() });
  if (projectIds.length) {
    await db
      .getRepository(BallotChoiceEntity)
      .insert(projectIds.map((projectId) => ({ ballotId: ballot.id, projectId })));
  }
  return ballot;
}

/** Makes `userId` a verified resident of `districtId` (null: unverified), born in `birthYear`. */
export async function makeResident(
  db: DataSource,
  userId: string,
  districtId: string | null,
  birthYear: number | null = 1980,
): Promise<void> {
  await db.query(
    `UPDATE app_user SET birth_year = $2, residency_district_id = $3,
            residency_verified_at = CASE WHEN $3::uuid IS NULL THEN NULL ELSE now() END
      WHERE id = $1`,
    [userId, birthYear, districtId],
  );
}
