import { Role } from '../../src/core/access/role.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Shared tools of the reference-data end-to-end tests (not a test file itself). */

export const CREATE_DEPARTMENT = `mutation CreateDepartment($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { id slug name description }
}`;
export const CREATE_TOPIC = `mutation CreateTopic($input: CreateTopicInput!) {
  createTopic(input: $input) { id slug name }
}`;
export const CREATE_PROCESS = `mutation CreateProcess($input: CreateProcessInput!) {
  createProcess(input: $input) {
    id slug title description
    phases { id title position startsAt endsAt }
    currentPhase { title position }
  }
}`;

export async function rowCount(
  t: TestApp,
  table: 'department' | 'topic' | 'participatory_process' | 'process_phase',
): Promise<number> {
  const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

/** Every kind of caller that must not write reference data. */
export const NON_ADMIN_CALLERS = [
  'anonymous',
  'a citizen',
  'staff',
  'a moderator',
  'a suspended admin',
] as const;
export type NonAdminCaller = (typeof NON_ADMIN_CALLERS)[number];

/**
 * A token for each non-admin caller, with the code each one gets: anonymous is
 * UNAUTHENTICATED; every other role, and an admin whose suspension lies ahead, FORBIDDEN.
 */
export async function nonAdminCallers(
  t: TestApp,
): Promise<Record<NonAdminCaller, { token: string | null; code: string }>> {
  const department = await createDepartment(t.db);
  const future = new Date(Date.now() + 86_400_000);
  return {
    anonymous: { token: null, code: 'UNAUTHENTICATED' },
    'a citizen': { token: (await createUser(t.db, t.jwt)).token, code: 'FORBIDDEN' },
    staff: {
      token: (await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id }))
        .token,
      code: 'FORBIDDEN',
    },
    'a moderator': {
      token: (await createUser(t.db, t.jwt, { role: Role.MODERATOR })).token,
      code: 'FORBIDDEN',
    },
    'a suspended admin': {
      token: (await createUser(t.db, t.jwt, { role: Role.ADMIN, suspendedUntil: future })).token,
      code: 'FORBIDDEN',
    },
  };
}

/** Strings that break the slug rule: 2-60 lower-case ASCII letters, digits and single hyphens. */
export const BAD_SLUGS: [label: string, slug: string][] = [
  ['empty', ''],
  ['blank', '   '],
  ['one character', 'a'],
  ['61 characters', 'a'.repeat(61)],
  ['upper case', 'Parks'],
  ['a space inside', 'park green'],
  ['a double hyphen', 'park--green'],
  ['a leading hyphen', '-park'],
  ['a trailing hyphen', 'park-'],
  ['Hangul', '공원녹지과'],
  ['a slash', 'parks/../admin'],
  ['SQL-looking', "x'; DROP TABLE department;--"],
  ['an underscore', 'park_green'],
];

export interface ReferenceDataScene {
  t: TestApp;
  adminToken: string;
  callers: Record<NonAdminCaller, { token: string | null; code: string }>;
}

/** The app on a fresh database, an active admin, and every caller that must be refused. */
export async function startReferenceDataScene(): Promise<ReferenceDataScene> {
  const t = await startTestApp();
  const adminToken = (await createUser(t.db, t.jwt, { role: Role.ADMIN })).token;
  return { t, adminToken, callers: await nonAdminCallers(t) };
}
