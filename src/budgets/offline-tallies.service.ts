import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import { groupByKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { Feasibility } from './budget-enums.js';
import { BUDGET_LIMITS } from './budget-limits.js';
import { BudgetProjectEntity } from './budget-project.entity.js';
import { ParticipatoryBudgetEntity } from './budget.entity.js';
import type { EnterOfflineTallyInput } from './dto/budget.inputs.js';
import { OfflineTallyEntity, OfflineTallyVoteEntity } from './offline-tally.entity.js';

/**
 * The first key of the advisory lock that orders the paper-tally entries of a budget (the
 * second is a hash of the budget's id: two budgets sharing a hash only wait for each other).
 */
const TALLY_LOCK_CLASS = 18_001;

const REPLACED_TALLIES = new LoaderKey<string, OfflineTallyEntity[]>('replaced-offline-tallies');

/**
 * A polling place as compared: NFC, lower case, runs of white space as one space, trimmed. So
 * "운봉읍 행정복지센터" and " 운봉읍  행정복지센터 " are one place, entered twice.
 */
export function placeKey(place: string): string {
  return place.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * Paper ballots, entered by staff as totals per polling place (issue 18). Allowed from the
 * start of voting until the results are published: paper is counted after the polls close.
 *
 * A second entry for a place replaces the first; both stay on the record. Entries of one
 * budget queue behind each other (a transaction-scoped advisory lock on the budget): of two
 * entries for one place at once, the second sees the first as current and replaces it, so the
 * partial unique index (one current entry per place) is never the one to decide, and the count
 * of places cannot be raced past its limit either. Each entry also holds the budget row FOR KEY
 * SHARE, which only publication (FOR UPDATE) waits for: an entry is either committed before
 * the results are counted, or sees them published and is refused. Ballots (FOR SHARE) and
 * entries do not wait for each other, so staff entering paper during the last minutes of
 * voting do not hold up the voters.
 */
@Injectable()
export class OfflineTalliesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async enter(viewer: Viewer, input: EnterOfflineTallyInput): Promise<OfflineTallyEntity> {
    return this.db.transaction(async (manager) => {
      const locked = await this.lockBudget(manager, input.budgetId);
      if (!locked) throw AppError.notFound('budget');
      const now = new Date();
      if (locked.resultsPublishedAt) throw AppError.conflict('error.conflict.resultsPublished');
      if (now < locked.votingStartsAt) throw AppError.conflict('error.conflict.tallyBeforeVoting');

      await this.assertVotes(manager, locked, input);

      const key = placeKey(input.place);
      const current = await manager.findOneBy(OfflineTallyEntity, {
        budgetId: locked.id,
        placeKey: key,
        replacedById: IsNull(),
      });
      if (!current) {
        const places = await manager.countBy(OfflineTallyEntity, {
          budgetId: locked.id,
          replacedById: IsNull(),
        });
        if (places >= BUDGET_LIMITS.offlinePlaces) {
          throw AppError.conflict(
            text('error.conflict.tooManyPlaces', { maximum: BUDGET_LIMITS.offlinePlaces }),
          );
        }
      }

      // The new entry is written first pointing at itself (not current, so the one-current-
      // entry index lets it in beside the old one), then the old one points at it, then it
      // becomes current: the foreign key is not deferrable, so the order matters.
      const id = randomUUID();
      const tally = manager.create(OfflineTallyEntity, {
        id,
        budgetId: locked.id,
        place: input.place,
        placeKey: key,
        paperBallots: input.paperBallots,
        enteredById: viewer.id,
        enteredAt: now,
        replacedById: current ? id : null,
      });
      await manager.insert(OfflineTallyEntity, tally);
      if (input.votes.length) {
        await manager.insert(
          OfflineTallyVoteEntity,
          input.votes.map((vote) => ({
            tallyId: id,
            projectId: vote.projectId,
            votes: vote.votes,
          })),
        );
      }
      if (current) {
        await manager.update(OfflineTallyEntity, { id: current.id }, { replacedById: id });
        await manager.update(OfflineTallyEntity, { id }, { replacedById: null });
        tally.replacedById = null;
      }
      const totalVotes = input.votes.reduce((sum, vote) => sum + vote.votes, 0);
      await recordAudit(manager, {
        action: AuditAction.OFFLINE_TALLY_ENTERED,
        actorId: viewer.id,
        target: { type: 'ParticipatoryBudget', id: locked.id },
        note: input.place,
        before: current ? `${current.paperBallots}` : null,
        after: `${input.paperBallots} / ${totalVotes}`,
      });
      return tally;
    });
  }

  /** The budget, once this entry has its turn among the entries of the budget (see above). */
  private async lockBudget(
    manager: EntityManager,
    budgetId: string,
  ): Promise<ParticipatoryBudgetEntity | null> {
    await manager.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [
      TALLY_LOCK_CLASS,
      budgetId,
    ]);
    return manager
      .createQueryBuilder(ParticipatoryBudgetEntity, 'b')
      .setLock('for_key_share')
      .where('b.id = :id', { id: budgetId })
      .getOne();
  }

  /**
   * Each vote names a project of this budget on the ballot, once, with at most one vote per
   * paper ballot; a place's projects are of one district at most (besides city-wide ones), so
   * its ballots join one district's pot; APPROVAL: at most maxChoices votes per ballot in
   * each pot.
   */
  private async assertVotes(
    manager: EntityManager,
    budget: ParticipatoryBudgetEntity,
    input: EnterOfflineTallyInput,
  ): Promise<void> {
    const ids = [...new Set(input.votes.map((vote) => vote.projectId))];
    const projects = ids.length
      ? await manager.find(BudgetProjectEntity, {
          select: { id: true, districtId: true, feasibility: true },
          where: { id: In(ids), budgetId: budget.id },
        })
      : [];
    const byId = new Map(projects.map((project) => [project.id, project]));
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    const perPot = new Map<string | null, number>();
    let district: string | null = null;
    for (const [index, vote] of input.votes.entries()) {
      const project = byId.get(vote.projectId);
      const field = `votes.${index}`;
      if (!project || project.feasibility !== Feasibility.FEASIBLE) {
        problems.push(fieldProblem(`${field}.projectId`, 'field.notOnBallot'));
        continue;
      }
      if (seen.has(project.id)) {
        problems.push(fieldProblem(`${field}.projectId`, 'field.projectTwice'));
        continue;
      }
      seen.add(project.id);
      if (project.districtId !== null) {
        if (district !== null && district !== project.districtId) {
          problems.push(fieldProblem(`${field}.projectId`, 'field.tallyTwoDistricts'));
          continue;
        }
        district = project.districtId;
      }
      if (vote.votes > input.paperBallots) {
        problems.push(
          fieldProblem(`${field}.votes`, 'field.votesOverBallots', { ballots: input.paperBallots }),
        );
        continue;
      }
      perPot.set(project.districtId, (perPot.get(project.districtId) ?? 0) + vote.votes);
    }
    if (!problems.length && budget.maxChoices !== null) {
      const maximum = input.paperBallots * budget.maxChoices;
      for (const total of perPot.values()) {
        if (total > maximum) {
          problems.push(fieldProblem('votes', 'field.votesOverChoices', { total, maximum }));
          break;
        }
      }
    }
    if (problems.length) throw AppError.badInput(problems);
  }

  /** The entries a tally replaced, newest first, at most BUDGET_LIMITS.replacedTallies; batched. */
  replaced(loaders: RequestLoaders, tallyId: string): Promise<OfflineTallyEntity[]> {
    return loaders
      .get(REPLACED_TALLIES, async (ids) => {
        // Follows replaced_by_id backwards from each tally: its predecessor, theirs, and so on.
        const rows = (await this.db.query(
          `WITH RECURSIVE chain AS (
             SELECT t.*, t.replaced_by_id AS root, 1 AS depth
               FROM offline_tally t WHERE t.replaced_by_id = ANY($1::uuid[]) AND t.id <> t.replaced_by_id
             UNION ALL
             SELECT t.*, c.root, c.depth + 1
               FROM offline_tally t JOIN chain c ON t.replaced_by_id = c.id
              WHERE c.depth < $2
           )
           SELECT id, budget_id, place, place_key, paper_ballots, entered_by_id, entered_at,
                  replaced_by_id, root
             FROM chain ORDER BY root, depth`,
          [ids, BUDGET_LIMITS.replacedTallies],
        )) as TallyRow[];
        return groupByKeys(ids, rows.map(tallyFromRow), (row) => row.root).map((group) =>
          group.map(({ root: _root, ...tally }) => tally as OfflineTallyEntity),
        );
      })
      .load(tallyId);
  }
}

interface TallyRow {
  id: string;
  budget_id: string;
  place: string;
  place_key: string;
  paper_ballots: number;
  entered_by_id: string | null;
  entered_at: Date;
  replaced_by_id: string | null;
  root: string;
}

function tallyFromRow(row: TallyRow): OfflineTallyEntity & { root: string } {
  return Object.assign(new OfflineTallyEntity(), {
    id: row.id,
    budgetId: row.budget_id,
    place: row.place,
    placeKey: row.place_key,
    paperBallots: row.paper_ballots,
    enteredById: row.entered_by_id,
    enteredAt: row.entered_at,
    replacedById: row.replaced_by_id,
    root: row.root,
  });
}
