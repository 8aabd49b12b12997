import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WorkshopEntity, WorkshopRegistrationEntity } from '../../workshops/workshop.entity.js';
import { RegistrationStatus, WorkshopKind } from '../../workshops/workshop-status.js';
import { RoundTableEntity, RoundTableSeatEntity } from '../round-table.entity.js';
import { SessionPriorityEntity, TableIdeaEntity } from '../table-idea.entity.js';

const HOUR_MS = 3_600_000;

/**
 * Rows written straight into the database, for tests and the demo seed: a round-table session,
 * its confirmed registrants, tables, seats and ideas (each idea in a priority of its own, as
 * recordIdea makes them).
 */

export async function createRoundTableWorkshop(
  db: DataSource,
  overrides: Partial<WorkshopEntity> & Pick<WorkshopEntity, 'organizerId'>,
): Promise<WorkshopEntity> {
  const repository = db.getRepository(WorkshopEntity);
  return repository.save(
    repository.create({
      title: '100인 원탁회의',
      description: '테이블마다 진행자가 있는 원탁회의',
      kind: WorkshopKind.ROUND_TABLE,
      startsAt: new Date(Date.now() + 24 * HOUR_MS),
      endsAt: new Date(Date.now() + 27 * HOUR_MS),
      capacity: null,
      ...overrides,
    }),
  );
}

/** CONFIRMED registrations in the order given (their queue order), and the workshop's count. */
export async function confirmRegistrants(
  db: DataSource,
  workshopId: string,
  userIds: readonly string[],
): Promise<void> {
  for (const userId of userIds) {
    await db
      .getRepository(WorkshopRegistrationEntity)
      .insert({ workshopId, userId, status: RegistrationStatus.CONFIRMED });
  }
  await db.query(`UPDATE workshop SET registered_count = registered_count + $2 WHERE id = $1`, [
    workshopId,
    userIds.length,
  ]);
}

export interface TableRow {
  number: number;
  topic?: string | null;
  facilitatorId?: string | null;
  size?: number | null;
}

export async function insertTables(
  db: DataSource,
  workshopId: string,
  tables: readonly TableRow[],
): Promise<RoundTableEntity[]> {
  const repository = db.getRepository(RoundTableEntity);
  return repository.save(
    tables.map((table) =>
      repository.create({
        workshopId,
        number: table.number,
        topic: table.topic ?? null,
        facilitatorId: table.facilitatorId ?? null,
        size: table.size ?? null,
      }),
    ),
  );
}

export async function insertSeats(
  db: DataSource,
  workshopId: string,
  assignedById: string,
  seats: readonly { userId: string; tableId: string }[],
): Promise<void> {
  if (!seats.length) return;
  await db
    .getRepository(RoundTableSeatEntity)
    .insert(seats.map((seat) => ({ workshopId, assignedById, ...seat })));
}

export interface IdeaRow {
  tableId: string;
  text: string;
  category?: string | null;
  dots?: number;
  enteredById: string;
}

/** Ideas, each in a priority of its own; dots given count as entered by the idea's author. */
export async function insertIdeas(
  db: DataSource,
  workshopId: string,
  ideas: readonly IdeaRow[],
): Promise<TableIdeaEntity[]> {
  if (!ideas.length) return [];
  const priorityIds = ideas.map(() => randomUUID());
  await db
    .getRepository(SessionPriorityEntity)
    .insert(priorityIds.map((id) => ({ id, workshopId })));
  const repository = db.getRepository(TableIdeaEntity);
  return repository.save(
    ideas.map((idea, index) =>
      repository.create({
        workshopId,
        tableId: idea.tableId,
        text: idea.text,
        category: idea.category ?? null,
        dots: idea.dots ?? 0,
        priorityId: priorityIds[index]!,
        enteredById: idea.enteredById,
        enteredSessionId: null,
        dotsEnteredById: idea.dots === undefined ? null : idea.enteredById,
        dotsEnteredAt: idea.dots === undefined ? null : new Date(),
      }),
    ),
  );
}
