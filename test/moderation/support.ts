import { Role } from '../../src/core/access/role.js';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';
import { Locale } from '../../src/core/i18n/locale.js';
import type { NotificationActorKind } from '../../src/notifications/notification-kind.js';
import { notificationText } from '../../src/notifications/notification-text.js';

/** Shared documents and tools of the moderation end-to-end tests (not a test file itself). */

export const REPORT_FIELDS = `id reason details contentSnapshot createdAt reporter { id }
  target { __typename ... on Proposal { id } ... on Comment { id } }`;
export const DECISION_FIELDS = `action automatic note contentSnapshot createdAt moderator { id }`;
export const ITEM_FIELDS = `reportCount openReportCount lastReportedAt resolvedAt hidden
  target { __typename ... on Proposal { id hidden } ... on Comment { id hidden body } }
  reports { ${REPORT_FIELDS} }
  decisions { ${DECISION_FIELDS} }`;

export const REPORT = `mutation Report($input: ReportContentInput!) { reportContent(input: $input) { ${REPORT_FIELDS} } }`;
export const MODERATE = `mutation Moderate($input: ModerateContentInput!) { moderateContent(input: $input) { ${ITEM_FIELDS} } }`;
/**
 * The queue with everything an item shows. Every report and decision carries a snapshot of up
 * to 10,152 characters, so a page of 4 items is what the cost limit lets through.
 */
export const QUEUE = `query Queue($first: Int = 4, $after: String, $resolved: Boolean) {
  moderationQueue(first: $first, after: $after, resolved: $resolved) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor } nodes { ${ITEM_FIELDS} } } }`;
export const USER_FIELDS = `id role suspendedUntil`;
export const SUSPEND = `mutation Suspend($input: SuspendUserInput!) { suspendUser(input: $input) { ${USER_FIELDS} } }`;
export const LIFT = `mutation Lift($input: LiftSuspensionInput!) { liftSuspension(input: $input) { ${USER_FIELDS} } }`;

export const PROPOSAL = `query One($id: ID!) { proposal(id: $id) { id hidden commentCount supportCount title } }`;
export const NODE = `query Node($id: ID!) { node(id: $id) { __typename id
  ... on Proposal { hidden } ... on Comment { hidden body deleted replyCount } } }`;
export const LIST = `query List($authorId: ID!) { proposals(first: 100, filter: { authorId: $authorId }) {
  totalCount nodes { id hidden } } }`;
/**
 * A proposal's counter and its thread, each top-level comment with its replies (pages small
 * enough for the cost limit: a comment's body weighs 50).
 */
export const THREAD = `query Thread($id: ID!) { proposal(id: $id) { id commentCount
  comments(first: 20) { totalCount nodes { id body hidden deleted replyCount
    replies(first: 10) { totalCount nodes { id body hidden deleted } } } } } }`;

export const ADD_COMMENT = `mutation Add($input: AddCommentInput!) { addComment(input: $input) { id body } }`;
export const DELETE_COMMENT = `mutation Delete($id: ID!) { deleteComment(id: $id) { id body deleted hidden } }`;
export const SUPPORT = `mutation Support($id: ID!) { supportProposal(id: $id) { id supportCount } }`;
export const CREATE_PROPOSAL = `mutation Create($input: CreateProposalInput!) { createProposal(input: $input) { id title } }`;

export const pid = (p: ProposalEntity | string) =>
  toGlobalId('Proposal', typeof p === 'string' ? p : p.id);
export const cid = (id: string) => toGlobalId('Comment', id);
export const uid = (u: TestUser) => toGlobalId('User', u.user.id);
/** The database id behind a global id the API gave out. */
export const raw = (globalId: string) => {
  const decoded = parseGlobalId(globalId);
  if (!decoded) throw new Error(`not a global id: ${globalId}`);
  return decoded.id;
};

export interface ModerationScene {
  t: TestApp;
  /** Wrote the proposals and comments of the tests. */
  author: TestUser;
  citizen: TestUser;
  other: TestUser;
  /** STAFF of `department`. */
  staff: TestUser;
  moderator: TestUser;
  moderator2: TestUser;
  admin: TestUser;
  admin2: TestUser;
  /** A CITIZEN suspended until tomorrow. */
  suspended: TestUser;
  /** A MODERATOR suspended until tomorrow. */
  suspendedModerator: TestUser;
  department: DepartmentEntity;
}

/**
 * The brigade defence of the automatic hide as it is in production: Environment's defaults
 * (72 hours, 90 days), not the test setup's MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS=0
 * (test/setup/env.mjs). Undefined deletes the variable while the app reads its configuration.
 */
export const PRODUCTION_DEFENCE: Record<string, string | undefined> = {
  MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: undefined,
  MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS: undefined,
};

/** Starts an app with `env` applied to process.env while it reads its configuration. */
export async function startTestAppWith(env: Record<string, string | undefined>): Promise<TestApp> {
  const before = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return await startTestApp();
  } finally {
    for (const key of Object.keys(env)) {
      if (before[key] === undefined) delete process.env[key];
      else process.env[key] = before[key];
    }
  }
}

/**
 * The scene's app runs with the production brigade defence (PRODUCTION_DEFENCE, then `env`),
 * and its people are established members (accounts a month old), as reporters usually are.
 */
export async function startModerationScene(
  env: Record<string, string | undefined> = {},
): Promise<ModerationScene> {
  const t = await startTestAppWith({ ...PRODUCTION_DEFENCE, ...env });
  const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
  const department = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
  const tomorrow = new Date(Date.now() + 86_400_000);
  const scene: ModerationScene = {
    t,
    department,
    author: await user(),
    citizen: await user(),
    other: await user(),
    staff: await user({ role: Role.STAFF, departmentId: department.id }),
    moderator: await user({ role: Role.MODERATOR }),
    moderator2: await user({ role: Role.MODERATOR }),
    admin: await user({ role: Role.ADMIN }),
    admin2: await user({ role: Role.ADMIN }),
    suspended: await user({ suspendedUntil: tomorrow }),
    suspendedModerator: await user({ role: Role.MODERATOR, suspendedUntil: tomorrow }),
  };
  const people = Object.values(scene).filter((v): v is TestUser => 'token' in v);
  await setAccountAge(t, people, ESTABLISHED_HOURS);
  return scene;
}

/** How old the accounts of established members are made: a month. */
export const ESTABLISHED_HOURS = 30 * 24;

/** Dates the accounts of `users` `hours` back from the database's clock. */
export async function setAccountAge(t: TestApp, users: TestUser[], hours: number): Promise<void> {
  await t.db.query(
    `UPDATE app_user SET created_at = clock_timestamp() - make_interval(secs => $2::float8)
      WHERE id = ANY($1::uuid[])`,
    [users.map((u) => u.user.id), hours * 3600],
  );
}

/** `n` established citizens (accounts a month old), to report as distinct people. */
export async function citizens(s: ModerationScene, n: number): Promise<TestUser[]> {
  const made = await freshCitizens(s, n);
  await setAccountAge(s.t, made, ESTABLISHED_HOURS);
  return made;
}

/** `n` citizens whose accounts were made just now: the brigade the reporter-age rule stops. */
export function freshCitizens(s: ModerationScene, n: number): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, () => createUser(s.t.db, s.t.jwt)));
}

/** A fresh user of any role (STAFF of the scene's department). */
export function userOf(s: ModerationScene, role: Role): Promise<TestUser> {
  return createUser(s.t.db, s.t.jwt, {
    role,
    departmentId: role === Role.STAFF ? s.department.id : null,
  });
}

/** A SUBMITTED proposal straight into the database, by the scene's author unless told. */
export function newProposal(
  s: ModerationScene,
  author: TestUser = s.author,
  overrides: Parameters<typeof createProposal>[2] = {},
): Promise<ProposalEntity> {
  return createProposal(s.t.db, author.user.id, overrides);
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

/** Adds a comment (or reply) through the API; answers its global id. */
export async function commentOn(
  s: ModerationScene,
  who: TestUser,
  proposal: ProposalEntity,
  body = '댓글입니다',
  parentId?: string,
): Promise<string> {
  const data = await ok(
    s.t,
    ADD_COMMENT,
    { input: { subjectId: pid(proposal), parentId, body } },
    who.token,
  );
  return data.addComment.id;
}

export function report(
  s: ModerationScene,
  who: TestUser | null,
  targetId: string,
  reason = 'SPAM',
  details?: string | null,
): Promise<GraphqlResponse> {
  return s.t.gql(REPORT, { input: { targetId, reason, details } }, who?.token ?? null);
}

/** Reports that must succeed, one after another. */
export async function reportAll(s: ModerationScene, who: TestUser[], targetId: string) {
  for (const reporter of who)
    await ok(s.t, REPORT, { input: { targetId, reason: 'SPAM' } }, reporter.token);
}

export function moderate(
  s: ModerationScene,
  who: TestUser | null,
  targetId: string,
  action: string,
  note = '검토 결과입니다',
): Promise<GraphqlResponse> {
  return s.t.gql(MODERATE, { input: { targetId, action, note } }, who?.token ?? null);
}

export async function moderateOk(
  s: ModerationScene,
  who: TestUser,
  targetId: string,
  action: string,
  note = '검토 결과입니다',
): Promise<any> {
  return (await ok(s.t, MODERATE, { input: { targetId, action, note } }, who.token))
    .moderateContent;
}

/** The column of a content_report / moderation_item row that names this target. */
function targetColumn(globalId: string): 'proposal_id' | 'comment_id' {
  const decoded = parseGlobalId(globalId);
  if (decoded?.type === 'Proposal') return 'proposal_id';
  if (decoded?.type === 'Comment') return 'comment_id';
  throw new Error(`not a reportable id: ${globalId}`);
}

export interface ReportRow {
  id: string;
  reporter_id: string;
  reason: string;
  details: string | null;
  content_snapshot: string;
  created_at: Date;
}

export function reportRows(t: TestApp, targetId: string): Promise<ReportRow[]> {
  return t.db.query(
    `SELECT id, reporter_id, reason, details, content_snapshot, created_at FROM content_report
      WHERE ${targetColumn(targetId)} = $1 ORDER BY created_at, id`,
    [raw(targetId)],
  );
}

export interface ItemRow {
  id: string;
  report_count: number;
  open_report_count: number;
  last_reported_at: Date | null;
  resolved_at: Date | null;
  activity_at: Date;
}

export async function itemRow(t: TestApp, targetId: string): Promise<ItemRow | undefined> {
  const rows: ItemRow[] = await t.db.query(
    `SELECT id, report_count, open_report_count, last_reported_at, resolved_at, activity_at
       FROM moderation_item WHERE ${targetColumn(targetId)} = $1`,
    [raw(targetId)],
  );
  return rows[0];
}

export interface DecisionRow {
  action: string;
  moderator_id: string | null;
  note: string;
  content_snapshot: string;
}

/** The decisions on a target, oldest first. */
export function decisionRows(t: TestApp, targetId: string): Promise<DecisionRow[]> {
  return t.db.query(
    `SELECT d.action, d.moderator_id, d.note, d.content_snapshot FROM moderation_decision d
       JOIN moderation_item m ON m.id = d.item_id
      WHERE m.${targetColumn(targetId)} = $1 ORDER BY d.created_at, d.id`,
    [raw(targetId)],
  );
}

export interface NotificationRow {
  recipient_id: string;
  actor_id: string | null;
  /** MODERATOR (named "A moderator", never by name) or SYSTEM (hidden by reports). */
  actor_kind: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  /** As its recipient reads it in English (test/notifications reads it over HTTP). */
  message: string;
}

/** The CONTENT_HIDDEN notifications about a subject, oldest first. */
export async function hiddenNotices(t: TestApp, subjectId: string): Promise<NotificationRow[]> {
  const rows: (Omit<NotificationRow, 'message'> & {
    message_key: string | null;
    params: Record<string, string | number>;
    message: string | null;
  })[] = await t.db.query(
    `SELECT recipient_id, actor_id, actor_kind, kind, subject_type, subject_id, message_key,
            params, message
       FROM notification
      WHERE subject_id = $1 AND kind = 'CONTENT_HIDDEN' ORDER BY created_at, id`,
    [raw(subjectId)],
  );
  return rows.map(({ message_key, params, message, ...row }) => ({
    ...row,
    message: notificationText(Locale.EN, {
      messageKey: message_key,
      params,
      actorKind: row.actor_kind as NotificationActorKind,
      message,
    }),
  }));
}

export interface AuditRow {
  action: string;
  actor_id: string | null;
  target_type: string;
  target_id: string;
  note: string | null;
  before: string | null;
  after: string | null;
}

/** Every audit entry about an object (a global id), oldest first. */
export function auditAbout(t: TestApp, targetId: string): Promise<AuditRow[]> {
  return t.db.query(
    `SELECT action, actor_id, target_type, target_id, note, before, after FROM audit_entry
      WHERE target_id = $1 ORDER BY created_at, id`,
    [raw(targetId)],
  );
}

export async function hiddenInDb(t: TestApp, targetId: string): Promise<boolean> {
  const table = targetColumn(targetId) === 'proposal_id' ? 'proposal' : 'comment';
  const rows: { hidden: boolean }[] = await t.db.query(
    `SELECT hidden FROM ${table} WHERE id = $1`,
    [raw(targetId)],
  );
  return rows[0]!.hidden;
}

/**
 * Everything moderation can write: reports, queue items, decisions, notifications, audit
 * entries, the hidden flags and counters of content, and suspensions; so a refused request
 * can be shown to have changed nothing at all.
 */
export async function moderationSnapshot(t: TestApp): Promise<unknown> {
  const all = (sql: string) => t.db.query(sql);
  return {
    reports: await all('SELECT * FROM content_report ORDER BY id'),
    items: await all('SELECT * FROM moderation_item ORDER BY id'),
    decisions: await all('SELECT * FROM moderation_decision ORDER BY id'),
    notifications: await all('SELECT * FROM notification ORDER BY id'),
    audit: await all('SELECT * FROM audit_entry ORDER BY id'),
    proposals: await all(
      'SELECT id, hidden, comment_count, support_count, updated_at FROM proposal ORDER BY id',
    ),
    comments: await all(
      'SELECT id, hidden, body, reply_count, deleted_at FROM comment ORDER BY id',
    ),
    users: await all('SELECT id, role, suspended_until FROM app_user ORDER BY id'),
  };
}

export { countersOf } from '../comments/support.js';

/** A sorted copy, for comparing sets of ids or codes. */
export const sorted = (values: readonly (string | undefined)[]): (string | undefined)[] =>
  [...values].sort((a, b) => (a ?? '').localeCompare(b ?? ''));

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
