import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { cityYear } from '../../budgets/eligibility.js';
import { RegistrationStatus } from '../../workshops/workshop-status.js';
import {
  ChildEntity,
  ChildRegistrationEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
} from '../child.entity.js';

/**
 * Test data for children and their guardians' consent, written straight into the tables (the
 * API is what tests exercise). The workshop's counters move with a registration, as the
 * service moves them, so that a seeded workshop holds together.
 */

/** A child of `guardianId`, born 8 years before `now` unless told otherwise. */
export async function createChildRow(
  db: DataSource,
  guardianId: string,
  overrides: Partial<Pick<ChildEntity, 'firstName' | 'birthYear'>> = {},
  now = new Date(),
): Promise<ChildEntity> {
  return db.getRepository(ChildEntity).save({
    guardianId,
    firstName: `아이${randomBytes(3).toString('hex')}`,
    birthYear: cityYear(now) - 8,
    ...overrides,
  });
}

/** The consent text in force: the one published last. */
export async function currentConsentVersion(db: DataSource): Promise<string> {
  const [current] = await db
    .getRepository(ConsentTextEntity)
    .find({ order: { publishedAt: 'DESC' }, take: 1 });
  return current!.version;
}

/** The guardian's consent to `child`'s registration at `workshopId`, to the current text. */
export async function createConsentRow(
  db: DataSource,
  child: ChildEntity,
  workshopId: string,
  overrides: Partial<
    Pick<GuardianConsentEntity, 'relationship' | 'givenAt' | 'consentTextVersion'>
  > = {},
): Promise<GuardianConsentEntity> {
  return db.getRepository(GuardianConsentEntity).save({
    childId: child.id,
    guardianId: child.guardianId,
    workshopId,
    consentTextVersion: overrides.consentTextVersion ?? (await currentConsentVersion(db)),
    relationship: overrides.relationship ?? '어머니',
    givenAt: overrides.givenAt ?? new Date(),
    withdrawnAt: null,
  });
}

/**
 * `child`'s registration at `workshopId` under a new consent, CONFIRMED unless told otherwise,
 * at the end of the workshop's queue; the workshop's counter of that status moves by one.
 */
export async function createChildRegistrationRow(
  db: DataSource,
  child: ChildEntity,
  workshopId: string,
  options: {
    status?: RegistrationStatus;
    guardianContact?: string | null;
    relationship?: string;
  } = {},
): Promise<ChildRegistrationEntity> {
  const status = options.status ?? RegistrationStatus.CONFIRMED;
  const consent = await createConsentRow(db, child, workshopId, {
    relationship: options.relationship,
  });
  const registration = await db.getRepository(ChildRegistrationEntity).save({
    workshopId,
    childId: child.id,
    guardianId: child.guardianId,
    status,
    consentId: consent.id,
    guardianContact: options.guardianContact ?? null,
  });
  const column =
    status === RegistrationStatus.CONFIRMED
      ? 'registered_count'
      : status === RegistrationStatus.WAITLISTED
        ? 'waitlist_count'
        : null;
  if (column) {
    await db.query(`UPDATE workshop SET ${column} = ${column} + 1 WHERE id = $1`, [workshopId]);
  }
  return db.getRepository(ChildRegistrationEntity).findOneByOrFail({ id: registration.id });
}
