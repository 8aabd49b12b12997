import { Role } from '../../src/core/access/role.js';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/** Shared documents and tools of the comment end-to-end tests (not a test file itself). */

export const COMMENT_FIELDS = `id body deleted hidden isOfficial replyCount createdAt editedAt
  author { id displayName } parent { id } subject { __typename ... on Proposal { id } }`;

export const ADD = `mutation Add($input: AddCommentInput!) { addComment(input: $input) { ${COMMENT_FIELDS} } }`;
export const EDIT = `mutation Edit($input: EditCommentInput!) { editComment(input: $input) { ${COMMENT_FIELDS} } }`;
export const DELETE = `mutation Delete($id: ID!) { deleteComment(id: $id) { ${COMMENT_FIELDS} } }`;

/** A proposal's counter and its top-level comments, each with its replies. */
/** A proposal's thread; `replies` (10 when omitted, within the cost limit) is the page of replies under each comment. */
export const THREAD = `query Thread($id: ID!, $first: Int, $after: String, $replies: Int = 10) { proposal(id: $id) {
  id commentCount
  comments(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
    nodes { id body deleted hidden replyCount isOfficial author { id }
      replies(first: $replies) { totalCount nodes { id body deleted hidden replyCount parent { id } } } }
  }
} }`;

/** One comment's replies, through node(). */
export const REPLIES = `query Replies($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Comment {
  id replyCount
  replies(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } } nodes { id body parent { id } }
  }
} } }`;

export const NODE = `query Node($id: ID!) { node(id: $id) { __typename id ... on Comment { ${COMMENT_FIELDS} } } }`;

export const pid = (p: ProposalEntity | string) =>
  toGlobalId('Proposal', typeof p === 'string' ? p : p.id);
export const cid = (id: string) => toGlobalId('Comment', id);
/** The database id behind a global id the API gave out. */
export const raw = (globalId: string) => {
  const decoded = parseGlobalId(globalId);
  if (!decoded) throw new Error(`not a global id: ${globalId}`);
  return decoded.id;
};

export interface CommentScene {
  t: TestApp;
  /** Wrote the proposals of the tests. */
  author: TestUser;
  citizen: TestUser;
  other: TestUser;
  /** STAFF of `department`, the department the tests assign proposals to. */
  staff: TestUser;
  /** STAFF of another department. */
  otherStaff: TestUser;
  moderator: TestUser;
  admin: TestUser;
  suspended: TestUser;
  department: DepartmentEntity;
  otherDepartment: DepartmentEntity;
}

export async function startCommentScene(): Promise<CommentScene> {
  const t = await startTestApp();
  const department = await createDepartment(t.db);
  const otherDepartment = await createDepartment(t.db);
  return {
    t,
    department,
    otherDepartment,
    author: await createUser(t.db, t.jwt),
    citizen: await createUser(t.db, t.jwt),
    other: await createUser(t.db, t.jwt),
    staff: await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id }),
    otherStaff: await createUser(t.db, t.jwt, {
      role: Role.STAFF,
      departmentId: otherDepartment.id,
    }),
    moderator: await createUser(t.db, t.jwt, { role: Role.MODERATOR }),
    admin: await createUser(t.db, t.jwt, { role: Role.ADMIN }),
    suspended: await createUser(t.db, t.jwt, {
      suspendedUntil: new Date(Date.now() + 24 * 3600_000),
    }),
  };
}

export interface AddedComment {
  id: string;
  body: string | null;
  deleted: boolean;
  hidden: boolean;
  isOfficial: boolean;
  replyCount: number;
  createdAt: string;
  editedAt: string | null;
  author: { id: string; displayName: string };
  parent: { id: string } | null;
  subject: { __typename: string; id: string };
}

export async function addComment(
  t: TestApp,
  token: string | null,
  input: Record<string, unknown>,
): Promise<GraphqlResponse<{ addComment: AddedComment }>> {
  return t.gql(ADD, { input }, token);
}

/** Adds a comment that must succeed, and answers its global id. */
export async function commentOn(
  t: TestApp,
  token: string,
  proposal: ProposalEntity,
  body = '댓글입니다',
  parentId?: string,
): Promise<string> {
  const res = await addComment(t, token, { subjectId: pid(proposal), parentId, body });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.addComment.id;
}

export function newProposal(
  s: CommentScene,
  overrides: Parameters<typeof createProposal>[2] = {},
): Promise<ProposalEntity> {
  return createProposal(s.t.db, s.author.user.id, overrides);
}

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return rows[0]!.n;
}

export async function storedCommentCount(t: TestApp, proposalId: string): Promise<number> {
  const rows: { n: number }[] = await t.db.query(
    'SELECT comment_count AS n FROM proposal WHERE id = $1',
    [proposalId],
  );
  return rows[0]!.n;
}

export interface CommentRow {
  id: string;
  proposal_id: string;
  parent_id: string | null;
  author_id: string;
  body: string | null;
  is_official: boolean;
  reply_count: number;
  hidden: boolean;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export async function commentRow(t: TestApp, globalId: string): Promise<CommentRow | undefined> {
  const rows: CommentRow[] = await t.db.query('SELECT * FROM comment WHERE id = $1', [
    raw(globalId),
  ]);
  return rows[0];
}

/**
 * Everything the comment mutations can change: every comment row and every proposal's
 * counter, so a refused request can be shown to have changed nothing at all.
 */
export async function snapshot(t: TestApp): Promise<unknown> {
  const comments: unknown[] = await t.db.query('SELECT * FROM comment ORDER BY id');
  const proposals: unknown[] = await t.db.query(
    'SELECT id, comment_count, updated_at FROM proposal ORDER BY id',
  );
  return { comments, proposals };
}

/**
 * The stored counters of a proposal and of each of its comments next to what they count
 * (rows neither deleted nor hidden), for `expect(stored).toEqual(actual)`.
 */
export async function countersOf(
  t: TestApp,
  proposalId: string,
): Promise<{ stored: Record<string, number>; actual: Record<string, number> }> {
  const proposal: { stored: number; actual: number }[] = await t.db.query(
    `SELECT p.comment_count AS stored,
       (SELECT count(*)::int FROM comment c
         WHERE c.proposal_id = p.id AND c.deleted_at IS NULL AND NOT c.hidden) AS actual
     FROM proposal p WHERE p.id = $1`,
    [proposalId],
  );
  const comments: { id: string; stored: number; actual: number }[] = await t.db.query(
    `SELECT c.id, c.reply_count AS stored,
       (SELECT count(*)::int FROM comment r
         WHERE r.parent_id = c.id AND r.deleted_at IS NULL AND NOT r.hidden) AS actual
     FROM comment c WHERE c.proposal_id = $1`,
    [proposalId],
  );
  const stored: Record<string, number> = { proposal: proposal[0]!.stored };
  const actual: Record<string, number> = { proposal: proposal[0]!.actual };
  for (const c of comments) {
    stored[c.id] = c.stored;
    actual[c.id] = c.actual;
  }
  return { stored, actual };
}

/**
 * Hides a comment as moderation will (there is no moderation API yet): the flag, and the
 * counters it leaves, in one statement each.
 */
export async function hideComment(t: TestApp, globalId: string): Promise<void> {
  const id = raw(globalId);
  await t.db.transaction(async (manager) => {
    const rows: { proposal_id: string; parent_id: string | null; counted: boolean }[] =
      await manager.query(
        `SELECT proposal_id, parent_id, (NOT hidden AND deleted_at IS NULL) AS counted
         FROM comment WHERE id = $1 FOR UPDATE`,
        [id],
      );
    const { proposal_id, parent_id, counted } = rows[0]!;
    await manager.query('UPDATE comment SET hidden = true WHERE id = $1', [id]);
    if (!counted) return;
    await manager.query('UPDATE proposal SET comment_count = comment_count - 1 WHERE id = $1', [
      proposal_id,
    ]);
    if (parent_id)
      await manager.query('UPDATE comment SET reply_count = reply_count - 1 WHERE id = $1', [
        parent_id,
      ]);
  });
}

export const byText = (a: string, b: string) => a.localeCompare(b);
