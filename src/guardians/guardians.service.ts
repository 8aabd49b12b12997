import { Injectable } from '@nestjs/common';
import { pageSize, type ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { encodeCursor } from '../core/graphql/relay/cursor.js';
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
import {
  lockWorkshop,
  moveCounts,
  placeOnArrival,
  RegistrationsService,
  waitlistPositions,
} from '../workshops/registrations.service.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import { RegistrationStatus, registrationOpen } from '../workshops/workshop-status.js';
import {
  ChildEntity,
  ChildRegistrationEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
} from './child.entity.js';
import type {
  AddChildInput,
  PublishGuardianConsentTextArgs,
  RegisterChildInput,
} from './dto/guardians.inputs.js';
import { GUARDIAN_LIMITS } from './dto/guardians.inputs.js';
import { isGuardian } from './guardian-access.js';
import { assertAdult, assertChildAge, assertMinorBirthYear } from './guardian-eligibility.js';

const CHILD_BY_ID = new LoaderKey<string, ChildEntity | null>('child-by-id');
const CHILD_REGISTRATION_BY_ID = new LoaderKey<string, ChildRegistrationEntity | null>(
  'child-registration-by-id',
);
const CONSENT_BY_ID = new LoaderKey<string, GuardianConsentEntity | null>('guardian-consent-by-id');
const CHILDREN_OF_GUARDIAN = new LoaderKey<string, ChildEntity[]>('children-of-guardian');
const CHILD_REGISTRATIONS_OF_GUARDIAN = new LoaderKey<string, ChildRegistrationEntity[]>(
  'child-registrations-of-guardian',
);
const CONSENTS_OF_GUARDIAN = new LoaderKey<string, GuardianConsentEntity[]>('consents-of-guardian');
const CHILD_WAITLIST_POSITION = new LoaderKey<string, number | null>('child-waitlist-position');
const CHILD_REGISTRATIONS_OF_WORKSHOP = new LoaderKey<string, Connection<ChildRegistrationEntity>>(
  'child-registrations-of-workshop',
);

/** The workshop's queue, as the adults' list orders it: one sequence numbers both. */
const QUEUE_ORDER: KeysetOrdering<ChildRegistrationEntity> = {
  name: 'child-registrations-queue',
  direction: 'ASC',
  keys: [{ expression: 'c.queue_number', sqlType: 'int', value: (r) => r.queueNumber }],
};

/**
 * Children and their guardians' consent (PIPA art. 22-2). A child's registration is a place in
 * the workshop's one queue: it moves the workshop's counters under the workshop's lock, as an
 * adult's does (workshops/registrations.service.ts), and a place it frees goes to the next in
 * the queue, adult or child. Lock order, everywhere: the child's row, then workshops by id; so
 * a withdrawal and a registration of the same child wait for each other and never deadlock.
 */
@Injectable()
export class GuardiansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ChildRegistrationEntity)
    private readonly childRegistrations: Repository<ChildRegistrationEntity>,
    private readonly registrations: RegistrationsService,
  ) {}

  /**
   * A signed-in adult adds a child of theirs: a first name and a birth year (a minor's), at
   * most GUARDIAN_LIMITS.children of them. The guardian's row is locked, so children added at
   * once are counted one after the other.
   */
  async addChild(viewer: Viewer, input: AddChildInput, now = new Date()): Promise<ChildEntity> {
    assertMinorBirthYear('birthYear', input.birthYear, now);
    return this.db.transaction(async (manager) => {
      const guardian = await manager.findOneOrFail(UserEntity, {
        where: { id: viewer.id },
        lock: { mode: 'for_no_key_update' },
      });
      assertAdult(guardian.birthYear, now);
      const count = await manager.countBy(ChildEntity, { guardianId: viewer.id });
      if (count >= GUARDIAN_LIMITS.children) {
        throw AppError.conflict(
          text('error.conflict.tooManyChildren', { maximum: GUARDIAN_LIMITS.children }),
        );
      }
      return manager.save(
        manager.create(ChildEntity, {
          guardianId: viewer.id,
          firstName: input.firstName,
          birthYear: input.birthYear,
        }),
      );
    });
  }

  /**
   * The guardian registers their child, consenting to the current text: the consent, then the
   * place (CONFIRMED while places remain, else WAITLISTED), in one transaction under the
   * workshop's lock. Registering an active child again returns its place unchanged.
   */
  async registerChild(
    viewer: Viewer,
    input: RegisterChildInput,
    now = new Date(),
  ): Promise<ChildRegistrationEntity> {
    return this.db.transaction(async (manager) => {
      // FOR KEY SHARE: registrations of one child do not wait for one another (the workshop's
      // lock orders them), but a withdrawal (FOR UPDATE) is waited for, and waits for them.
      const child = await manager.findOne(ChildEntity, {
        where: { id: input.childId },
        lock: { mode: 'for_key_share' },
      });
      if (!child || !isGuardian(viewer, child)) throw AppError.notFound('child');
      const workshop = await lockWorkshop(manager, input.workshopId);
      const existing = await manager.findOneBy(ChildRegistrationEntity, {
        workshopId: workshop.id,
        childId: child.id,
      });
      if (existing && existing.status !== RegistrationStatus.CANCELLED) return existing;
      if (!registrationOpen(workshop, now)) {
        throw AppError.conflict('error.conflict.registrationClosed');
      }
      if (!workshop.childrenAllowed) throw AppError.conflict('error.conflict.childrenNotAllowed');
      assertChildAge(child.birthYear, workshop);
      const current = await currentConsentText(manager);
      if (input.consentTextVersion !== current.version) {
        throw AppError.badField('consentTextVersion', 'field.consentTextOutdated', {
          current: current.version,
        });
      }
      const consent = await manager.save(
        manager.create(GuardianConsentEntity, {
          childId: child.id,
          guardianId: viewer.id,
          workshopId: workshop.id,
          consentTextVersion: current.version,
          relationship: input.relationship,
          givenAt: now,
          withdrawnAt: null,
        }),
      );
      const status = placeOnArrival(workshop);
      const contact = input.guardianContact ?? null;
      let id: string;
      if (existing) {
        // Again after a cancellation: a new place at the end of the queue, under the new consent.
        await manager.query(
          `UPDATE child_registration
              SET status = $2, queue_number = DEFAULT, consent_id = $3, guardian_contact = $4
            WHERE id = $1`,
          [existing.id, status, consent.id, contact],
        );
        id = existing.id;
      } else {
        id = (
          await manager.save(
            manager.create(ChildRegistrationEntity, {
              workshopId: workshop.id,
              childId: child.id,
              guardianId: viewer.id,
              status,
              consentId: consent.id,
              guardianContact: contact,
            }),
          )
        ).id;
      }
      await moveCounts(manager, workshop.id, status, +1);
      return manager.findOneByOrFail(ChildRegistrationEntity, { id });
    });
  }

  /**
   * The guardian gives the child's place up, as an adult cancels (closed once the workshop has
   * started); a confirmed place goes to the next in the queue. Cancelling twice returns the
   * cancelled registration.
   */
  async cancelChildRegistration(viewer: Viewer, id: string): Promise<ChildRegistrationEntity> {
    return this.db.transaction(async (manager) => {
      const found = await manager.findOneBy(ChildRegistrationEntity, { id });
      if (!found || !isGuardian(viewer, found)) throw AppError.notFound('childRegistration');
      const workshop = await lockWorkshop(manager, found.workshopId);
      // Read again under the lock: a promotion or a withdrawal may have moved it meanwhile.
      const registration = await manager.findOneBy(ChildRegistrationEntity, { id });
      if (!registration) throw AppError.notFound('childRegistration');
      if (registration.status === RegistrationStatus.CANCELLED) return registration;
      if (!registrationOpen(workshop)) {
        throw AppError.conflict('error.conflict.registrationFrozen');
      }
      await this.endPlace(manager, workshop, registration, viewer.id, true);
      return manager.findOneByOrFail(ChildRegistrationEntity, { id });
    });
  }

  /**
   * The guardian withdraws consent for a child: every consent of the child is marked
   * withdrawn, each active place is given up (the next in each queue promoted), and the child
   * and its registrations, with the contact the guardian shared, are deleted. What stays is
   * what the law requires: the consent records (guardian, workshop, text version,
   * relationship, given and withdrawn), which no longer point at any child.
   */
  async withdrawConsent(viewer: Viewer, childId: string, now = new Date()): Promise<true> {
    await this.db.transaction(async (manager) => {
      const child = await manager.findOne(ChildEntity, {
        where: { id: childId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!child || !isGuardian(viewer, child)) throw AppError.notFound('child');
      await manager.query(
        `UPDATE guardian_consent SET withdrawn_at = $2 WHERE child_id = $1 AND withdrawn_at IS NULL`,
        [childId, now],
      );
      const held = (await manager.query(
        `SELECT id, workshop_id FROM child_registration
          WHERE child_id = $1 AND status IN ('CONFIRMED', 'WAITLISTED') ORDER BY workshop_id`,
        [childId],
      )) as { id: string; workshop_id: string }[];
      for (const { id, workshop_id: workshopId } of held) {
        const workshop = await lockWorkshop(manager, workshopId);
        const registration = await manager.findOneByOrFail(ChildRegistrationEntity, { id });
        if (registration.status === RegistrationStatus.CANCELLED) continue;
        // Once the workshop has started its places are no longer given out (as no one may
        // cancel then), but the counters still lose the child.
        await this.endPlace(
          manager,
          workshop,
          registration,
          viewer.id,
          registrationOpen(workshop, now),
        );
      }
      // The child's registrations go with it (ON DELETE CASCADE); its consents keep their
      // record with child_id set null (ON DELETE SET NULL).
      await manager.delete(ChildEntity, { id: childId });
    });
    return true;
  }

  /** The text guardians consent to now: the one published last. */
  currentConsentText(): Promise<ConsentTextEntity> {
    return currentConsentText(this.db.manager);
  }

  /**
   * An admin publishes a new version of the consent text; it is the current one from now on,
   * and registering with an older version is refused. Its published_at is after every other
   * one's, whatever the clocks say, so it is the current one.
   */
  async publishConsentText(args: PublishGuardianConsentTextArgs): Promise<ConsentTextEntity> {
    const rows = (await this.db.query(
      `INSERT INTO consent_text (version, text, published_at)
       SELECT $1, $2, greatest($3::timestamptz,
                               (SELECT max(published_at) FROM consent_text) + interval '1 millisecond')
       ON CONFLICT (version) DO NOTHING
       RETURNING version`,
      [args.version, args.text, new Date()],
    )) as { version: string }[];
    if (!rows.length) {
      throw AppError.conflict(
        text('error.conflict.consentTextVersionTaken', { version: args.version }),
      );
    }
    return this.db.manager.findOneByOrFail(ConsentTextEntity, { version: args.version });
  }

  loadChild(loaders: RequestLoaders, id: string): Promise<ChildEntity | null> {
    return loaders
      .get(CHILD_BY_ID, async (ids) =>
        byKeys(ids, await this.db.manager.findBy(ChildEntity, { id: In([...ids]) }), (c) => c.id),
      )
      .load(id);
  }

  loadRegistration(loaders: RequestLoaders, id: string): Promise<ChildRegistrationEntity | null> {
    return loaders
      .get(CHILD_REGISTRATION_BY_ID, async (ids) =>
        byKeys(ids, await this.childRegistrations.findBy({ id: In([...ids]) }), (r) => r.id),
      )
      .load(id);
  }

  loadConsent(loaders: RequestLoaders, id: string): Promise<GuardianConsentEntity | null> {
    return loaders
      .get(CONSENT_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.manager.findBy(GuardianConsentEntity, { id: In([...ids]) }),
          (c) => c.id,
        ),
      )
      .load(id);
  }

  /** A guardian's children, in the order they were added. */
  childrenOf(loaders: RequestLoaders, guardianId: string): Promise<ChildEntity[]> {
    return loaders
      .get(CHILDREN_OF_GUARDIAN, async (ids) =>
        groupByKeys(
          ids,
          await this.db.manager.find(ChildEntity, {
            where: { guardianId: In([...ids]) },
            order: { createdAt: 'ASC', id: 'ASC' },
          }),
          (c) => c.guardianId,
        ),
      )
      .load(guardianId);
  }

  /**
   * A guardian's children's registrations, the newest first, at most GUARDIAN_LIMITS.listed.
   * Only the guardian reads them (readsOwnChildren), so a request asks for one guardian: one
   * LIMITed statement each, never a history read whole (register and cancel add rows).
   */
  registrationsOf(loaders: RequestLoaders, guardianId: string): Promise<ChildRegistrationEntity[]> {
    return loaders
      .get(CHILD_REGISTRATIONS_OF_GUARDIAN, (ids) =>
        Promise.all(
          ids.map((id) =>
            this.childRegistrations.find({
              where: { guardianId: id },
              order: { createdAt: 'DESC', id: 'ASC' },
              take: GUARDIAN_LIMITS.listed,
            }),
          ),
        ),
      )
      .load(guardianId);
  }

  /** A guardian's consent records, the newest first, at most GUARDIAN_LIMITS.listed (as above). */
  consentsOf(loaders: RequestLoaders, guardianId: string): Promise<GuardianConsentEntity[]> {
    return loaders
      .get(CONSENTS_OF_GUARDIAN, (ids) =>
        Promise.all(
          ids.map((id) =>
            this.db.manager.find(GuardianConsentEntity, {
              where: { guardianId: id },
              order: { givenAt: 'DESC', id: 'ASC' },
              take: GUARDIAN_LIMITS.listed,
            }),
          ),
        ),
      )
      .load(guardianId);
  }

  /** 1-based rank in the workshop's one queue (adults and children) while WAITLISTED. */
  async waitlistPosition(
    loaders: RequestLoaders,
    registration: ChildRegistrationEntity,
  ): Promise<number | null> {
    if (registration.status !== RegistrationStatus.WAITLISTED) return null;
    return loaders
      .get(CHILD_WAITLIST_POSITION, (ids) => waitlistPositions(this.db, 'child_registration', ids))
      .load(registration.id);
  }

  /**
   * A workshop's children holding or awaiting a place, in queue order: the caller checked
   * that the viewer organizes it. Batched over the workshops of a page (one LATERAL query).
   */
  async ofWorkshop(
    loaders: RequestLoaders,
    workshopId: string,
    args: ConnectionArgs,
  ): Promise<ChildRegistrationEntity[]> {
    const page = {
      first: pageSize(args),
      after: args.after ?? null,
    };
    const spec: GroupedPages<ChildRegistrationEntity> = {
      repository: this.childRegistrations,
      alias: 'c',
      groupColumn: 'workshop_id',
      where: `c.status IN ('CONFIRMED', 'WAITLISTED')`,
      ordering: QUEUE_ORDER,
    };
    const connection = await loaders
      .get(
        CHILD_REGISTRATIONS_OF_WORKSHOP,
        (ids) => paginateGroups(spec, ids, page),
        JSON.stringify(page),
      )
      .load(workshopId);
    return connection.nodes;
  }

  /** Where Workshop.childRegistrations(after:) continues after this registration. */
  cursorOf(registration: ChildRegistrationEntity): string {
    return encodeCursor(QUEUE_ORDER.name, [registration.queueNumber]);
  }

  /**
   * Ends an active place: CANCELLED, the counters moved, and (when `promote`) the freed place
   * given to the next in the queue. Under the workshop's lock.
   */
  private async endPlace(
    manager: EntityManager,
    workshop: WorkshopEntity,
    registration: ChildRegistrationEntity,
    actorId: string,
    promote: boolean,
  ): Promise<void> {
    await manager.query('UPDATE child_registration SET status = $2 WHERE id = $1', [
      registration.id,
      RegistrationStatus.CANCELLED,
    ]);
    await moveCounts(manager, workshop.id, registration.status, -1);
    if (promote) await this.registrations.promote(manager, workshop, actorId, 'cancellation');
  }
}

/** The consent text published last. */
async function currentConsentText(manager: EntityManager): Promise<ConsentTextEntity> {
  const [current] = await manager.find(ConsentTextEntity, {
    order: { publishedAt: 'DESC' },
    take: 1,
  });
  // The migration publishes the first version, so there always is one.
  return current!;
}
