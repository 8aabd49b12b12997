import { Role } from '../../src/core/access/role.js';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import type { GraphqlResponse, TestApp } from '../helpers/test-app.js';

/** Shared documents and tools of the feedback-loop end-to-end tests (not a test file itself). */

export const TRANSFER_FIELDS = `id reason responseDueAt createdAt from { id slug } to { id slug } by { id }`;
export const ANSWER_FIELDS = `id status body createdAt author { id } department { id slug }
  proposal { id status } rating { score comment createdAt }`;
export const PROGRESS_FIELDS = `id progress body createdAt author { id }`;

export const ASSIGN = `mutation Assign($input: AssignProposalInput!) { assignProposal(input: $input) {
  id status responseDueAt overdue updatedAt department { id slug } transfers { ${TRANSFER_FIELDS} } } }`;
export const ANSWER = `mutation Answer($input: AnswerProposalInput!) { answerProposal(input: $input) { ${ANSWER_FIELDS} } }`;
export const PROGRESS = `mutation Progress($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { ${PROGRESS_FIELDS} } }`;
export const RATE = `mutation Rate($input: RateAnswerInput!) { rateAnswer(input: $input) { ${ANSWER_FIELDS} } }`;

/** Everything the feedback loop adds to a proposal. */
export const FEEDBACK = `query Feedback($id: ID!) { proposal(id: $id) {
  id status progress responseDueAt overdue department { id slug }
  answers { ${ANSWER_FIELDS} }
  progressUpdates { ${PROGRESS_FIELDS} }
  transfers { ${TRANSFER_FIELDS} }
} }`;

export const STATS = `query Stats($id: ID!) { node(id: $id) { ... on Department { id stats {
  assignedCount answeredCount overdueCount medianFirstResponseHours averageSatisfaction transfersOut } } } }`;

export const INBOX = `query Inbox($id: ID!, $status: [ProposalStatus!], $overdue: Boolean, $orderBy: ProposalOrder, $first: Int, $after: String) {
  node(id: $id) { ... on Department { proposals(status: $status, overdue: $overdue, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id status overdue responseDueAt } } } } }`;

export const pid = (p: ProposalEntity | string) =>
  toGlobalId('Proposal', typeof p === 'string' ? p : p.id);
export const did = (d: DepartmentEntity | string) =>
  toGlobalId('Department', typeof d === 'string' ? d : d.id);
export const aid = (id: string) => toGlobalId('OfficialAnswer', id);
/** The database id behind a global id the API gave out. */
export const raw = (globalId: string) => {
  const decoded = parseGlobalId(globalId);
  if (!decoded) throw new Error(`not a global id: ${globalId}`);
  return decoded.id;
};

export interface FeedbackScene {
  t: TestApp;
  /** Wrote the proposals of the tests. */
  author: TestUser;
  citizen: TestUser;
  /** STAFF of `parks`. */
  parksStaff: TestUser;
  /** A second STAFF member of `parks`. */
  parksStaff2: TestUser;
  /** STAFF of `parks`, suspended until tomorrow. */
  suspendedParksStaff: TestUser;
  /** An ADMIN suspended until tomorrow. */
  suspendedAdmin: TestUser;
  /** STAFF of `roads`. */
  roadsStaff: TestUser;
  /** STAFF of `welfare`, a third department. */
  welfareStaff: TestUser;
  moderator: TestUser;
  admin: TestUser;
  parks: DepartmentEntity;
  roads: DepartmentEntity;
  welfare: DepartmentEntity;
}

/** Three departments with a staff member each (two in parks), a user of every other role, and suspended staff and admin. */
export async function feedbackScene(t: TestApp): Promise<FeedbackScene> {
  const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
  const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
  const roads = await createDepartment(t.db, { slug: 'roads', name: '도로과' });
  const welfare = await createDepartment(t.db, { slug: 'welfare', name: '복지과' });
  const tomorrow = new Date(Date.now() + 86_400_000);
  return {
    t,
    author: await user(),
    citizen: await user(),
    parksStaff: await user({ role: Role.STAFF, departmentId: parks.id }),
    parksStaff2: await user({ role: Role.STAFF, departmentId: parks.id }),
    suspendedParksStaff: await user({
      role: Role.STAFF,
      departmentId: parks.id,
      suspendedUntil: tomorrow,
    }),
    suspendedAdmin: await user({ role: Role.ADMIN, suspendedUntil: tomorrow }),
    roadsStaff: await user({ role: Role.STAFF, departmentId: roads.id }),
    welfareStaff: await user({ role: Role.STAFF, departmentId: welfare.id }),
    moderator: await user({ role: Role.MODERATOR }),
    admin: await user({ role: Role.ADMIN }),
    parks,
    roads,
    welfare,
  };
}

/** A SUBMITTED proposal by the scene's author, straight into the database. */
export function newProposal(
  s: FeedbackScene,
  overrides: Partial<ProposalEntity> = {},
): Promise<ProposalEntity> {
  return createProposal(s.t.db, s.author.user.id, overrides);
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

/** Assigns (or transfers) through the API as `who`. */
export function assign(
  s: FeedbackScene,
  who: TestUser,
  proposal: ProposalEntity,
  department: DepartmentEntity,
  reason = '담당 부서입니다',
) {
  return ok(
    s.t,
    ASSIGN,
    { input: { proposalId: pid(proposal), departmentId: did(department), reason } },
    who.token,
  );
}

/** Answers through the API as `who`; returns the answer. */
export async function answer(
  s: FeedbackScene,
  who: TestUser,
  proposal: ProposalEntity,
  status: string,
  body = '검토했습니다.',
): Promise<any> {
  const data = await ok(
    s.t,
    ANSWER,
    { input: { proposalId: pid(proposal), status, body } },
    who.token,
  );
  return data.answerProposal;
}

/** Moves a proposal's deadline into the past (or anywhere), as time passing would. */
export async function setDueAt(t: TestApp, proposalId: string, dueAt: Date): Promise<void> {
  await t.db.query('UPDATE proposal SET response_due_at = $2 WHERE id = $1', [proposalId, dueAt]);
}

/** Every feedback row of a proposal, to prove a refused write changed nothing. */
export async function feedbackSnapshot(t: TestApp, proposalId: string): Promise<unknown> {
  const [proposal] = await t.db.query(
    `SELECT status, department_id, response_due_at, awaiting_answer, progress, updated_at
       FROM proposal WHERE id = $1`,
    [proposalId],
  );
  const rows = async (table: string) =>
    t.db.query(`SELECT * FROM ${table} WHERE proposal_id = $1 ORDER BY created_at, id`, [
      proposalId,
    ]);
  return {
    proposal,
    transfers: await rows('department_transfer'),
    answers: await rows('official_answer'),
    progress: await rows('progress_update'),
    ratings: await t.db.query(
      `SELECT r.* FROM answer_rating r JOIN official_answer a ON a.id = r.answer_id
        WHERE a.proposal_id = $1 ORDER BY r.answer_id`,
      [proposalId],
    ),
  };
}

/**
 * A proposal already at `status` and assigned to `department`, with the first-assignment row
 * that answers link to, straight into the database: for tests of what may happen from a
 * status, not of how it was reached. By the scene's author unless `authorId` is given.
 */
export async function proposalAt(
  s: FeedbackScene,
  status: ProposalEntity['status'] | `${ProposalEntity['status']}`,
  department: DepartmentEntity,
  overrides: Partial<ProposalEntity> = {},
  authorId: string = s.author.user.id,
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
    [proposal.id, department.id, s.admin.user.id, proposal.responseDueAt ?? responseDueAt],
  );
  return proposal;
}
