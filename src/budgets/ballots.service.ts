import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import { UserEntity } from '../identity/user.entity.js';
import { BallotChoiceEntity, BallotEntity } from './ballot.entity.js';
import { BudgetVotingStyle, Feasibility } from './budget-enums.js';
import { BudgetProjectEntity } from './budget-project.entity.js';
import { votingOpen } from './budget-stage.js';
import { BudgetPotEntity, ParticipatoryBudgetEntity } from './budget.entity.js';
import type { Ballot } from './budget.model.js';
import type { CastBallotInput } from './dto/budget.inputs.js';
import { assertEligible } from './eligibility.js';

const MY_BALLOT = new LoaderKey<string, Ballot | null>('my-ballot');

/**
 * Secret ballots. A voter has one ballot per budget, replaced in place when they vote again
 * (the last one counts); the ballot row is the lock that orders two votes of one person, so
 * racing requests end as one ballot holding one of the two choices, never a mix. Nothing here
 * returns anyone's ballot but the viewer's own.
 */
@Injectable()
export class BallotsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async cast(viewer: Viewer, input: CastBallotInput, now = new Date()): Promise<Ballot> {
    return this.db.transaction(async (manager) => {
      // FOR SHARE: ballots do not wait for one another, but publication (FOR UPDATE) waits
      // for every ballot in flight and no ballot slips in after it.
      const budget = await manager.findOne(ParticipatoryBudgetEntity, {
        where: { id: input.budgetId },
        lock: { mode: 'pessimistic_read' },
      });
      if (!budget) throw AppError.notFound('budget');
      if (!votingOpen(budget, now)) throw AppError.conflict('error.conflict.votingNotOpen');
      const pots = await manager.findBy(BudgetPotEntity, { budgetId: budget.id });
      // FOR SHARE: a residency check (verifyResidency locks the row) cannot change the voter's
      // district between the eligibility read and the ballot that records it.
      const voter = await manager.findOneOrFail(UserEntity, {
        where: { id: viewer.id },
        lock: { mode: 'pessimistic_read' },
      });
      const districtPots = pots.flatMap((pot) => (pot.districtId ? [pot.districtId] : []));
      assertEligible(
        voter,
        {
          minimumAge: budget.minimumAge,
          requiresVerifiedResidency: budget.requiresVerifiedResidency,
          districtIds: districtPots,
          hasCityWidePot: pots.some((pot) => pot.districtId === null),
        },
        now,
      );
      const projects = input.projectIds.length
        ? await manager.findBy(BudgetProjectEntity, {
            id: In(input.projectIds),
            budgetId: budget.id,
          })
        : [];
      checkBallot(input.projectIds, projects, pots, budget, voter.residencyDistrictId);
      return saveBallot(manager, budget.id, voter, input.projectIds, now);
    });
  }

  /**
   * The viewer's own ballot in `budgetId`, or null; batched, so a process's budgets with
   * myBallot cost one statement, not one per budget.
   */
  mine(loaders: RequestLoaders, viewer: Viewer | null, budgetId: string): Promise<Ballot | null> {
    if (!viewer) return Promise.resolve(null);
    return loaders
      .get(
        MY_BALLOT,
        async (budgetIds) => {
          const rows = (await this.db.query(
            `SELECT b.budget_id, b.updated_at,
                    coalesce(array_agg(c.project_id ORDER BY p.created_at, p.id)
                             FILTER (WHERE c.project_id IS NOT NULL), '{}') AS project_ids
               FROM ballot b
               LEFT JOIN ballot_choice c ON c.ballot_id = b.id
               LEFT JOIN budget_project p ON p.id = c.project_id
              WHERE b.budget_id = ANY($1::uuid[]) AND b.voter_id = $2
              GROUP BY b.id`,
            [budgetIds, viewer.id],
          )) as { budget_id: string; updated_at: Date; project_ids: string[] }[];
          return byKeys(
            budgetIds,
            rows.map((row) => ({
              budgetId: row.budget_id,
              projectIds: row.project_ids,
              updatedAt: row.updated_at,
            })),
            (ballot) => ballot.budgetId,
          );
        },
        viewer.id,
      )
      .load(budgetId);
  }
}

/**
 * The ballot rules, each refusal naming the project it is about: every project of this budget
 * and on the ballot, of the voter's district or city-wide, and per pot within the amount
 * (KNAPSACK) or at most maxChoices (APPROVAL).
 */
function checkBallot(
  chosen: readonly string[],
  found: readonly BudgetProjectEntity[],
  pots: readonly BudgetPotEntity[],
  budget: ParticipatoryBudgetEntity,
  voterDistrictId: string | null,
): void {
  const byId = new Map(found.map((p) => [p.id, p]));
  const problems: FieldProblem[] = [];
  const perPot = new Map<string | null, { total: number; count: number; lastIndex: number }>();
  chosen.forEach((id, i) => {
    const field = `projectIds.${i}`;
    const project = byId.get(id);
    if (!project || project.feasibility !== Feasibility.FEASIBLE) {
      problems.push(fieldProblem(field, 'field.notOnBallot'));
      return;
    }
    if (project.districtId !== null && project.districtId !== voterDistrictId) {
      problems.push(fieldProblem(field, 'field.projectOfOtherDistrict'));
      return;
    }
    const pot = perPot.get(project.districtId) ?? { total: 0, count: 0, lastIndex: i };
    perPot.set(project.districtId, {
      total: pot.total + project.cost,
      count: pot.count + 1,
      lastIndex: i,
    });
  });
  for (const [districtId, { total, count, lastIndex }] of perPot) {
    const field = `projectIds.${lastIndex}`;
    const pot = pots.find((p) => p.districtId === districtId);
    if (budget.votingStyle === BudgetVotingStyle.KNAPSACK && pot && total > pot.amount) {
      problems.push(fieldProblem(field, 'field.ballotOverAmount', { total, amount: pot.amount }));
    }
    if (budget.votingStyle === BudgetVotingStyle.APPROVAL && count > (budget.maxChoices ?? 0)) {
      problems.push(
        fieldProblem(field, 'field.ballotTooMany', { maximum: budget.maxChoices ?? 0 }),
      );
    }
  }
  if (problems.length) throw AppError.badInput(problems);
}

/**
 * Writes the voter's ballot: the upsert takes the ballot row's lock (or waits for it), so a
 * second vote of the same person runs after the first has committed. An empty choice removes
 * the ballot (it would count for nothing, and a withdrawn voter should not count as a voter).
 */
async function saveBallot(
  manager: EntityManager,
  budgetId: string,
  voter: UserEntity,
  projectIds: readonly string[],
  now: Date,
): Promise<Ballot> {
  if (!projectIds.length) {
    await manager.delete(BallotEntity, { budgetId, voterId: voter.id });
    return { budgetId, projectIds: [], updatedAt: now };
  }
  const [{ id }] = (await manager.query(
    `INSERT INTO ballot (budget_id, voter_id, district_id, updated_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (budget_id, voter_id)
     DO UPDATE SET district_id = EXCLUDED.district_id, updated_at = EXCLUDED.updated_at
     RETURNING id`,
    [budgetId, voter.id, voter.residencyDistrictId, now],
  )) as [{ id: string }];
  await manager.delete(BallotChoiceEntity, { ballotId: id });
  await manager.insert(
    BallotChoiceEntity,
    projectIds.map((projectId) => ({ ballotId: id, projectId })),
  );
  return { budgetId, projectIds: [...projectIds], updatedAt: now };
}
