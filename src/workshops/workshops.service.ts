import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { canSeeProposal } from '../proposals/proposal-access.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import type {
  CreateWorkshopInput,
  PublishWorkshopOutcomeInput,
  UpdateWorkshopInput,
  WorkshopFilter,
} from './dto/workshop.inputs.js';
import { actorOf, workshopUpdated } from '../notifications/who-hears-what.js';
import { assertOrganizes, organizerFor } from './workshop-access.js';
import { WorkshopEntity, WorkshopProposalEntity } from './workshop.entity.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { lockWorkshop, RegistrationsService } from './registrations.service.js';
import { registrationOpen } from './workshop-status.js';
import { workshopUpdatedWebhook } from '../webhooks/webhook-events.js';

const WORKSHOP_BY_ID = new LoaderKey<string, WorkshopEntity | null>('workshop-by-id');
const PROPOSAL_IDS_OF_WORKSHOP = new LoaderKey<string, string[]>('proposal-ids-of-workshop');
const WORKSHOP_IDS_OF_PROPOSAL = new LoaderKey<string, string[]>('workshop-ids-of-proposal');

function byStart(direction: 'ASC' | 'DESC'): KeysetOrdering<WorkshopEntity> {
  return {
    name: `workshops-starts-${direction}`,
    direction,
    keys: [
      { expression: 'w.starts_at', sqlType: 'timestamptz', value: (w) => w.startsAt.toISOString() },
      { expression: 'w.id', sqlType: 'uuid', value: (w) => w.id },
    ],
  };
}

/**
 * Upcoming workshops soonest first, then those that have started, the most recent first: what
 * a citizen opening the list expects. One direction for every key (so one row comparison seeks
 * to a cursor): the group (0 upcoming, 1 started), then the start time, mirrored around the
 * Unix epoch for the started group (so that later sorts first). The mirror stays a timestamp,
 * exact to the microsecond, so a cursor holds a time that Postgres checks as one. `now` is
 * bound into the SQL and read by the cursor's values alike, so the two agree on which side of
 * the line a workshop is.
 */
function upcomingFirst(now: Date): KeysetOrdering<WorkshopEntity> {
  const started = 'w.starts_at <= :now';
  return {
    name: 'workshops-upcoming-first',
    direction: 'ASC',
    keys: [
      {
        expression: `(CASE WHEN ${started} THEN 1 ELSE 0 END)`,
        sqlType: 'int',
        value: (w) => (registrationOpen(w, now) ? 0 : 1),
      },
      {
        expression: `(CASE WHEN ${started} THEN 'epoch'::timestamptz - (w.starts_at - 'epoch'::timestamptz) ELSE w.starts_at END)`,
        sqlType: 'timestamptz',
        value: (w) =>
          new Date(
            registrationOpen(w, now) ? w.startsAt.getTime() : -w.startsAt.getTime(),
          ).toISOString(),
      },
      { expression: 'w.id', sqlType: 'uuid', value: (w) => w.id },
    ],
  };
}

/** Workshops: creation and editing by their organizer, lists, outcomes and linked proposals. */
@Injectable()
export class WorkshopsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(WorkshopEntity) private readonly workshops: Repository<WorkshopEntity>,
    private readonly proposals: ProposalsService,
    private readonly registrations: RegistrationsService,
  ) {}

  load(loaders: RequestLoaders, id: string): Promise<WorkshopEntity | null> {
    return this.byIdLoader(loaders).load(id);
  }

  /**
   * Workshops by start: `upcoming: true` soonest first, `upcoming: false` (those that have
   * started) the most recent first, neither: the upcoming ones then the started ones. Upcoming
   * means what registrationOpen means, on the application's clock.
   */
  list(
    filter: WorkshopFilter & { processId?: string | null },
    args: ConnectionArgs,
    now = new Date(),
  ): Promise<Connection<WorkshopEntity>> {
    const query = this.workshops.createQueryBuilder('w').where('TRUE').setParameter('now', now);
    if (filter.upcoming === true) query.andWhere('w.starts_at > :now');
    if (filter.upcoming === false) query.andWhere('w.starts_at <= :now');
    if (filter.processId)
      query.andWhere('w.process_id = :processId', { processId: filter.processId });
    if (filter.kind) query.andWhere('w.kind = :kind', { kind: filter.kind });
    const ordering =
      filter.upcoming == null ? upcomingFirst(now) : byStart(filter.upcoming ? 'ASC' : 'DESC');
    return paginate(query, args, ordering);
  }

  async create(viewer: Viewer, input: CreateWorkshopInput): Promise<WorkshopEntity> {
    const organizerId = organizerFor(viewer, input.organizerId);
    assertTimes(input.startsAt, input.endsAt);
    assertAges(input.minimumAge ?? null, input.maximumAge ?? null);
    return this.db.transaction(async (manager) => {
      const problems = [];
      if (!(await manager.existsBy(DepartmentEntity, { id: organizerId })))
        problems.push(fieldProblem('organizerId', 'field.namesNoDepartment'));
      if (input.processId && !(await manager.existsBy(ProcessEntity, { id: input.processId })))
        problems.push(fieldProblem('processId', 'field.namesNoProcess'));
      if (problems.length) throw AppError.badInput(problems);
      return manager.save(
        manager.create(WorkshopEntity, {
          title: input.title,
          description: input.description,
          kind: input.kind,
          processId: input.processId ?? null,
          organizerId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          location: input.location ?? null,
          capacity: input.capacity ?? null,
          childrenAllowed: input.childrenAllowed ?? false,
          minimumAge: input.minimumAge ?? null,
          maximumAge: input.maximumAge ?? null,
        }),
      );
    });
  }

  /**
   * The organizer edits; the row is locked, so a capacity change and registrations are applied
   * one after the other. Raising the capacity promotes waitlisted people in queue order.
   */
  async update(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: UpdateWorkshopInput,
  ): Promise<WorkshopEntity> {
    const workshop = await this.db.transaction(async (manager) => {
      const workshop = await lockWorkshop(manager, input.id);
      assertOrganizes(viewer, workshop);
      const startsAt = input.startsAt ?? workshop.startsAt;
      const endsAt = input.endsAt ?? workshop.endsAt;
      assertTimes(startsAt, endsAt);
      if (input.title != null) workshop.title = input.title;
      if (input.description != null) workshop.description = input.description;
      workshop.startsAt = startsAt;
      workshop.endsAt = endsAt;
      if (input.location !== undefined) workshop.location = input.location;
      if (input.childrenAllowed != null) workshop.childrenAllowed = input.childrenAllowed;
      if (input.minimumAge !== undefined) workshop.minimumAge = input.minimumAge;
      if (input.maximumAge !== undefined) workshop.maximumAge = input.maximumAge;
      assertAges(workshop.minimumAge, workshop.maximumAge);
      if (input.capacity !== undefined) {
        if (input.capacity !== null && input.capacity < workshop.registeredCount) {
          throw AppError.conflict(
            text('error.conflict.capacityBelowConfirmed', { count: workshop.registeredCount }),
          );
        }
        workshop.capacity = input.capacity;
      }
      workshop.updatedAt = new Date();
      await manager.save(workshop);
      const promoted = await this.registrations.promote(manager, workshop, viewer.id, 'capacity');
      // The newly confirmed already heard of it; everyone else holding or awaiting a place hears of the change.
      await workshopUpdated(manager, actorOf(viewer), workshop, 'changed', promoted);
      await workshopUpdatedWebhook(manager, workshop.id, 'changed');
      return manager.findOneByOrFail(WorkshopEntity, { id: workshop.id });
    });
    this.byIdLoader(loaders).clear(workshop.id).prime(workshop.id, workshop);
    return workshop;
  }

  /** The organizer publishes (or corrects) the results and the proposals that came out of it. */
  async publishOutcome(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: PublishWorkshopOutcomeInput,
  ): Promise<WorkshopEntity> {
    const workshop = await this.db.transaction(async (manager) => {
      const workshop = await lockWorkshop(manager, input.workshopId);
      assertOrganizes(viewer, workshop);
      let linkedAt: Date | undefined;
      if (new Date() < workshop.startsAt) {
        throw AppError.conflict('error.conflict.outcomeBeforeStart');
      }
      if (input.proposalIds) {
        const ids = input.proposalIds;
        const found = ids.length ? await manager.findBy(ProposalEntity, { id: In(ids) }) : [];
        // A proposal the organizer cannot see is as good as missing.
        if (found.filter((p) => canSeeProposal(viewer, p)).length !== ids.length) {
          throw AppError.badField('proposalIds', 'field.namesNoProposal');
        }
        const linkedBefore = new Set(
          (await manager.findBy(WorkshopProposalEntity, { workshopId: workshop.id })).map(
            (link) => link.proposalId,
          ),
        );
        await manager.delete(WorkshopProposalEntity, { workshopId: workshop.id });
        if (ids.length) {
          await manager.insert(
            WorkshopProposalEntity,
            ids.map((proposalId) => ({ workshopId: workshop.id, proposalId })),
          );
        }
        linkedAt = new Date();
        // A corrected outcome that keeps a proposal is not a new link: only new ones are events.
        for (const proposalId of new Set(ids)) {
          if (linkedBefore.has(proposalId)) continue;
          await recordProposalEvent(manager, {
            proposalId,
            kind: ProposalEventKind.WORKSHOP_LINKED,
            actor: { userId: viewer.id, departmentId: workshop.organizerId },
            at: linkedAt,
          });
        }
      }
      workshop.outcome = input.outcome;
      workshop.outcomePublishedAt = linkedAt ?? new Date();
      await workshopUpdated(manager, actorOf(viewer), workshop, 'outcome');
      await workshopUpdatedWebhook(manager, workshop.id, 'outcome');
      return manager.save(workshop);
    });
    this.byIdLoader(loaders).clear(workshop.id).prime(workshop.id, workshop);
    return workshop;
  }

  /** The proposals linked to a workshop that the viewer may see, in a stable order. */
  async proposalsOf(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    workshopId: string,
  ): Promise<ProposalEntity[]> {
    const ids = await loaders
      .get(PROPOSAL_IDS_OF_WORKSHOP, async (workshopIds) => {
        const rows = await this.db.getRepository(WorkshopProposalEntity).find({
          where: { workshopId: In([...workshopIds]) },
          order: { proposalId: 'ASC' },
        });
        return groupByKeys(workshopIds, rows, (r) => r.workshopId).map((group) =>
          group.map((r) => r.proposalId),
        );
      })
      .load(workshopId);
    const proposals = await Promise.all(
      ids.map((id) => this.proposals.findVisible(loaders, viewer, id)),
    );
    return proposals.filter((p): p is ProposalEntity => p !== null);
  }

  /** The workshops a proposal is linked to, soonest first. */
  async workshopsOf(loaders: RequestLoaders, proposalId: string): Promise<WorkshopEntity[]> {
    const ids = await loaders
      .get(WORKSHOP_IDS_OF_PROPOSAL, async (proposalIds) => {
        const rows = await this.db.getRepository(WorkshopProposalEntity).find({
          where: { proposalId: In([...proposalIds]) },
        });
        return groupByKeys(proposalIds, rows, (r) => r.proposalId).map((group) =>
          group.map((r) => r.workshopId),
        );
      })
      .load(proposalId);
    const workshops = (await Promise.all(ids.map((id) => this.load(loaders, id)))).filter(
      (w): w is WorkshopEntity => w !== null,
    );
    return workshops.sort(
      (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(WORKSHOP_BY_ID, async (ids) =>
      byKeys(ids, await this.workshops.findBy({ id: In([...ids]) }), (w) => w.id),
    );
  }
}

function assertTimes(startsAt: Date, endsAt: Date): void {
  if (!(endsAt > startsAt)) throw AppError.badField('endsAt', 'field.afterStart');
}

/** The children's age range, when both ends are set, is not empty (the table's CHECK agrees). */
function assertAges(minimumAge: number | null, maximumAge: number | null): void {
  if (minimumAge !== null && maximumAge !== null && maximumAge < minimumAge) {
    throw AppError.badField('maximumAge', 'field.atLeastMinimumAge');
  }
}
