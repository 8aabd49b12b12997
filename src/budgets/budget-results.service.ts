import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { carryOn } from './budget-carry-on.js';
import {
  BudgetProjectChangeKind,
  BudgetSelectionRule,
  Feasibility,
  ProjectOutcome,
} from './budget-enums.js';
import {
  BudgetProjectChangeEntity,
  BudgetProjectEntity,
  BudgetProjectResultEntity,
} from './budget-project.entity.js';
import { totalsPublic } from './budget-stage.js';
import { ParticipatoryBudgetEntity } from './budget.entity.js';
import type { BudgetPot } from './budget.model.js';
import { OfflineTallyEntity } from './offline-tally.entity.js';
import { equalShares, greedy, type Election, type ElectionResult } from './results/index.js';
import type { BudgetResults, ProjectResult } from './results.model.js';
import { budgetResultsWebhook } from '../webhooks/webhook-events.js';

/** A project's result, with the project itself (ProjectResult.project resolves to it). */
export interface ProjectResultValue extends ProjectResult {
  project: BudgetProjectEntity;
}

export interface BudgetResultsValue extends BudgetResults {
  projects: ProjectResultValue[];
  offlineTallies: OfflineTallyEntity[];
}

/** One pot as counted: its election and its outcome under the budget's rule. */
export interface PotCount {
  districtId: string | null;
  districtSlug: string | null;
  districtName: string | null;
  amount: number;
  election: Election;
  outcome: ElectionResult;
  /** Online ballots that chose at least one project of this pot. */
  ballots: number;
}

/** A whole count: every pot, and what BudgetResults shows of it. */
export interface BudgetCount {
  pots: PotCount[];
  results: BudgetResultsValue;
}

/** A project's votes and selection as BudgetProject.votes and .selected show them. */
interface ProjectTotals {
  id: string;
  votes: number | null;
  selected: boolean | null;
}

/**
 * Each distinct online ballot of a budget (its choices of projects on the ballot, as numbers:
 * the place of each project in creation order, from 1) and how many voters cast it. Grouping
 * small-number arrays in the database is what keeps 50,000 ballots fast: one row per distinct
 * ballot travels, and no project id is compared as text (npm run bench:budgets).
 */
export const BALLOT_GROUPS_SQL = `
  WITH p AS (
    SELECT id, (row_number() OVER (ORDER BY created_at, id))::int AS n
      FROM budget_project WHERE budget_id = $1 AND feasibility = 'FEASIBLE'
  )
  SELECT choices, count(*)::int AS voters
    FROM (SELECT array_agg(p.n ORDER BY p.n) AS choices
            FROM ballot_choice c JOIN p ON p.id = c.project_id
           GROUP BY c.ballot_id) AS per_ballot
   GROUP BY choices`;

/** Keyed by the budget row the request already loaded (its loader hands out one object per id). */
const RESULTS_OF_BUDGET = new LoaderKey<ParticipatoryBudgetEntity, BudgetResultsValue>(
  'budget-results',
);
const PROJECT_TOTALS = new LoaderKey<string, ProjectTotals | null>('budget-project-totals');

/**
 * The results of participatory budgets (issue 18): counted in the database, decided by the
 * pure engine in results/ (greedy or the Method of Equal Shares, per pot), published once by
 * an admin, and carried on as proposals (budget-carry-on.ts).
 *
 * Totals are public once voting has closed, or while it is open when the budget chose live
 * totals (budget-stage.ts totalsPublic): before that, results, BudgetProject.votes and the
 * Pabulib export say nothing, because counts during voting would tell voters how others vote.
 * Until an admin publishes, results are a live count (final: false); publishing stores them
 * (budget_project_result) and later reads are that record, not a recount.
 */
@Injectable()
export class BudgetResultsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
  ) {}

  /** ParticipatoryBudget.results: null until totals are public; batched per request. */
  results(
    loaders: RequestLoaders,
    budget: ParticipatoryBudgetEntity,
  ): Promise<BudgetResultsValue | null> {
    if (!totalsPublic(budget, new Date())) return Promise.resolve(null);
    return loaders
      .get(RESULTS_OF_BUDGET, (budgets) =>
        Promise.all(
          budgets.map(async (row) =>
            row.resultsPublishedAt
              ? this.published(this.db.manager, row)
              : (await this.count(this.db.manager, row)).results,
          ),
        ),
      )
      .load(budget);
  }

  /**
   * The budget and its count for the Pabulib export, or null when the budget is missing or
   * voting has not ended (pabulib.controller.ts: individual ballots only once nobody votes).
   */
  async countForExport(budgetId: string): Promise<{
    budget: ParticipatoryBudgetEntity;
    count: BudgetCount;
  } | null> {
    const budget = await this.db.manager.findOneBy(ParticipatoryBudgetEntity, { id: budgetId });
    if (!budget) return null;
    if (!budget.resultsPublishedAt && new Date() < budget.votingEndsAt) return null;
    return { budget, count: await this.count(this.db.manager, budget) };
  }

  /**
   * Counts a budget now: pot by pot (the city-wide pot first, then districts by name), each
   * pot's projects in the engine's order. Four statements whatever the number of ballots:
   * pots, projects, ballots grouped by identical choices (ballotGroups), current paper tallies.
   */
  async count(manager: EntityManager, budget: ParticipatoryBudgetEntity): Promise<BudgetCount> {
    const pots = (await manager.query(
      `SELECT p.district_id, p.amount::text AS amount, d.slug, d.name
         FROM budget_pot p LEFT JOIN district d ON d.id = p.district_id
        WHERE p.budget_id = $1
        ORDER BY p.district_id IS NOT NULL, d.name, d.id`,
      [budget.id],
    )) as {
      district_id: string | null;
      amount: string;
      slug: string | null;
      name: string | null;
    }[];
    const projects = await manager.find(BudgetProjectEntity, {
      where: { budgetId: budget.id, feasibility: Feasibility.FEASIBLE },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const { ballots, groups } = await this.ballotGroups(manager, budget.id, projects);
    const tallies = await this.currentTallies(manager, budget.id);

    const potOf = new Map(projects.map((project) => [project.id, project.districtId]));
    const projectById = new Map(projects.map((project) => [project.id, project]));
    const counted: PotCount[] = pots.map((pot) => {
      const inPot = (id: string) => potOf.get(id) === pot.district_id;
      const potGroups = groups.get(pot.district_id) ?? [];
      const election: Election = {
        amount: BigInt(pot.amount),
        projects: projects
          .filter((project) => project.districtId === pot.district_id)
          .map((project) => ({ id: project.id, cost: BigInt(project.cost) })),
        ballots: potGroups,
        // A place's paper ballots join the pots its tally names projects of (a place names
        // projects of one district at most, offline-tallies.service.ts).
        paper: tallies
          .filter((tally) => tally.votes.some((vote) => inPot(vote.projectId)))
          .map((tally) => ({
            ballots: tally.paperBallots,
            votes: tally.votes.filter((vote) => inPot(vote.projectId)),
          })),
      };
      const outcome =
        budget.selectionRule === BudgetSelectionRule.EQUAL_SHARES
          ? equalShares(election)
          : greedy(election);
      return {
        districtId: pot.district_id,
        districtSlug: pot.slug,
        districtName: pot.name,
        amount: Number(pot.amount),
        election,
        outcome,
        ballots: potGroups.reduce((sum, group) => sum + group.voters, 0),
      };
    });
    const results: BudgetResultsValue = {
      budgetId: budget.id,
      rule: budget.selectionRule,
      ballots,
      offlineTallies: tallies.map(({ votes: _votes, ...tally }) => tally as OfflineTallyEntity),
      projects: counted.flatMap((pot) =>
        pot.outcome.projects.map((result) => ({
          projectId: result.projectId,
          project: projectById.get(result.projectId)!,
          onlineVotes: result.onlineVotes,
          offlineVotes: result.offlineVotes,
          votes: result.votes,
          outcome: result.outcome as ProjectOutcome,
          explanationText: result.explanation,
        })),
      ),
      spent: counted.map((pot) => potAmount(pot.districtId, Number(pot.outcome.spent))),
      final: false,
    };
    return { pots: counted, results };
  }

  /** The stored results of a published budget: the record, not a recount. */
  private async published(
    manager: EntityManager,
    budget: ParticipatoryBudgetEntity,
  ): Promise<BudgetResultsValue> {
    const stored = await manager.find(BudgetProjectResultEntity, {
      where: { budgetId: budget.id },
      relations: { project: true },
      order: { position: 'ASC' },
    });
    const pots = (await manager.query(
      `SELECT p.district_id FROM budget_pot p LEFT JOIN district d ON d.id = p.district_id
        WHERE p.budget_id = $1 ORDER BY p.district_id IS NOT NULL, d.name, d.id`,
      [budget.id],
    )) as { district_id: string | null }[];
    const spent = new Map<string | null, number>(pots.map((pot) => [pot.district_id, 0]));
    for (const row of stored) {
      if (row.outcome !== ProjectOutcome.SELECTED) continue;
      const pot = row.project!.districtId;
      spent.set(pot, (spent.get(pot) ?? 0) + row.project!.cost);
    }
    // Ballots cannot change once voting has ended (publication comes after), so counting
    // them again reads what was counted when publishing.
    const [{ ballots }] = (await manager.query(
      `SELECT count(*)::int AS ballots
         FROM ballot b
        WHERE b.budget_id = $1
          AND EXISTS (SELECT 1 FROM ballot_choice c
                        JOIN budget_project p ON p.id = c.project_id AND p.feasibility = 'FEASIBLE'
                       WHERE c.ballot_id = b.id)`,
      [budget.id],
    )) as [{ ballots: number }];
    const tallies = await this.currentTallies(manager, budget.id);
    return {
      budgetId: budget.id,
      rule: budget.selectionRule,
      ballots,
      offlineTallies: tallies.map(({ votes: _votes, ...tally }) => tally as OfflineTallyEntity),
      projects: stored.map((row) => ({
        projectId: row.projectId,
        project: row.project!,
        onlineVotes: row.onlineVotes,
        offlineVotes: row.offlineVotes,
        votes: row.onlineVotes + row.offlineVotes,
        outcome: row.outcome,
        explanationText: row.explanation,
      })),
      spent: [...spent].map(([districtId, amount]) => potAmount(districtId, amount)),
      final: true,
    };
  }

  /**
   * The online ballots as the engine takes them: per pot, each distinct choice of that pot's
   * projects and how many voters made it; and how many ballots chose anything. One statement:
   * each ballot's choices as an array of small project numbers (the place of the project in
   * `projects`, creation order), identical arrays grouped in the database, so what travels is
   * one row per distinct ballot, not per voter; splitting a ballot among pots is done here.
   * Only projects on the ballot count (`projects` are those).
   */
  private async ballotGroups(
    manager: EntityManager,
    budgetId: string,
    projects: readonly BudgetProjectEntity[],
  ): Promise<{
    ballots: number;
    groups: Map<string | null, { projectIds: string[]; voters: number }[]>;
  }> {
    const rows = (await manager.query(BALLOT_GROUPS_SQL, [budgetId])) as {
      choices: number[];
      voters: number;
    }[];
    let ballots = 0;
    const byPot = new Map<string | null, Map<string, { projectIds: string[]; voters: number }>>();
    for (const row of rows) {
      ballots += row.voters;
      const parts = new Map<string | null, string[]>();
      for (const n of row.choices) {
        const project = projects[n - 1];
        const part = parts.get(project.districtId);
        if (part) part.push(project.id);
        else parts.set(project.districtId, [project.id]);
      }
      for (const [pot, projectIds] of parts) {
        let groups = byPot.get(pot);
        if (!groups) byPot.set(pot, (groups = new Map()));
        const key = projectIds.join(',');
        const group = groups.get(key);
        if (group) group.voters += row.voters;
        else groups.set(key, { projectIds, voters: row.voters });
      }
    }
    return {
      ballots,
      groups: new Map([...byPot].map(([pot, groups]) => [pot, [...groups.values()]])),
    };
  }

  /** Current paper tallies of a budget (not replaced), by place, with their votes. */
  private async currentTallies(
    manager: EntityManager,
    budgetId: string,
  ): Promise<(OfflineTallyEntity & { votes: { projectId: string; votes: number }[] })[]> {
    const rows = (await manager.query(
      `SELECT t.id, t.budget_id, t.place, t.place_key, t.paper_ballots, t.entered_by_id,
              t.entered_at,
              coalesce(json_agg(json_build_object('projectId', v.project_id, 'votes', v.votes)
                                ORDER BY v.project_id) FILTER (WHERE v.project_id IS NOT NULL),
                       '[]') AS votes
         FROM offline_tally t LEFT JOIN offline_tally_vote v ON v.tally_id = t.id
        WHERE t.budget_id = $1 AND t.replaced_by_id IS NULL
        GROUP BY t.id
        ORDER BY t.place_key, t.id`,
      [budgetId],
    )) as {
      id: string;
      budget_id: string;
      place: string;
      place_key: string;
      paper_ballots: number;
      entered_by_id: string | null;
      entered_at: Date;
      votes: { projectId: string; votes: number }[];
    }[];
    return rows.map((row) =>
      Object.assign(new OfflineTallyEntity(), {
        id: row.id,
        budgetId: row.budget_id,
        place: row.place,
        placeKey: row.place_key,
        paperBallots: row.paper_ballots,
        enteredById: row.entered_by_id,
        enteredAt: row.entered_at,
        replacedById: null,
        votes: row.votes,
      }),
    );
  }

  /**
   * BudgetProject.votes (online + current paper; the stored count once published) and
   * .selected (once published), batched: N projects cost one statement, two when their live
   * counts are public. Null when not public, and for a project that was not on the ballot. The
   * counting statement runs only for projects whose totals are public: while people vote, a
   * budget's project list costs no counting at all.
   */
  totals(loaders: RequestLoaders, projectId: string): Promise<ProjectTotals | null> {
    return loaders
      .get(PROJECT_TOTALS, async (ids) => {
        const rows = (await this.db.query(
          `SELECT p.id, p.feasibility, b.voting_starts_at, b.voting_ends_at, b.live_totals,
                  b.results_published_at, b.review_starts_at, b.implementing_at,
                  r.outcome, r.online_votes + r.offline_votes AS stored_votes
             FROM budget_project p
             JOIN participatory_budget b ON b.id = p.budget_id
             LEFT JOIN budget_project_result r ON r.project_id = p.id
            WHERE p.id = ANY($1::uuid[])`,
          [ids],
        )) as {
          id: string;
          feasibility: Feasibility;
          voting_starts_at: Date;
          voting_ends_at: Date;
          live_totals: boolean;
          results_published_at: Date | null;
          review_starts_at: Date | null;
          implementing_at: Date | null;
          outcome: ProjectOutcome | null;
          stored_votes: number | null;
        }[];
        const now = new Date();
        const totals = rows.map((row): ProjectTotals & { live?: true } => {
          const times = {
            reviewStartsAt: row.review_starts_at,
            votingStartsAt: row.voting_starts_at,
            votingEndsAt: row.voting_ends_at,
            resultsPublishedAt: row.results_published_at,
            implementingAt: row.implementing_at,
            liveTotals: row.live_totals,
          };
          const published = row.results_published_at !== null;
          if (row.feasibility !== Feasibility.FEASIBLE) {
            return { id: row.id, votes: null, selected: published ? false : null };
          }
          if (!totalsPublic(times, now)) return { id: row.id, votes: null, selected: null };
          if (published) {
            return {
              id: row.id,
              votes: row.stored_votes ?? 0,
              selected: row.outcome === ProjectOutcome.SELECTED,
            };
          }
          return { id: row.id, votes: 0, selected: null, live: true };
        });
        const live = totals.filter((row) => row.live).map((row) => row.id);
        if (live.length) {
          const counts = (await this.db.query(
            `SELECT p.id,
                    (SELECT count(*)::int FROM ballot_choice c WHERE c.project_id = p.id)
                    + (SELECT coalesce(sum(v.votes), 0)::int
                         FROM offline_tally_vote v
                         JOIN offline_tally t ON t.id = v.tally_id AND t.replaced_by_id IS NULL
                        WHERE v.project_id = p.id) AS votes
               FROM budget_project p WHERE p.id = ANY($1::uuid[])`,
            [live],
          )) as { id: string; votes: number }[];
          const votes = new Map(counts.map((row) => [row.id, row.votes]));
          for (const row of totals) if (row.live) row.votes = votes.get(row.id) ?? 0;
        }
        return byKeys(
          ids,
          totals.map(({ live: _live, ...row }) => row),
          (row) => row.id,
        );
      })
      .load(projectId);
  }

  /**
   * ADMIN (the role table), once voting has ended, once: counts, stores every project's result,
   * records SELECTED / NOT_SELECTED on each project's record, and carries the selected ones on
   * (budget-carry-on.ts), in one transaction holding the budget row FOR UPDATE, so two
   * publications queue and the second is a CONFLICT, and no paper tally slips in between.
   */
  async publish(viewer: Viewer, budgetId: string): Promise<BudgetResultsValue> {
    return this.db.transaction(async (manager) => {
      const budget = await manager
        .createQueryBuilder(ParticipatoryBudgetEntity, 'b')
        .setLock('pessimistic_write')
        .where('b.id = :id', { id: budgetId })
        .getOne();
      if (!budget) throw AppError.notFound('budget');
      if (budget.resultsPublishedAt) throw AppError.conflict('error.conflict.resultsPublished');
      const now = new Date();
      if (now < budget.votingEndsAt) throw AppError.conflict('error.conflict.votingNotEnded');

      const { results } = await this.count(manager, budget);
      if (results.projects.length) {
        await manager.insert(
          BudgetProjectResultEntity,
          results.projects.map((result, position) => ({
            projectId: result.projectId,
            budgetId: budget.id,
            position,
            onlineVotes: result.onlineVotes,
            offlineVotes: result.offlineVotes,
            outcome: result.outcome,
            explanation: result.explanationText,
          })),
        );
      }
      const carryOnContext = {
        manager,
        admin: viewer,
        budget,
        responseDueDays: this.env.RESPONSE_DUE_DAYS,
        locale: this.env.DEFAULT_LOCALE,
      };
      // Each project's record gets its outcome, all in one statement after the carry-on.
      const changes: QueryDeepPartialEntity<BudgetProjectChangeEntity>[] = [];
      for (const result of results.projects) {
        const selected = result.outcome === ProjectOutcome.SELECTED;
        const details: Record<string, string | number | (string | null)[]> = {
          outcome: result.outcome,
          onlineVotes: result.onlineVotes,
          offlineVotes: result.offlineVotes,
        };
        if (selected) {
          const carried = await carryOn(carryOnContext, result.project, result.votes);
          if (carried.proposalId !== result.project.proposalId) {
            details.proposalId = [result.project.proposalId, carried.proposalId];
            await manager.update(
              BudgetProjectEntity,
              { id: result.projectId },
              { proposalId: carried.proposalId },
            );
            result.project.proposalId = carried.proposalId;
          }
        }
        changes.push({
          projectId: result.projectId,
          kind: selected ? BudgetProjectChangeKind.SELECTED : BudgetProjectChangeKind.NOT_SELECTED,
          actorId: viewer.id,
          details,
          reason: null,
          at: now,
        });
      }
      if (changes.length) await manager.insert(BudgetProjectChangeEntity, changes);
      await manager.update(
        ParticipatoryBudgetEntity,
        { id: budget.id },
        { resultsPublishedAt: now },
      );
      budget.resultsPublishedAt = now;
      await budgetResultsWebhook(manager, budget);
      const selectedCount = results.projects.filter(
        (result) => result.outcome === ProjectOutcome.SELECTED,
      ).length;
      await recordAudit(manager, {
        action: AuditAction.BUDGET_RESULTS_PUBLISHED,
        actorId: viewer.id,
        target: { type: 'ParticipatoryBudget', id: budget.id },
        note: budget.selectionRule,
        after: `${selectedCount}/${results.projects.length}`,
      });
      return { ...results, final: true };
    });
  }

  /** ADMIN, after publication, once: the budget moves to IMPLEMENTING. */
  async startImplementation(viewer: Viewer, budgetId: string): Promise<ParticipatoryBudgetEntity> {
    return this.db.transaction(async (manager) => {
      const budget = await manager
        .createQueryBuilder(ParticipatoryBudgetEntity, 'b')
        .setLock('pessimistic_write')
        .where('b.id = :id', { id: budgetId })
        .getOne();
      if (!budget) throw AppError.notFound('budget');
      if (!budget.resultsPublishedAt) throw AppError.conflict('error.conflict.resultsNotPublished');
      if (budget.implementingAt) throw AppError.conflict('error.conflict.alreadyImplementing');
      const now = new Date();
      await manager.update(ParticipatoryBudgetEntity, { id: budget.id }, { implementingAt: now });
      budget.implementingAt = now;
      await recordAudit(manager, {
        action: AuditAction.BUDGET_IMPLEMENTATION_STARTED,
        actorId: viewer.id,
        target: { type: 'ParticipatoryBudget', id: budget.id },
      });
      return budget;
    });
  }
}

function potAmount(districtId: string | null, amount: number): BudgetPot {
  return { districtId, amount };
}
