import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { TestApp } from '../helpers/test-app.js';

/** Shared documents and tools of the guardians' end-to-end tests (not a test file). */

/** Mid-2031 in Seoul: far from a year's edge, so ages and birth years are plain arithmetic. */
export const T0 = new Date('2031-06-10T03:00:00.000Z');
export const YEAR = 2031;
export const DAY = 86_400_000;

export const gid = (type: string, id: string) => toGlobalId(type, id);

// ---- documents -------------------------------------------------------------------------------

export const CHILD_REGISTRATION_FIELDS = `id status waitlistPosition guardianContact cursor
  workshop { id } child { id firstName birthYear } guardian { id displayName }
  consent { consentTextVersion relationship givenAt withdrawnAt workshop { id } }`;

export const ADD_CHILD = `mutation AddChild($input: AddChildInput!) {
  addChild(input: $input) { id firstName birthYear } }`;
export const REGISTER_CHILD = `mutation RegisterChild($input: RegisterChildInput!) {
  registerChild(input: $input) { ${CHILD_REGISTRATION_FIELDS} } }`;
export const CANCEL_CHILD = `mutation CancelChild($id: ID!) {
  cancelChildRegistration(id: $id) { ${CHILD_REGISTRATION_FIELDS} } }`;
export const WITHDRAW = `mutation Withdraw($childId: ID!) { withdrawGuardianConsent(childId: $childId) }`;
export const CONSENT_TEXT = `query { guardianConsentText { version text publishedAt } }`;
export const MINE = `query Mine { me { id
  children { id firstName birthYear }
  childRegistrations { ${CHILD_REGISTRATION_FIELDS} }
  guardianConsents { consentTextVersion relationship givenAt withdrawnAt workshop { id } } } }`;
export const WORKSHOP_CHILDREN = `query WorkshopChildren($id: ID!, $first: Int, $after: String) {
  workshop(id: $id) { registeredCount waitlistCount
    childRegistrations(first: $first, after: $after) { ${CHILD_REGISTRATION_FIELDS} } } }`;
export const REGISTER_ADULT = `mutation Register($id: ID!) { registerForWorkshop(workshopId: $id) {
  id status waitlistPosition } }`;
export const CANCEL_ADULT = `mutation Cancel($id: ID!) { cancelWorkshopRegistration(workshopId: $id) {
  id status } }`;
export const NODE = `query Node($id: ID!) { node(id: $id) { __typename id
  ... on Child { firstName birthYear }
  ... on ChildRegistration { status guardianContact child { firstName } } } }`;

// ---- data ------------------------------------------------------------------------------------

/** A signed-in user born in `birthYear` (null: not given), created at the frozen clock. */
export async function person(
  t: TestApp,
  birthYear: number | null = 1985,
  overrides: Parameters<typeof createUser>[2] = {},
): Promise<TestUser> {
  const created = await createUser(t.db, t.jwt, overrides);
  await t.db.query('UPDATE app_user SET birth_year = $2 WHERE id = $1', [
    created.user.id,
    birthYear,
  ]);
  created.user.birthYear = birthYear;
  return created;
}

export interface WorkshopOptions {
  capacity?: number | null;
  childrenAllowed?: boolean;
  minimumAge?: number | null;
  maximumAge?: number | null;
  /** Default: a day after T0. */
  startsAt?: Date;
}

/** A DESIGN_CAMP of `organizerId`, straight into the table (creation is tested on its own). */
export async function workshopRow(
  db: DataSource,
  organizerId: string,
  options: WorkshopOptions = {},
): Promise<string> {
  const startsAt = options.startsAt ?? new Date(T0.getTime() + DAY);
  const [{ id }] = (await db.query(
    `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, capacity,
                           children_allowed, minimum_age, maximum_age)
     VALUES ('어린이 놀이터 디자인 캠프', '생태 놀이터를 함께 그려요', 'DESIGN_CAMP', $1, $2, $3, $4, $5, $6, $7)
     RETURNING id`,
    [
      organizerId,
      startsAt,
      new Date(startsAt.getTime() + 3 * 3_600_000),
      options.capacity ?? null,
      options.childrenAllowed ?? true,
      options.minimumAge ?? null,
      options.maximumAge ?? null,
    ],
  )) as { id: string }[];
  return id;
}

export interface QueueRow {
  kind: 'adult' | 'child';
  id: string;
  status: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED';
  queue_number: number;
}

/** The workshop's one queue, adults and children, in order. */
export async function queueOf(db: DataSource, workshopId: string): Promise<QueueRow[]> {
  return (await db.query(
    `SELECT 'adult' AS kind, id, status, queue_number FROM workshop_registration WHERE workshop_id = $1
     UNION ALL
     SELECT 'child', id, status, queue_number FROM child_registration WHERE workshop_id = $1
     ORDER BY queue_number`,
    [workshopId],
  )) as QueueRow[];
}

/** The counters equal the rows of both tables, and nobody is confirmed beyond capacity. */
export async function expectCountersMatch(db: DataSource, workshopId: string): Promise<void> {
  const queue = await queueOf(db, workshopId);
  const [w] = (await db.query(
    'SELECT capacity, registered_count, waitlist_count FROM workshop WHERE id = $1',
    [workshopId],
  )) as { capacity: number | null; registered_count: number; waitlist_count: number }[];
  expect(w!.registered_count).toBe(queue.filter((r) => r.status === 'CONFIRMED').length);
  expect(w!.waitlist_count).toBe(queue.filter((r) => r.status === 'WAITLISTED').length);
  if (w!.capacity !== null) expect(w!.registered_count).toBeLessThanOrEqual(w!.capacity);
}

/** Everything stored about children and consents, to prove that a refused request changed nothing. */
export async function childrenSnapshot(db: DataSource): Promise<unknown> {
  return {
    children: await db.query('SELECT * FROM child ORDER BY id'),
    consents: await db.query('SELECT * FROM guardian_consent ORDER BY id'),
    registrations: await db.query('SELECT * FROM child_registration ORDER BY id'),
    workshops: await db.query(
      'SELECT id, registered_count, waitlist_count FROM workshop ORDER BY id',
    ),
    adults: await db.query(
      'SELECT id, status, queue_number FROM workshop_registration ORDER BY id',
    ),
  };
}
