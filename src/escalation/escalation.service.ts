import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import { groupByKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { proposalEscalated } from '../notifications/who-hears-what.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import type { SetEscalationLadderInput } from './dto/set-escalation-ladder.input.js';
import { EscalationAction } from './escalation-action.js';
import { EscalationRungEntity } from './escalation.entities.js';
import { applicableLadderSql } from './escalation-due.js';
import type { EscalationRung, ProposalEscalation, ReachedRung } from './escalation.models.js';
import { describeLadder, ladderProblems } from './ladder-rules.js';

interface RungRow {
  level: number;
  threshold: number;
  action: EscalationAction;
  due_in_days: number | null;
  answering_department_id: string | null;
}

/** A rung of a ladder, with the ladder's scope. */
interface LadderRungRow extends RungRow {
  process_id: string | null;
}

/** A crossing as recorded, with what it still owes. */
interface CrossingRow extends RungRow {
  proposal_id: string;
  reached_at: Date;
  due_at: Date | null;
  owed: boolean;
}

const rungOf = (row: RungRow): EscalationRung => ({
  level: row.level,
  threshold: row.threshold,
  action: row.action,
  dueInDays: row.due_in_days,
  answeringDepartmentId: row.answering_department_id,
});

/** The scope of a ladder: a process id, or '' for the city-wide default (a loader key). */
const CITY = '';
const RUNGS_OF_LADDER = new LoaderKey<string, EscalationRung[]>('rungs-of-ladder');
const CROSSINGS_OF_PROPOSAL = new LoaderKey<string, ReachedRung[]>('crossings-of-proposal');

/**
 * Whether what a crossing requires is still owed, computed from what was written since: an
 * official answer after the crossing (from the named department for REQUIRE_ANSWER_FROM, from
 * any department otherwise: the one responsible at the time answers), or a workshop linked to
 * the proposal that starts after the crossing (a forum held for the crowd, not before it).
 * Nothing is owed on a withdrawn proposal, which can no longer be answered (the rule of
 * awaiting_answer in proposal-deadline.ts).
 */
const OWED_SQL = `p.status <> 'WITHDRAWN' AND CASE c.action
    WHEN 'REQUIRE_PUBLIC_FORUM' THEN NOT EXISTS (
      SELECT 1 FROM workshop_proposal wp JOIN workshop w ON w.id = wp.workshop_id
       WHERE wp.proposal_id = c.proposal_id AND w.starts_at >= c.reached_at)
    WHEN 'REQUIRE_ANSWER_FROM' THEN NOT EXISTS (
      SELECT 1 FROM official_answer a
       WHERE a.proposal_id = c.proposal_id AND a.department_id = c.answering_department_id
         AND a.created_at >= c.reached_at)
    ELSE NOT EXISTS (
      SELECT 1 FROM official_answer a
       WHERE a.proposal_id = c.proposal_id AND a.created_at >= c.reached_at)
  END`;

/**
 * Escalation ladders: their definition (admins), the crossing of a rung (once per proposal and
 * level, inside the support that reaches it), and what a proposal's crossings still owe.
 */
@Injectable()
export class EscalationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The ladder of a process, or the city default (processId null); null when none is set. */
  async ladder(
    loaders: RequestLoaders,
    processId: string | null,
  ): Promise<{ rungs: EscalationRung[] } | null> {
    const rungs = await this.rungsLoader(loaders).load(processId ?? CITY);
    return rungs.length ? { rungs } : null;
  }

  /**
   * Replaces a ladder's rungs as a whole (an empty list removes the ladder), and writes the
   * change to the audit log with the rungs before and after. Crossings already recorded keep
   * their copy of the rung: the change applies to crossings from now on.
   */
  async setLadder(
    actorId: string | null,
    input: SetEscalationLadderInput,
  ): Promise<{ rungs: EscalationRung[] }> {
    const problems: FieldProblem[] = ladderProblems(input.rungs);
    if (problems.length) throw AppError.badInput(problems);
    const processId = input.processId ?? null;
    return this.db.transaction(async (manager) => {
      if (processId && !(await manager.existsBy(ProcessEntity, { id: processId })))
        throw AppError.badField('processId', 'field.namesNoProcess');
      await this.assertDepartmentsExist(manager, input);
      // One row per scope (the unique indexes); its lock queues two admins setting it at once.
      await manager.query(
        'INSERT INTO escalation_ladder (process_id) VALUES ($1) ON CONFLICT DO NOTHING',
        [processId],
      );
      const [{ id }] = (await manager.query(
        `SELECT id FROM escalation_ladder WHERE process_id IS NOT DISTINCT FROM $1 FOR UPDATE`,
        [processId],
      )) as [{ id: string }];
      const before = (await manager.query(
        `SELECT level, threshold, action, due_in_days, answering_department_id
           FROM escalation_rung WHERE ladder_id = $1 ORDER BY level`,
        [id],
      )) as RungRow[];
      await manager.query('DELETE FROM escalation_rung WHERE ladder_id = $1', [id]);
      const rungs: EscalationRung[] = input.rungs.map((r, i) => ({
        level: i + 1,
        threshold: r.threshold,
        action: r.action,
        dueInDays: r.dueInDays ?? null,
        answeringDepartmentId: r.answeringDepartmentId ?? null,
      }));
      if (rungs.length === 0) {
        await manager.query('DELETE FROM escalation_ladder WHERE id = $1', [id]);
      } else {
        await manager.query('UPDATE escalation_ladder SET updated_at = now() WHERE id = $1', [id]);
        await manager
          .createQueryBuilder()
          .insert()
          .into(EscalationRungEntity)
          .values(
            rungs.map((r) => ({
              ladderId: id,
              level: r.level,
              threshold: r.threshold,
              action: r.action,
              dueInDays: r.dueInDays,
              answeringDepartmentId: r.answeringDepartmentId,
            })),
          )
          .execute();
      }
      await recordAudit(manager, {
        action: AuditAction.ESCALATION_LADDER_SET,
        actorId,
        // The city's ladder is no Node: its entry names the ladder row.
        target: processId
          ? { type: 'ParticipatoryProcess', id: processId }
          : { type: 'EscalationLadder', id },
        before: describeLadder(before.map(rungOf)),
        after: describeLadder(rungs),
      });
      return { rungs };
    });
  }

  private async assertDepartmentsExist(
    manager: EntityManager,
    input: SetEscalationLadderInput,
  ): Promise<void> {
    const named = input.rungs.flatMap((r, i) =>
      r.answeringDepartmentId ? [{ i, id: r.answeringDepartmentId }] : [],
    );
    if (!named.length) return;
    const found = new Set(
      (await manager.findBy(DepartmentEntity, { id: In(named.map((n) => n.id)) })).map((d) => d.id),
    );
    const missing = named.filter((n) => !found.has(n.id));
    if (missing.length)
      throw AppError.badInput(
        missing.map((n) =>
          fieldProblem(`rungs.${n.i}.answeringDepartmentId`, 'field.namesNoDepartment'),
        ),
      );
  }

  /**
   * Crosses every rung of the proposal's ladder that its supports now reach and that it has not
   * crossed, in a transaction of its own: for the support statement, which committed already
   * and saw that a rung was due (escalationDueSql).
   */
  async crossReachedRungs(proposalId: string): Promise<void> {
    await this.db.transaction((manager) => this.crossReachedRungsIn(manager, proposalId));
  }

  /**
   * The same inside the caller's transaction. Exactly once per proposal and level, however many
   * supports arrive at once: the crossing is an INSERT ... ON CONFLICT DO NOTHING on
   * (proposal_id, level), and only the transaction whose row went in acts on it. The rung is
   * copied into the crossing as it is now.
   *
   * The proposal's row is locked first, as every support locks it first: a crossing that held
   * a crossing row and then waited for the proposal (to move its due date) while a support held
   * the proposal deadlocked with it (seen with 200 supports through two instances). In this
   * order, crossings of one proposal queue on its row and the later ones find nothing to insert.
   */
  async crossReachedRungsIn(manager: EntityManager, proposalId: string): Promise<void> {
    const [proposal] = (await manager.query(
      'SELECT id, title, author_id, department_id FROM proposal WHERE id = $1 FOR NO KEY UPDATE',
      [proposalId],
    )) as [{ id: string; title: string; author_id: string; department_id: string | null }?];
    if (!proposal) return;
    const crossed = (await manager.query(
      `WITH now AS (SELECT clock_timestamp() AS at)
       INSERT INTO escalation_crossing
         (proposal_id, level, reached_at, threshold, action, due_in_days, due_at, answering_department_id)
       SELECT p.id, r.level, now.at, r.threshold, r.action, r.due_in_days,
              now.at + make_interval(days => r.due_in_days), r.answering_department_id
         FROM proposal p CROSS JOIN now
         JOIN escalation_rung r ON r.ladder_id = ${applicableLadderSql('p')}
        WHERE p.id = $1 AND r.threshold <= p.support_count
       ON CONFLICT DO NOTHING
       RETURNING level, reached_at, threshold, action, due_in_days, due_at, answering_department_id`,
      [proposalId],
    )) as Omit<CrossingRow, 'owed' | 'proposal_id'>[];
    if (!crossed.length) return;
    crossed.sort((a, b) => a.level - b.level);
    for (const crossing of crossed) {
      if (crossing.action === EscalationAction.REQUIRE_DEPARTMENT_ANSWER && crossing.due_at) {
        // LEAST ignores NULL: an unassigned proposal gets the date, and its first assignment
        // keeps it (routing.service.ts starts the clock only when none is set).
        await manager.query(
          'UPDATE proposal SET response_due_at = LEAST(response_due_at, $2) WHERE id = $1',
          [proposalId, crossing.due_at],
        );
      }
      await recordProposalEvent(manager, {
        proposalId,
        kind: ProposalEventKind.ESCALATED,
        actor: { system: true },
        at: crossing.reached_at,
        escalationLevel: crossing.level,
      });
      await proposalEscalated(
        manager,
        { id: proposal.id, title: proposal.title, authorId: proposal.author_id },
        proposal.department_id,
        { level: crossing.level, threshold: crossing.threshold, action: crossing.action },
        crossing.answering_department_id,
      );
    }
  }

  /**
   * A proposal's crossings and the next rung of its ladder: two statements for a whole list of
   * proposals (one for the crossings with what they owe, one for the ladders that apply).
   */
  async escalationOf(
    loaders: RequestLoaders,
    proposal: { id: string; processId: string | null },
  ): Promise<ProposalEscalation> {
    const [reached, ladder] = await Promise.all([
      this.crossingsLoader(loaders).load(proposal.id),
      this.applicableRungs(loaders, proposal.processId),
    ]);
    const reachedLevels = new Set(reached.map((r) => r.rung.level));
    return { reached, next: ladder.find((rung) => !reachedLevels.has(rung.level)) ?? null };
  }

  /**
   * The rungs of the ladder that applies (the rule of escalation-due.ts, over loaded ladders: a
   * stored ladder always has rungs, since clearing one deletes it).
   */
  private async applicableRungs(
    loaders: RequestLoaders,
    processId: string | null,
  ): Promise<EscalationRung[]> {
    const loader = this.rungsLoader(loaders);
    const [own, city] = await Promise.all([
      processId ? loader.load(processId) : Promise.resolve([]),
      loader.load(CITY),
    ]);
    return own.length ? own : city;
  }

  private rungsLoader(loaders: RequestLoaders) {
    return loaders.get(RUNGS_OF_LADDER, async (scopes) => {
      const processIds = scopes.filter((s) => s !== CITY);
      const rows = (await this.db.query(
        `SELECT l.process_id, r.level, r.threshold, r.action, r.due_in_days, r.answering_department_id
           FROM escalation_ladder l JOIN escalation_rung r ON r.ladder_id = l.id
          WHERE l.process_id = ANY($1::uuid[]) OR ($2 AND l.process_id IS NULL)
          ORDER BY r.level`,
        [processIds, scopes.includes(CITY)],
      )) as LadderRungRow[];
      return groupByKeys(scopes, rows, (r) => r.process_id ?? CITY).map((group) =>
        group.map(rungOf),
      );
    });
  }

  private crossingsLoader(loaders: RequestLoaders) {
    return loaders.get(CROSSINGS_OF_PROPOSAL, async (proposalIds) => {
      const rows = (await this.db.query(
        `SELECT c.proposal_id, c.level, c.reached_at, c.threshold, c.action, c.due_in_days,
                c.due_at, c.answering_department_id, ${OWED_SQL} AS owed
           FROM escalation_crossing c JOIN proposal p ON p.id = c.proposal_id
          WHERE c.proposal_id = ANY($1::uuid[])
          ORDER BY c.level`,
        [proposalIds],
      )) as CrossingRow[];
      return groupByKeys(proposalIds, rows, (r) => r.proposal_id).map((group) =>
        group.map((row) => ({
          rung: rungOf(row),
          reachedAt: row.reached_at,
          dueAt: row.due_at,
          owed: row.owed,
        })),
      );
    });
  }
}
