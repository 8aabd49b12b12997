import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginateGroups, type GroupedPages } from '../core/graphql/relay/paginate-groups.js';
import type { KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { text } from '../core/i18n/text.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { UserEntity } from '../identity/user.entity.js';
import { lockWorkshop } from '../workshops/registrations.service.js';
import { assertOrganizes } from '../workshops/workshop-access.js';
import { WorkshopEntity, WorkshopRegistrationEntity } from '../workshops/workshop.entity.js';
import { RegistrationStatus, SEATED_KINDS } from '../workshops/workshop-status.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import type {
  AssignSeatsInput,
  MergeIdeasInput,
  RecordDotsInput,
  RecordIdeaInput,
  SetRoundTablesInput,
} from './dto/round-table.inputs.js';
import {
  assertMayRecordAt,
  mayFacilitate,
  seesEntries,
  seesParticipants,
} from './round-table-access.js';
import { ROUND_TABLE_LIMITS as LIMITS } from './round-table-limits.js';
import { RoundTableEntity, RoundTableSeatEntity } from './round-table.entity.js';
import type { RankedPriority } from './round-table.model.js';
import { balanceSeats, type SeatCandidate } from './seating.js';
import {
  SessionPriorityEntity,
  TableIdeaCorrectionEntity,
  TableIdeaEntity,
} from './table-idea.entity.js';

/**
 * The first key of the advisory lock that orders the creation of a session's ideas (the second
 * is a hash of the workshop's id), so that the per-session cap cannot be raced past.
 */
const IDEA_LOCK_CLASS = 19_001;

const TABLES_OF_WORKSHOP = new LoaderKey<string, RoundTableEntity[]>('round-tables-of-workshop');
const TABLE_BY_ID = new LoaderKey<string, RoundTableEntity | null>('round-table-by-id');
const SEATED_AT_TABLE = new LoaderKey<string, string[]>('user-ids-seated-at-table');
const VIEWER_TABLE = new LoaderKey<string, string | null>('viewer-table-of-workshop');
const IDEAS_OF_TABLE = new LoaderKey<string, Connection<TableIdeaEntity>>('ideas-of-table');
const IDEA_BY_ID = new LoaderKey<string, TableIdeaEntity | null>('table-idea-by-id');
const IDEAS_OF_PRIORITY = new LoaderKey<string, Connection<TableIdeaEntity>>('ideas-of-priority');
/** Ideas in the order they were recorded (a page's cursor is never exposed: plain lists). */
const IDEAS_IN_RECORDED_ORDER: KeysetOrdering<TableIdeaEntity> = {
  name: 'table-ideas',
  direction: 'ASC',
  keys: [
    { expression: 'i.created_at', sqlType: 'timestamptz', value: (i) => i.createdAt.toISOString() },
    { expression: 'i.id', sqlType: 'uuid', value: (i) => i.id },
  ],
};
const CORRECTIONS_OF_IDEA = new LoaderKey<string, TableIdeaCorrectionEntity[]>(
  'corrections-of-idea',
);
const PRIORITIES_OF_WORKSHOP = new LoaderKey<string, RankedPriority[]>('priorities-of-workshop');
const PRIORITY_BY_ID = new LoaderKey<string, RankedPriority | null>('priority-by-id');
const PRIORITY_OF_PROPOSAL = new LoaderKey<string, string | null>('priority-id-of-proposal');

/**
 * Sessions' priorities, ranked in one statement: each priority's dots are the sum of its
 * ideas' dots, ranks are competition ranks (1, 2, 2, 4) by dots, and a priority is tied when
 * another of its session has the same dots. `sessions`: SQL naming the workshops (over $1);
 * `pick`: which ranked rows are returned (the ranks are always over all of a session's).
 */
function rankedPrioritiesSql(sessions: string, pick = 'true'): string {
  return `
  SELECT * FROM (
    SELECT sp.id, sp.workshop_id, sp.title AS merged_title, sp.merged_by_id, sp.merged_at,
           sp.proposal_id, sp.proposal_dots, sp.created_at, t.dots,
           COALESCE(sp.title, t.first_text, '') AS title,
           (RANK() OVER (PARTITION BY sp.workshop_id ORDER BY t.dots DESC))::int AS rank,
           COUNT(*) OVER (PARTITION BY sp.workshop_id, t.dots) > 1 AS tied,
           ROW_NUMBER() OVER (PARTITION BY sp.workshop_id
                              ORDER BY t.dots DESC, sp.created_at, sp.id) AS place
      FROM session_priority sp
     CROSS JOIN LATERAL (
           SELECT COALESCE(SUM(i.dots), 0)::int AS dots,
                  (ARRAY_AGG(i.text ORDER BY i.created_at, i.id))[1] AS first_text
             FROM table_idea i WHERE i.priority_id = sp.id) t
     WHERE sp.workshop_id IN (${sessions})) ranked
   WHERE ${pick}
   ORDER BY workshop_id, rank, created_at, id`;
}

interface RankedRow {
  id: string;
  workshop_id: string;
  merged_title: string | null;
  merged_by_id: string | null;
  merged_at: Date | null;
  proposal_id: string | null;
  proposal_dots: number | null;
  created_at: Date;
  dots: number;
  title: string;
  rank: number;
  tied: boolean;
}

function rankedFromRow(row: RankedRow): RankedPriority {
  return Object.assign(new SessionPriorityEntity(), {
    id: row.id,
    workshopId: row.workshop_id,
    title: row.title,
    mergedById: row.merged_by_id,
    mergedAt: row.merged_at,
    proposalId: row.proposal_id,
    proposalDots: row.proposal_dots,
    createdAt: row.created_at,
    dots: row.dots,
    rank: row.rank,
    tied: row.tied,
  });
}

/** The priorities named, ranked within their sessions, through `manager` (one statement). */
export async function rankedPrioritiesByIds(
  manager: EntityManager,
  ids: readonly string[],
): Promise<RankedPriority[]> {
  const rows = (await manager.query(
    rankedPrioritiesSql(
      'SELECT workshop_id FROM session_priority WHERE id = ANY($1::uuid[])',
      'id = ANY($1::uuid[])',
    ),
    [ids],
  )) as RankedRow[];
  return rows.map(rankedFromRow);
}

/**
 * Round tables: an organizer sets the tables and seats, facilitators record their table's
 * ideas and dots with provenance, the organizer merges duplicates, publishes the ranked
 * priorities and turns them into proposals (priority-to-proposal.ts). Who may do what is in
 * round-table-access.ts.
 *
 * Locks: every change of the room takes the workshop row. The organizer's changes (tables,
 * seats, merges) take it FOR NO KEY UPDATE, one after the other; the facilitators' entries take
 * it FOR KEY SHARE, so they do not wait for each other; publication takes it FOR UPDATE, so it
 * waits for every entry in flight and every later one sees it published. Dots entries of one
 * table take the table's row FOR NO KEY UPDATE: they apply one at a time, each against the
 * table's current total. A new idea holds its table FOR KEY SHARE, and setTables takes the
 * session's tables FOR UPDATE, so a table is never removed under an idea being recorded.
 */
@Injectable()
export class RoundTablesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workshops: WorkshopsService,
  ) {}

  // ---- the organizer's changes

  async setTables(viewer: Viewer, input: SetRoundTablesInput): Promise<WorkshopEntity> {
    return this.db.transaction(async (manager) => {
      const workshop = await lockWorkshop(manager, input.workshopId);
      assertOrganizes(viewer, workshop);
      assertSeated(workshop);
      assertNotPublished(workshop);
      await this.assertTables(manager, workshop, input);

      // FOR UPDATE: an idea being recorded holds its table FOR KEY SHARE, so a removal waits
      // for it and then sees it (and is refused), or goes first and the idea finds no table.
      const existing = await manager.find(RoundTableEntity, {
        where: { workshopId: workshop.id },
        lock: { mode: 'pessimistic_write' },
      });
      const kept = new Set(input.tables.map((table) => table.number));
      const removed = existing.filter((table) => !kept.has(table.number));
      if (removed.length) {
        const holding = await manager.findOne(TableIdeaEntity, {
          select: { id: true, tableId: true },
          where: { tableId: In(removed.map((table) => table.id)) },
        });
        if (holding) {
          const number = removed.find((table) => table.id === holding.tableId)!.number;
          throw AppError.conflict(text('error.conflict.tableHoldsIdeas', { number }));
        }
        await manager.delete(RoundTableEntity, { id: In(removed.map((table) => table.id)) });
      }
      if (input.tables.length) {
        await manager.upsert(
          RoundTableEntity,
          input.tables.map((table) => ({
            workshopId: workshop.id,
            number: table.number,
            topic: table.topic ?? null,
            facilitatorId: table.facilitatorId ?? null,
            size: table.size ?? null,
          })),
          { conflictPaths: ['workshopId', 'number'], skipUpdateIfNoValuesChanged: true },
        );
      }
      if (input.dotsPerParticipant != null) {
        await manager.update(
          WorkshopEntity,
          { id: workshop.id },
          { dotsPerParticipant: input.dotsPerParticipant },
        );
        workshop.dotsPerParticipant = input.dotsPerParticipant;
      }
      return workshop;
    });
  }

  /** Numbers unique in the list; each facilitator staff, an admin or a CONFIRMED registrant. */
  private async assertTables(
    manager: EntityManager,
    workshop: WorkshopEntity,
    input: SetRoundTablesInput,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    const numbers = new Set<number>();
    for (const [index, table] of input.tables.entries()) {
      if (numbers.has(table.number)) {
        problems.push(fieldProblem(`tables.${index}.number`, 'field.tableNumberTwice'));
      }
      numbers.add(table.number);
    }
    const ids = [
      ...new Set(
        input.tables.flatMap((table) => (table.facilitatorId ? [table.facilitatorId] : [])),
      ),
    ];
    if (ids.length) {
      const users = await manager.find(UserEntity, {
        select: { id: true, role: true },
        where: { id: In(ids) },
      });
      const confirmed = await manager.find(WorkshopRegistrationEntity, {
        select: { userId: true },
        where: {
          workshopId: workshop.id,
          userId: In(ids),
          status: RegistrationStatus.CONFIRMED,
        },
      });
      const roleOf = new Map(users.map((user) => [user.id, user]));
      const confirmedIds = new Set(confirmed.map((registration) => registration.userId));
      for (const [index, table] of input.tables.entries()) {
        if (!table.facilitatorId) continue;
        const user = roleOf.get(table.facilitatorId);
        if (!user || !mayFacilitate(user, confirmedIds.has(user.id))) {
          problems.push(fieldProblem(`tables.${index}.facilitatorId`, 'field.notFacilitator'));
        }
      }
    }
    if (problems.length) throw AppError.badInput(problems);
  }

  /**
   * Replaces every seat of the session: the seats given, or every CONFIRMED registrant dealt
   * over the tables by seating.ts (department for staff, else district, then arrival).
   */
  async assignSeats(viewer: Viewer, input: AssignSeatsInput): Promise<WorkshopEntity> {
    return this.db.transaction(async (manager) => {
      const workshop = await lockWorkshop(manager, input.workshopId);
      assertOrganizes(viewer, workshop);
      assertSeated(workshop);
      assertNotPublished(workshop);
      const tables = await manager.find(RoundTableEntity, {
        where: { workshopId: workshop.id },
        order: { number: 'ASC' },
      });
      if (!tables.length) throw AppError.conflict('error.conflict.noTables');
      // Registrations change only under the workshop's lock, held here: the list stays true.
      const registrants = (await manager.query(
        `SELECT r.user_id, r.queue_number, u.role, u.department_id, u.residency_district_id
           FROM workshop_registration r JOIN app_user u ON u.id = r.user_id
          WHERE r.workshop_id = $1 AND r.status = $2
          ORDER BY r.queue_number`,
        [workshop.id, RegistrationStatus.CONFIRMED],
      )) as RegistrantRow[];

      let seats: { userId: string; tableId: string }[];
      if (input.seats) {
        seats = explicitSeats(input.seats, tables, new Set(registrants.map((r) => r.user_id)));
      } else {
        seats = balanceSeats(registrants.map(candidateOf), tables.length).map((seat) => ({
          userId: seat.userId,
          tableId: tables[seat.table]!.id,
        }));
      }
      await manager.delete(RoundTableSeatEntity, { workshopId: workshop.id });
      // One statement per thousand seats: a capacity of 10,000 stays within Postgres's parameters.
      for (let start = 0; start < seats.length; start += 1000) {
        await manager.insert(
          RoundTableSeatEntity,
          seats.slice(start, start + 1000).map((seat) => ({
            workshopId: workshop.id,
            userId: seat.userId,
            tableId: seat.tableId,
            assignedById: viewer.id,
          })),
        );
      }
      return workshop;
    });
  }

  /** Duplicates across tables become one priority; the priorities they leave empty go. */
  async merge(viewer: Viewer, input: MergeIdeasInput): Promise<RankedPriority> {
    const priorityId = await this.db.transaction(async (manager) => {
      const workshop = await lockWorkshop(manager, input.workshopId);
      assertOrganizes(viewer, workshop);
      assertNotPublished(workshop);
      const ideas = await manager.find(TableIdeaEntity, {
        select: { id: true, priorityId: true },
        where: { id: In(input.ideaIds), workshopId: workshop.id },
      });
      const found = new Set(ideas.map((idea) => idea.id));
      const problems = input.ideaIds.flatMap((id, index) =>
        found.has(id) ? [] : [fieldProblem(`ideaIds.${index}`, 'field.notIdeaOfSession')],
      );
      if (problems.length) throw AppError.badInput(problems);

      const priority = await manager.save(
        manager.create(SessionPriorityEntity, {
          workshopId: workshop.id,
          title: input.title,
          mergedById: viewer.id,
          mergedAt: new Date(),
        }),
      );
      await manager.update(TableIdeaEntity, { id: In(input.ideaIds) }, { priorityId: priority.id });
      const left = [...new Set(ideas.map((idea) => idea.priorityId))];
      await manager.query(
        `DELETE FROM session_priority sp
          WHERE sp.id = ANY($1::uuid[])
            AND NOT EXISTS (SELECT 1 FROM table_idea i WHERE i.priority_id = sp.id)`,
        [left],
      );
      return priority.id;
    });
    const [ranked] = await rankedPrioritiesByIds(this.db.manager, [priorityId]);
    return ranked!;
  }

  /**
   * The session's priorities become its outcome: from then on the room's record is frozen.
   * Only once the session has started; publishing again returns the workshop unchanged.
   */
  async publish(viewer: Viewer, workshopId: string): Promise<WorkshopEntity> {
    return this.db.transaction(async (manager) => {
      const workshop = await manager.findOne(WorkshopEntity, {
        where: { id: workshopId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!workshop) throw AppError.notFound('workshop');
      assertOrganizes(viewer, workshop);
      assertSeated(workshop);
      if (workshop.prioritiesPublishedAt) return workshop;
      if (new Date() < workshop.startsAt) {
        throw AppError.conflict('error.conflict.prioritiesBeforeStart');
      }
      workshop.prioritiesPublishedAt = new Date();
      await manager.update(
        WorkshopEntity,
        { id: workshop.id },
        { prioritiesPublishedAt: workshop.prioritiesPublishedAt },
      );
      return workshop;
    });
  }

  // ---- the facilitators' entries

  /** A new idea at a table, standing as a priority of its own until merged. */
  async recordIdea(viewer: Viewer, input: RecordIdeaInput): Promise<TableIdeaEntity> {
    return this.db.transaction(async (manager) => {
      const workshop = await shareWorkshop(manager, input.workshopId);
      // FOR KEY SHARE: the table cannot be removed under the idea (setTables), while entries at
      // any table go on (dots entries hold their table FOR NO KEY UPDATE).
      const tables = await manager.find(RoundTableEntity, {
        where: { workshopId: workshop.id },
        lock: { mode: 'for_key_share' },
      });
      const table = tables.find((candidate) => candidate.number === input.tableNumber);
      if (!table) {
        // Someone who records at none of the session's tables learns nothing more.
        if (!tables.some((candidate) => candidate.facilitatorId === viewer.id)) {
          assertOrganizes(viewer, workshop);
        }
        throw AppError.badField('tableNumber', 'field.noSuchTable');
      }
      assertMayRecordAt(viewer, workshop, table);
      assertNotPublished(workshop);

      await manager.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [
        IDEA_LOCK_CLASS,
        workshop.id,
      ]);
      const count = await manager.countBy(TableIdeaEntity, { workshopId: workshop.id });
      if (count >= LIMITS.ideasPerWorkshop) {
        throw AppError.conflict(
          text('error.conflict.tooManyIdeas', { maximum: LIMITS.ideasPerWorkshop }),
        );
      }
      const priority = await manager.save(
        manager.create(SessionPriorityEntity, { workshopId: workshop.id }),
      );
      return manager.save(
        manager.create(TableIdeaEntity, {
          workshopId: workshop.id,
          tableId: table.id,
          text: input.text,
          category: input.category ?? null,
          priorityId: priority.id,
          enteredById: viewer.id,
          enteredSessionId: viewer.sessionId,
        }),
      );
    });
  }

  /**
   * The table's total for an idea. Entries of one table apply one at a time (the table's row,
   * FOR NO KEY UPDATE), each against the table's current total: the table's ideas together hold at
   * most dotsPerParticipant × the people at the table. Replacing an entered value keeps it as
   * a correction.
   */
  async recordDots(viewer: Viewer, input: RecordDotsInput): Promise<TableIdeaEntity> {
    return this.db.transaction(async (manager) => {
      const named = await manager.findOne(TableIdeaEntity, {
        select: { id: true, workshopId: true, tableId: true },
        where: { id: input.ideaId },
      });
      if (!named) throw AppError.notFound('tableIdea');
      const workshop = await shareWorkshop(manager, named.workshopId);
      const table = await manager.findOneOrFail(RoundTableEntity, {
        where: { id: named.tableId },
        lock: { mode: 'for_no_key_update' },
      });
      assertMayRecordAt(viewer, workshop, table);
      assertNotPublished(workshop);
      if (workshop.dotsPerParticipant === null) {
        throw AppError.conflict('error.conflict.noDotsPerParticipant');
      }
      // Read again under the table's lock: the value an earlier entry may just have written.
      const idea = await manager.findOneByOrFail(TableIdeaEntity, { id: named.id });
      const people =
        table.size ??
        (await confirmedSeats(manager)
          .where('s.table_id = :tableId', { tableId: table.id })
          .getCount());
      const budget = workshop.dotsPerParticipant * Math.max(1, people);
      const [{ others }] = (await manager.query(
        `SELECT COALESCE(SUM(dots), 0)::int AS others FROM table_idea WHERE table_id = $1 AND id <> $2`,
        [table.id, idea.id],
      )) as [{ others: number }];
      if (others + input.dots > budget) {
        throw AppError.badField('dots', 'field.dotsOverBudget', {
          maximum: Math.max(0, budget - others),
          budget,
        });
      }
      const now = new Date();
      if (idea.dotsEnteredAt !== null) {
        await manager.insert(TableIdeaCorrectionEntity, {
          ideaId: idea.id,
          previousDots: idea.dots,
          previousById: idea.dotsEnteredById,
          previousAt: idea.dotsEnteredAt,
          correctedById: viewer.id,
          correctedAt: now,
          correctedSessionId: viewer.sessionId,
        });
      }
      idea.dots = input.dots;
      idea.dotsEnteredById = viewer.id;
      idea.dotsEnteredAt = now;
      idea.dotsEnteredSessionId = viewer.sessionId;
      await manager.update(
        TableIdeaEntity,
        { id: idea.id },
        {
          dots: idea.dots,
          dotsEnteredById: idea.dotsEnteredById,
          dotsEnteredAt: idea.dotsEnteredAt,
          dotsEnteredSessionId: idea.dotsEnteredSessionId,
        },
      );
      return idea;
    });
  }

  // ---- reads, batched per request

  /** The session's tables by number (a workshop of another kind has none). */
  tablesOf(loaders: RequestLoaders, workshopId: string): Promise<RoundTableEntity[]> {
    return loaders
      .get(TABLES_OF_WORKSHOP, async (workshopIds) => {
        const rows = await this.db.getRepository(RoundTableEntity).find({
          where: { workshopId: In([...workshopIds]) },
          order: { number: 'ASC' },
        });
        const byId = loaders.get(TABLE_BY_ID, (ids) => this.tablesById(ids));
        for (const row of rows) byId.prime(row.id, row);
        return groupByKeys(workshopIds, rows, (row) => row.workshopId);
      })
      .load(workshopId);
  }

  loadTable(loaders: RequestLoaders, id: string): Promise<RoundTableEntity | null> {
    return loaders.get(TABLE_BY_ID, (ids) => this.tablesById(ids)).load(id);
  }

  private async tablesById(ids: readonly string[]): Promise<(RoundTableEntity | null)[]> {
    const rows = await this.db.getRepository(RoundTableEntity).findBy({ id: In([...ids]) });
    return byKeys(ids, rows, (row) => row.id);
  }

  /** Whether the viewer may see the session's ideas and priorities (round-table-access.ts). */
  async seesEntriesOf(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    workshopId: string,
  ): Promise<boolean> {
    const workshop = await this.workshops.load(loaders, workshopId);
    if (!workshop) return false;
    return seesEntries(viewer, workshop, await this.tablesOf(loaders, workshopId));
  }

  /** Who sits at the table, for those who may know (round-table-access.ts); else []. */
  async participantIds(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    table: RoundTableEntity,
  ): Promise<string[]> {
    if (!viewer) return [];
    const workshop = await this.workshops.load(loaders, table.workshopId);
    if (!workshop) return [];
    const [tables, viewerTableId] = await Promise.all([
      this.tablesOf(loaders, table.workshopId),
      this.viewerTableId(loaders, viewer, table.workshopId),
    ]);
    if (!seesParticipants(viewer, workshop, tables, table, viewerTableId)) return [];
    return loaders
      .get(SEATED_AT_TABLE, async (tableIds) => {
        const rows = await confirmedSeats(this.db.manager)
          .where('s.table_id IN (:...tableIds)', { tableIds })
          .orderBy('s.assigned_at', 'ASC')
          .addOrderBy('s.user_id', 'ASC')
          .getMany();
        return groupByKeys(tableIds, rows, (row) => row.tableId).map((group) =>
          group.map((row) => row.userId),
        );
      })
      .load(table.id);
  }

  private viewerTableId(
    loaders: RequestLoaders,
    viewer: Viewer,
    workshopId: string,
  ): Promise<string | null> {
    return loaders
      .get(
        VIEWER_TABLE,
        async (workshopIds) => {
          const rows = await confirmedSeats(this.db.manager)
            .where('s.user_id = :userId', { userId: viewer.id })
            .andWhere('s.workshop_id IN (:...workshopIds)', { workshopIds })
            .getMany();
          return byKeys(workshopIds, rows, (row) => row.workshopId).map(
            (row) => row?.tableId ?? null,
          );
        },
        viewer.id,
      )
      .load(workshopId);
  }

  /**
   * A table's first ideas in the order they were recorded, for those who may see them; else [].
   * One LIMITed page per table, for all the tables of a request in one statement.
   */
  async ideasOfTable(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    table: RoundTableEntity,
    first: number,
  ): Promise<TableIdeaEntity[]> {
    if (!(await this.seesEntriesOf(loaders, viewer, table.workshopId))) return [];
    return this.ideasOf(loaders, IDEAS_OF_TABLE, 'table_id', table.id, first);
  }

  /** A priority's first ideas in the order they were recorded (visible with the priority). */
  ideasOfPriority(
    loaders: RequestLoaders,
    priorityId: string,
    first: number,
  ): Promise<TableIdeaEntity[]> {
    return this.ideasOf(loaders, IDEAS_OF_PRIORITY, 'priority_id', priorityId, first);
  }

  private async ideasOf(
    loaders: RequestLoaders,
    key: LoaderKey<string, Connection<TableIdeaEntity>>,
    groupColumn: 'table_id' | 'priority_id',
    groupId: string,
    first: number,
  ): Promise<TableIdeaEntity[]> {
    const spec: GroupedPages<TableIdeaEntity> = {
      repository: this.db.getRepository(TableIdeaEntity),
      alias: 'i',
      groupColumn,
      ordering: IDEAS_IN_RECORDED_ORDER,
      withRows: (rows) => this.primeIdeas(loaders, rows),
    };
    const page = await loaders
      .get(key, (ids) => paginateGroups(spec, ids, { first }), String(first))
      .load(groupId);
    return page.nodes;
  }

  private primeIdeas(loaders: RequestLoaders, rows: TableIdeaEntity[]): void {
    const byId = loaders.get(IDEA_BY_ID, (ids) => this.ideasById(ids));
    for (const row of rows) byId.clear(row.id).prime(row.id, row);
  }

  private async ideasById(ids: readonly string[]): Promise<(TableIdeaEntity | null)[]> {
    const rows = await this.db.getRepository(TableIdeaEntity).findBy({ id: In([...ids]) });
    return byKeys(ids, rows, (row) => row.id);
  }

  /** An idea by id as node() shows it: null unless the viewer may see the session's entries. */
  async visibleIdea(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<TableIdeaEntity | null> {
    const idea = await loaders.get(IDEA_BY_ID, (ids) => this.ideasById(ids)).load(id);
    if (!idea || !(await this.seesEntriesOf(loaders, viewer, idea.workshopId))) return null;
    return idea;
  }

  /** Replaced dots of an idea, newest first, at most LIMITS.corrections. */
  corrections(loaders: RequestLoaders, ideaId: string): Promise<TableIdeaCorrectionEntity[]> {
    return loaders
      .get(CORRECTIONS_OF_IDEA, async (ideaIds) => {
        const rows = await this.db
          .getRepository(TableIdeaCorrectionEntity)
          .createQueryBuilder('c')
          .where(
            `c.seq IN (SELECT seq FROM (
               SELECT x.seq, ROW_NUMBER() OVER (PARTITION BY x.idea_id ORDER BY x.seq DESC) AS n
                 FROM table_idea_correction x WHERE x.idea_id = ANY(:ids)) newest
              WHERE newest.n <= :limit)`,
            { ids: [...ideaIds], limit: LIMITS.corrections },
          )
          .orderBy('c.seq', 'DESC')
          .getMany();
        return groupByKeys(ideaIds, rows, (row) => row.ideaId);
      })
      .load(ideaId);
  }

  /** The session's priorities ranked (one statement for every workshop of the request). */
  async prioritiesOf(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    workshopId: string,
    first: number,
  ): Promise<RankedPriority[]> {
    if (!(await this.seesEntriesOf(loaders, viewer, workshopId))) return [];
    return loaders
      .get(
        PRIORITIES_OF_WORKSHOP,
        async (workshopIds) => {
          // Ranked over all of a session's priorities; only the first `first` are read out.
          const rows = (await this.db.query(
            rankedPrioritiesSql('SELECT unnest($1::uuid[])', 'place <= $2'),
            [workshopIds, first],
          )) as RankedRow[];
          return groupByKeys(workshopIds, rows.map(rankedFromRow), (row) => row.workshopId);
        },
        String(first),
      )
      .load(workshopId);
  }

  /** The priority an idea was merged into, or null while it stands alone. */
  async mergedInto(loaders: RequestLoaders, idea: TableIdeaEntity): Promise<RankedPriority | null> {
    const priority = await this.priorityById(loaders, idea.priorityId);
    return priority?.mergedById ? priority : null;
  }

  private priorityById(loaders: RequestLoaders, id: string): Promise<RankedPriority | null> {
    return loaders
      .get(PRIORITY_BY_ID, async (ids) =>
        byKeys(ids, await rankedPrioritiesByIds(this.db.manager, ids), (p) => p.id),
      )
      .load(id);
  }

  /** A priority by id as node() shows it: null unless the viewer may see the session's entries. */
  async visiblePriority(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<RankedPriority | null> {
    const priority = await this.priorityById(loaders, id);
    if (!priority || !(await this.seesEntriesOf(loaders, viewer, priority.workshopId))) return null;
    return priority;
  }

  /** The priority a proposal was made from, if any, as the viewer may see it. */
  async priorityOfProposal(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    proposalId: string,
  ): Promise<RankedPriority | null> {
    const id = await loaders
      .get(PRIORITY_OF_PROPOSAL, async (proposalIds) => {
        const rows = await this.db.getRepository(SessionPriorityEntity).find({
          select: { id: true, proposalId: true },
          where: { proposalId: In([...proposalIds]) },
        });
        return byKeys(proposalIds, rows, (row) => row.proposalId!).map((row) => row?.id ?? null);
      })
      .load(proposalId);
    return id ? this.visiblePriority(loaders, viewer, id) : null;
  }
}

interface RegistrantRow {
  user_id: string;
  queue_number: number;
  role: Role;
  department_id: string | null;
  residency_district_id: string | null;
}

/** The group a registrant is spread by: staff by department, others by district. */
function candidateOf(row: RegistrantRow): SeatCandidate {
  const stratum =
    row.role === Role.STAFF && row.department_id
      ? `department:${row.department_id}`
      : row.residency_district_id
        ? `district:${row.residency_district_id}`
        : null;
  // The user row carries no rank: the stratum and arrival order decide.
  return { userId: row.user_id, stratum, rank: null, order: row.queue_number };
}

function explicitSeats(
  seats: readonly { tableNumber: number; userId: string }[],
  tables: readonly RoundTableEntity[],
  confirmed: ReadonlySet<string>,
): { userId: string; tableId: string }[] {
  const byNumber = new Map(tables.map((table) => [table.number, table]));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const result: { userId: string; tableId: string }[] = [];
  for (const [index, seat] of seats.entries()) {
    const table = byNumber.get(seat.tableNumber);
    if (!table) problems.push(fieldProblem(`seats.${index}.tableNumber`, 'field.noSuchTable'));
    if (!confirmed.has(seat.userId)) {
      problems.push(fieldProblem(`seats.${index}.userId`, 'field.notConfirmedRegistrant'));
    } else if (seen.has(seat.userId)) {
      problems.push(fieldProblem(`seats.${index}.userId`, 'field.seatedTwice'));
    }
    seen.add(seat.userId);
    if (table) result.push({ userId: seat.userId, tableId: table.id });
  }
  if (problems.length) throw AppError.badInput(problems);
  return result;
}

/**
 * Seats of people who still hold a CONFIRMED place: someone who cancelled after being seated no
 * longer sits anywhere, nor counts toward a table's dots.
 */
function confirmedSeats(manager: EntityManager) {
  return manager
    .createQueryBuilder(RoundTableSeatEntity, 's')
    .innerJoin(
      WorkshopRegistrationEntity,
      'r',
      'r.workshop_id = s.workshop_id AND r.user_id = s.user_id AND r.status = :confirmed',
      { confirmed: RegistrationStatus.CONFIRMED },
    );
}

/** The workshop, held FOR KEY SHARE: entries do not wait for each other, publication waits for them. */
async function shareWorkshop(manager: EntityManager, id: string): Promise<WorkshopEntity> {
  const workshop = await manager
    .createQueryBuilder(WorkshopEntity, 'w')
    .setLock('for_key_share')
    .where('w.id = :id', { id })
    .getOne();
  if (!workshop) throw AppError.notFound('workshop');
  return workshop;
}

function assertSeated(workshop: WorkshopEntity): void {
  if (!SEATED_KINDS.includes(workshop.kind)) {
    throw AppError.conflict('error.conflict.notSeatedKind');
  }
}

/** Published priorities freeze the room's record. */
export function assertNotPublished(workshop: WorkshopEntity): void {
  if (workshop.prioritiesPublishedAt) throw AppError.conflict('error.conflict.prioritiesPublished');
}
