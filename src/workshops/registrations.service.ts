import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginateGroups, type GroupedPages } from '../core/graphql/relay/paginate-groups.js';
import type { KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { placesGiven } from '../notifications/who-hears-what.js';
import { assertOrganizes } from './workshop-access.js';
import { WorkshopEntity, WorkshopRegistrationEntity } from './workshop.entity.js';
import { RegistrationStatus, registrationOpen } from './workshop-status.js';

const REGISTRATION_BY_ID = new LoaderKey<string, WorkshopRegistrationEntity | null>(
  'registration-by-id',
);
/** Per viewer: the viewer's registration at each workshop. */
const VIEWER_REGISTRATION = new LoaderKey<string, WorkshopRegistrationEntity | null>(
  'viewer-registration',
);
const WAITLIST_POSITION = new LoaderKey<string, number | null>('waitlist-position');
const REGISTRATIONS_OF_WORKSHOP = new LoaderKey<string, Connection<WorkshopRegistrationEntity>>(
  'registrations-of-workshop',
);

const QUEUE_ORDER: KeysetOrdering<WorkshopRegistrationEntity> = {
  name: 'registrations-queue',
  direction: 'ASC',
  keys: [{ expression: 'r.queue_number', sqlType: 'int', value: (r) => r.queueNumber }],
};

/** The workshop row, locked for the rest of the transaction (FOR NO KEY UPDATE). */
export async function lockWorkshop(manager: EntityManager, id: string): Promise<WorkshopEntity> {
  const workshop = await manager.findOne(WorkshopEntity, {
    where: { id },
    lock: { mode: 'for_no_key_update' },
  });
  if (!workshop) throw AppError.notFound('workshop');
  return workshop;
}

/**
 * The workshop, locked, and the viewer's registration at it (any status) or null. Every
 * registration of a workshop changes only under this lock, so what is read here stays true
 * until the transaction ends.
 */
async function lockWithOwn(
  manager: EntityManager,
  viewer: Viewer,
  workshopId: string,
): Promise<{ workshop: WorkshopEntity; existing: WorkshopRegistrationEntity | null }> {
  const workshop = await lockWorkshop(manager, workshopId);
  const existing = await manager.findOneBy(WorkshopRegistrationEntity, {
    workshopId,
    userId: viewer.id,
  });
  return { workshop, existing };
}

/**
 * First come, first served, in the database. Every change to a workshop's registrations runs
 * in one transaction that first locks the workshop's row, so registrations, cancellations and
 * capacity changes of one workshop are applied one at a time, whichever API instance receives
 * them; the counters move in the same transaction, and a CHECK on the workshop row refuses
 * more confirmed people than places. The unique (workshop, user) key makes a second
 * registration impossible. Waitlist positions are ranks, computed when read: dense always.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(WorkshopRegistrationEntity)
    private readonly registrations: Repository<WorkshopRegistrationEntity>,
  ) {}

  /** CONFIRMED while places remain, else WAITLISTED; registering twice returns the same place. */
  async register(
    loaders: RequestLoaders,
    viewer: Viewer,
    workshopId: string,
  ): Promise<WorkshopRegistrationEntity> {
    const registration = await this.db.transaction(async (manager) => {
      const { workshop, existing } = await lockWithOwn(manager, viewer, workshopId);
      if (existing && existing.status !== RegistrationStatus.CANCELLED) return existing;
      if (!registrationOpen(workshop)) {
        throw AppError.conflict('error.conflict.registrationClosed');
      }
      const status = placeOnArrival(workshop);
      let id: string;
      if (existing) {
        // Registering again after a cancellation: a new place at the end of the queue.
        await manager.query(
          'UPDATE workshop_registration SET status = $2, queue_number = DEFAULT WHERE id = $1',
          [existing.id, status],
        );
        id = existing.id;
      } else {
        id = (
          await manager.save(
            manager.create(WorkshopRegistrationEntity, { workshopId, userId: viewer.id, status }),
          )
        ).id;
      }
      await moveCounts(manager, workshopId, status, +1);
      return manager.findOneByOrFail(WorkshopRegistrationEntity, { id });
    });
    this.noteChanged(loaders, viewer, registration);
    return registration;
  }

  /**
   * Gives the place up; a confirmed place goes to the first waitlisted person in the same
   * transaction. Cancelling twice returns the cancelled registration. Closed once the
   * workshop has started.
   */
  async cancel(
    loaders: RequestLoaders,
    viewer: Viewer,
    workshopId: string,
  ): Promise<WorkshopRegistrationEntity> {
    const registration = await this.db.transaction(async (manager) => {
      const { workshop, existing } = await lockWithOwn(manager, viewer, workshopId);
      if (!existing) throw AppError.notFound('registration');
      if (existing.status === RegistrationStatus.CANCELLED) return existing;
      if (!registrationOpen(workshop)) {
        throw AppError.conflict('error.conflict.registrationFrozen');
      }
      await manager.query('UPDATE workshop_registration SET status = $2 WHERE id = $1', [
        existing.id,
        RegistrationStatus.CANCELLED,
      ]);
      await moveCounts(manager, workshopId, existing.status, -1);
      await this.promote(manager, workshop, viewer.id, 'cancellation');
      return manager.findOneByOrFail(WorkshopRegistrationEntity, { id: existing.id });
    });
    this.noteChanged(loaders, viewer, registration);
    return registration;
  }

  /**
   * Fills free places from the waitlist, first in the queue first: adults and children are one
   * queue (child_registration draws its queue_number from the adults' sequence), so the first
   * waitlisted of either table goes first. Call with the workshop's row locked; reads the
   * counters afresh, since the caller may have just moved them. Returns the user ids told of
   * their place: the registrant, or a child's guardian.
   */
  async promote(
    manager: EntityManager,
    workshop: WorkshopEntity,
    actorId: string,
    cause: 'cancellation' | 'capacity',
  ): Promise<string[]> {
    const [{ capacity, registered_count: registered, waitlist_count: waiting }] =
      (await manager.query(
        'SELECT capacity, registered_count, waitlist_count FROM workshop WHERE id = $1',
        [workshop.id],
      )) as [{ capacity: number | null; registered_count: number; waitlist_count: number }];
    const free = capacity === null ? waiting : Math.min(waiting, capacity - registered);
    if (free <= 0) return [];
    const promoted = (await manager.query(
      `WITH queue AS (
         (SELECT id, queue_number, false AS child FROM workshop_registration
           WHERE workshop_id = $1 AND status = 'WAITLISTED')
         UNION ALL
         (SELECT id, queue_number, true FROM child_registration
           WHERE workshop_id = $1 AND status = 'WAITLISTED')
         ORDER BY queue_number LIMIT $2
       ), adults AS (
         UPDATE workshop_registration r SET status = 'CONFIRMED' FROM queue q
          WHERE r.id = q.id AND NOT q.child
         RETURNING r.id, r.user_id, r.queue_number, false AS child
       ), children AS (
         UPDATE child_registration r SET status = 'CONFIRMED' FROM queue q
          WHERE r.id = q.id AND q.child
         RETURNING r.id, r.guardian_id AS user_id, r.queue_number, true AS child
       )
       SELECT * FROM adults UNION ALL SELECT * FROM children ORDER BY queue_number`,
      [workshop.id, free],
    )) as { id: string; user_id: string; child: boolean }[];
    await manager.query(
      `UPDATE workshop SET registered_count = registered_count + $2,
                           waitlist_count = waitlist_count - $2 WHERE id = $1`,
      [workshop.id, promoted.length],
    );
    // The platform tells them (placesGiven names no one, and a child only as "your child"); an
    // organizer who raised the capacity of a workshop they waited for is not told of their own act.
    await placesGiven(
      manager,
      workshop,
      promoted
        .filter((r) => r.user_id !== actorId)
        .map((r) => ({ registrationId: r.id, userId: r.user_id, child: r.child })),
      cause,
    );
    return promoted.map((r) => r.user_id);
  }

  load(loaders: RequestLoaders, id: string): Promise<WorkshopRegistrationEntity | null> {
    return loaders
      .get(REGISTRATION_BY_ID, async (ids) =>
        byKeys(ids, await this.registrations.findBy({ id: In([...ids]) }), (r) => r.id),
      )
      .load(id);
  }

  /** The viewer's own registration at a workshop (any status), or null; none when anonymous. */
  async viewerRegistration(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    workshopId: string,
  ): Promise<WorkshopRegistrationEntity | null> {
    if (!viewer) return null;
    return loaders
      .get(
        VIEWER_REGISTRATION,
        async (workshopIds) =>
          byKeys(
            workshopIds,
            await this.registrations.findBy({
              userId: viewer.id,
              workshopId: In([...workshopIds]),
            }),
            (r) => r.workshopId,
          ),
        viewer.id,
      )
      .load(workshopId);
  }

  /**
   * 1-based rank in the workshop's one queue (adults and children) among the WAITLISTED; null
   * for any other status.
   */
  async waitlistPosition(
    loaders: RequestLoaders,
    registration: WorkshopRegistrationEntity,
  ): Promise<number | null> {
    if (registration.status !== RegistrationStatus.WAITLISTED) return null;
    return loaders
      .get(WAITLIST_POSITION, (ids) => waitlistPositions(this.db, 'workshop_registration', ids))
      .load(registration.id);
  }

  /**
   * A workshop's registrations in queue order, for its organizer's staff and admins only.
   * Batched over the workshops of a page (one LATERAL query for all of them); the registrants
   * load through the users' loader, also batched.
   */
  list(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    workshop: WorkshopEntity,
    status: RegistrationStatus | null | undefined,
    args: ConnectionArgs,
  ): Promise<Connection<WorkshopRegistrationEntity>> {
    if (!viewer) throw AppError.unauthenticated();
    assertOrganizes(viewer, workshop);
    // `status` is a validated enum value, so it may be written into the SQL as a literal.
    const spec: GroupedPages<WorkshopRegistrationEntity> = {
      repository: this.registrations,
      alias: 'r',
      groupColumn: 'workshop_id',
      where: status ? `r.status = '${RegistrationStatus[status]}'` : undefined,
      ordering: QUEUE_ORDER,
    };
    return loaders
      .get(
        REGISTRATIONS_OF_WORKSHOP,
        (ids) => paginateGroups(spec, ids, args),
        `${status ?? ''}:${JSON.stringify(args)}`,
      )
      .load(workshop.id);
  }

  private noteChanged(
    loaders: RequestLoaders,
    viewer: Viewer,
    registration: WorkshopRegistrationEntity,
  ): void {
    loaders
      .get(VIEWER_REGISTRATION, async () => [], viewer.id)
      .clear(registration.workshopId)
      .prime(registration.workshopId, registration);
  }
}

/**
 * Where each of `ids` (rows of `table`) stands in its workshop's waitlist: its 1-based rank
 * among the WAITLISTED of both tables, which share one queue; null when it is not waiting.
 */
export async function waitlistPositions(
  db: DataSource,
  table: 'workshop_registration' | 'child_registration',
  ids: readonly string[],
): Promise<(number | null)[]> {
  const rows = (await db.query(
    `SELECT r.id,
            (SELECT count(*) FROM workshop_registration w
              WHERE w.workshop_id = r.workshop_id AND w.status = 'WAITLISTED'
                AND w.queue_number <= r.queue_number)::int
          + (SELECT count(*) FROM child_registration c
              WHERE c.workshop_id = r.workshop_id AND c.status = 'WAITLISTED'
                AND c.queue_number <= r.queue_number)::int AS position
       FROM ${table} r WHERE r.id = ANY($1) AND r.status = 'WAITLISTED'`,
    [ids],
  )) as { id: string; position: number }[];
  const byId = new Map(rows.map((row) => [row.id, row.position]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** CONFIRMED while places remain, else WAITLISTED: a newcomer's place, adult or child. */
export function placeOnArrival(workshop: WorkshopEntity): RegistrationStatus {
  return workshop.capacity === null || workshop.registeredCount < workshop.capacity
    ? RegistrationStatus.CONFIRMED
    : RegistrationStatus.WAITLISTED;
}

/**
 * Moves the workshop's counter of `status` by `by`; CANCELLED has none. Adults' and children's
 * registrations move the same counters, under the workshop's lock.
 */
export async function moveCounts(
  manager: EntityManager,
  workshopId: string,
  status: RegistrationStatus,
  by: 1 | -1,
): Promise<void> {
  const column =
    status === RegistrationStatus.CONFIRMED
      ? 'registered_count'
      : status === RegistrationStatus.WAITLISTED
        ? 'waitlist_count'
        : null;
  if (column) {
    await manager.query(`UPDATE workshop SET ${column} = ${column} + $2 WHERE id = $1`, [
      workshopId,
      by,
    ]);
  }
}
