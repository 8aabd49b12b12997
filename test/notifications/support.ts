import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/** Shared documents and tools of the notification and audit-log end-to-end tests (not a test file). */

// ---- documents -------------------------------------------------------------------------------

export const NOTIFICATION_FIELDS = `id kind message readAt createdAt
  subject { __typename ... on Node { id } }`;

export const NOTIFICATIONS = `query Notifications($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    totalCount unreadCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
    nodes { ${NOTIFICATION_FIELDS} }
  } }`;

export const MARK_READ = `mutation MarkRead($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;

export const NODE = `query Node($id: ID!) { node(id: $id) { __typename id
  ... on Notification { ${NOTIFICATION_FIELDS} }
  ... on AuditEntry { action note before after targetId actor { id } } } }`;

export const AUDIT_FIELDS = `id action note before after createdAt targetId actor { id }
  target { __typename ... on Node { id } }`;

export const AUDIT_LOG = `query Audit($first: Int, $after: String, $action: AuditAction, $actorId: ID, $targetId: ID) {
  auditLog(first: $first, after: $after, action: $action, actorId: $actorId, targetId: $targetId) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { ${AUDIT_FIELDS} }
  } }`;

export const ASSIGN = `mutation Assign($input: AssignProposalInput!) { assignProposal(input: $input) { id status } }`;
export const ANSWER = `mutation Answer($input: AnswerProposalInput!) { answerProposal(input: $input) { id status } }`;
export const PROGRESS = `mutation Progress($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { id progress } }`;
export const ADD_COMMENT = `mutation Add($input: AddCommentInput!) { addComment(input: $input) { id } }`;
export const REGISTER = `mutation Register($id: ID!) { registerForWorkshop(workshopId: $id) { id status } }`;
export const CANCEL = `mutation Cancel($id: ID!) { cancelWorkshopRegistration(workshopId: $id) { id status } }`;
export const UPDATE_WORKSHOP = `mutation Update($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) {
  id title capacity registeredCount waitlistCount } }`;
export const PUBLISH_OUTCOME = `mutation Publish($input: PublishWorkshopOutcomeInput!) {
  publishWorkshopOutcome(input: $input) { id outcome } }`;
export const MODERATE = `mutation Moderate($input: ModerateContentInput!) { moderateContent(input: $input) {
  hidden openReportCount } }`;
export const REPORT = `mutation Report($input: ReportContentInput!) { reportContent(input: $input) { id } }`;
export const SUSPEND = `mutation Suspend($input: SuspendUserInput!) { suspendUser(input: $input) { id suspendedUntil } }`;
export const LIFT = `mutation Lift($input: LiftSuspensionInput!) { liftSuspension(input: $input) { id suspendedUntil } }`;
export const SET_ROLE = `mutation SetRole($input: SetUserRoleInput!) { setUserRole(input: $input) { id role } }`;

// ---- ids -------------------------------------------------------------------------------------

import { did, pid, raw } from '../feedback/support.js';

export { did, pid, raw };
export const uid = (u: TestUser) => toGlobalId('User', u.user.id);
export const wid = (workshopId: string) => toGlobalId('Workshop', workshopId);
export const nid = (notificationId: string) => toGlobalId('Notification', notificationId);

// ---- the scene -------------------------------------------------------------------------------

export interface Scene {
  t: TestApp;
  /** Wrote the proposals of the tests. */
  author: TestUser;
  citizen: TestUser;
  citizen2: TestUser;
  citizen3: TestUser;
  /** Two STAFF members of parks. */
  parksStaff: TestUser;
  parksStaff2: TestUser;
  /** STAFF of roads (one member). */
  roadsStaff: TestUser;
  /** STAFF of welfare, a department nothing is routed to. */
  welfareStaff: TestUser;
  moderator: TestUser;
  admin: TestUser;
  /** A CITIZEN suspended until tomorrow. */
  suspended: TestUser;
  parks: DepartmentEntity;
  roads: DepartmentEntity;
  welfare: DepartmentEntity;
}

/** A fresh app and database, three departments and one user of every kind the tests need. */
export async function startScene(): Promise<Scene> {
  const t = await startTestApp();
  const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
  const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
  const roads = await createDepartment(t.db, { slug: 'roads', name: '도로과' });
  const welfare = await createDepartment(t.db, { slug: 'welfare', name: '복지과' });
  return {
    t,
    author: await user(),
    citizen: await user(),
    citizen2: await user(),
    citizen3: await user(),
    parksStaff: await user({ role: Role.STAFF, departmentId: parks.id }),
    parksStaff2: await user({ role: Role.STAFF, departmentId: parks.id }),
    roadsStaff: await user({ role: Role.STAFF, departmentId: roads.id }),
    welfareStaff: await user({ role: Role.STAFF, departmentId: welfare.id }),
    moderator: await user({ role: Role.MODERATOR }),
    admin: await user({ role: Role.ADMIN }),
    suspended: await user({ suspendedUntil: new Date(Date.now() + 86_400_000) }),
    parks,
    roads,
    welfare,
  };
}

/** The scene's users by name, for readable expectations about recipients. */
export function people(s: Scene): Record<string, TestUser> {
  const named: Record<string, TestUser> = {};
  for (const [name, value] of Object.entries(s)) {
    if (value && typeof value === 'object' && 'token' in value && 'user' in value) {
      named[name] = value as TestUser;
    }
  }
  return named;
}

/** Sends an operation and fails loudly when it errors: for set-up steps. */
export async function ok(
  t: TestApp,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
): Promise<any> {
  const res: GraphqlResponse = await t.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

export async function count(t: TestApp, table: 'notification' | 'audit_entry'): Promise<number> {
  const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

// ---- notifications as stored -----------------------------------------------------------------

export interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  actor_id: string | null;
  actor_kind: 'USER' | 'DEPARTMENT' | 'MODERATOR' | 'SYSTEM';
  actor_department_id: string | null;
  /** The catalogue message and its parameters; the text is rendered when it is read. */
  message_key: string | null;
  params: Record<string, string | number>;
  /** Only rows written before messages were catalogued have one. */
  message: string | null;
  created_at: Date;
  read_at: Date | null;
}

export async function notificationRow(t: TestApp, id: string): Promise<NotificationRow> {
  const rows: NotificationRow[] = await t.db.query('SELECT * FROM notification WHERE id = $1', [
    id,
  ]);
  if (!rows[0]) throw new Error(`no notification ${id}`);
  return rows[0];
}

/** What a notification says, with its recipient named as in the scene. */
export interface Heard {
  to: string;
  kind: string;
  subject: string;
}

/**
 * Runs `work` and answers every notification row it wrote (in the whole database, so that
 * "nobody else" is checked too), as `{ to, kind, subject: 'Type:uuid' }` sorted by recipient,
 * with the raw rows beside them.
 */
export async function heardDuring(
  s: Scene,
  work: () => Promise<unknown>,
): Promise<{ heard: Heard[]; rows: NotificationRow[] }> {
  const before: { id: string }[] = await s.t.db.query('SELECT id FROM notification');
  const seen = new Set(before.map((r) => r.id));
  await work();
  const all: NotificationRow[] = await s.t.db.query(
    'SELECT * FROM notification ORDER BY created_at, id',
  );
  const rows = all.filter((r) => !seen.has(r.id));
  const names = new Map(Object.entries(people(s)).map(([name, u]) => [u.user.id, name]));
  const heard = rows
    .map((r) => ({
      to: names.get(r.recipient_id) ?? r.recipient_id,
      kind: r.kind,
      subject: `${r.subject_type}:${r.subject_id}`,
    }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));
  return { heard, rows };
}

export interface InboxEntry {
  id: string;
  kind: string;
  message: string;
  readAt: string | null;
  createdAt: string;
  subject: { __typename: string; id: string } | null;
}

/** A user's notifications through the API, newest first (at most 100). */
export async function inboxOf(t: TestApp, who: TestUser): Promise<InboxEntry[]> {
  const data = await ok(t, NOTIFICATIONS, { first: 100 }, who.token);
  return data.notifications.nodes;
}

/** The notification of `row` as its recipient reads it through the API. */
export async function readAsRecipient(
  t: TestApp,
  who: TestUser,
  row: NotificationRow,
): Promise<InboxEntry> {
  const entry = (await inboxOf(t, who)).find((n) => n.id === nid(row.id));
  if (!entry) throw new Error(`notification ${row.id} is not in the inbox`);
  return entry;
}

/**
 * Stores notifications straight into the database, for tests of reading them. Without a
 * `messageKey` a row is one written before messages were catalogued: its stored English
 * `message` is what is read, and the platform is its actor.
 */
export async function insertNotifications(
  t: TestApp,
  recipientId: string,
  rows: {
    kind?: string;
    subjectType?: string;
    subjectId: string;
    message?: string;
    messageKey?: string;
    params?: Record<string, string | number>;
    actorKind?: NotificationRow['actor_kind'];
    actorId?: string | null;
    actorDepartmentId?: string | null;
    createdAt: Date;
    readAt?: Date | null;
  }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const row of rows) {
    const [{ id }] = (await t.db.query(
      `INSERT INTO notification (recipient_id, kind, subject_type, subject_id, message, created_at,
                                 read_at, actor_kind, actor_id, actor_department_id, message_key,
                                 params)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        recipientId,
        row.kind ?? 'COMMENT_ON_PROPOSAL',
        row.subjectType ?? 'Proposal',
        row.subjectId,
        row.messageKey ? (row.message ?? null) : (row.message ?? 'stored for a test'),
        row.createdAt,
        row.readAt ?? null,
        row.actorKind ?? 'SYSTEM',
        row.actorId ?? null,
        row.actorDepartmentId ?? null,
        row.messageKey ?? null,
        JSON.stringify(row.params ?? {}),
      ],
    )) as { id: string }[];
    ids.push(id);
  }
  return ids;
}

// ---- proposals and workshops -----------------------------------------------------------------

export function newProposal(
  s: Scene,
  overrides: Partial<ProposalEntity> = {},
  authorId: string = s.author.user.id,
): Promise<ProposalEntity> {
  return createProposal(s.t.db, authorId, overrides);
}

/**
 * A proposal already at `status` and assigned to `department`, with the first-assignment row
 * that answers link to, straight into the database.
 */
export async function proposalAt(
  s: Scene,
  status: `${ProposalEntity['status']}`,
  department: DepartmentEntity,
  authorId: string = s.author.user.id,
  overrides: Partial<ProposalEntity> = {},
): Promise<ProposalEntity> {
  const responseDueAt = new Date(Date.now() + 14 * 86_400_000);
  const proposal = await createProposal(s.t.db, authorId, {
    status: status as ProposalEntity['status'],
    departmentId: department.id,
    responseDueAt,
    awaitingAnswer: true,
    ...overrides,
  });
  await s.t.db.query(
    `INSERT INTO department_transfer
       (proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at)
     VALUES ($1, NULL, $2, '담당 부서입니다', $3, $4)`,
    [proposal.id, department.id, s.admin.user.id, responseDueAt],
  );
  return proposal;
}

let workshopCounter = 0;

/** A workshop organised by `department`, starting tomorrow, straight into the database. */
export async function newWorkshop(
  s: Scene,
  department: DepartmentEntity,
  capacity: number | null,
): Promise<{ id: string; title: string }> {
  workshopCounter += 1;
  const title = `디자인 캠프 ${workshopCounter}-${Math.random().toString(36).slice(2, 7)}`;
  const [{ id }] = (await s.t.db.query(
    `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, capacity)
     VALUES ($1, '함께 만들어요', 'DESIGN_CAMP', $2, now() + interval '1 day',
             now() + interval '1 day 2 hours', $3)
     RETURNING id`,
    [title, department.id, capacity],
  )) as { id: string }[];
  return { id, title };
}

/** Registers `who` through the API; answers the registration's database id and status. */
export async function register(
  s: Scene,
  who: TestUser,
  workshopId: string,
): Promise<{ id: string; status: string }> {
  const data = await ok(s.t, REGISTER, { id: wid(workshopId) }, who.token);
  return { id: raw(data.registerForWorkshop.id), status: data.registerForWorkshop.status };
}

/** Adds a comment through the API; answers its global id. */
export async function comment(
  s: Scene,
  who: TestUser,
  subjectId: string,
  parentId?: string,
  body = '좋은 생각입니다',
): Promise<string> {
  const data = await ok(s.t, ADD_COMMENT, { input: { subjectId, parentId, body } }, who.token);
  return data.addComment.id;
}

/**
 * The recipient reads the notification of `row` through the API: its kind, what it is about
 * (type and global id, through `subject { __typename ... on Node { id } }`), and a message
 * that names `mentions` (the proposal or workshop title, a department).
 */
export async function expectReadAs(
  t: TestApp,
  who: TestUser,
  row: NotificationRow,
  expected: { kind: string; subject: { __typename: string; id: string }; mentions: string[] },
): Promise<InboxEntry> {
  const entry = await readAsRecipient(t, who, row);
  expect(entry).toMatchObject({ kind: expected.kind, subject: expected.subject, readAt: null });
  for (const text of expected.mentions) expect(entry.message).toContain(text);
  return entry;
}
