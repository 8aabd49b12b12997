import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { admin, clientToken, registerClient } from './support.js';

/**
 * Every scope from its forbidden side, with tokens from the token endpoint; a department's
 * client acting as its staff would (and no further); every write of a client attributed to it
 * on the timeline and in the audit log, resolved for a page in one query.
 */
const ANSWER = `mutation A($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`;
const TIMELINE = `query T($id: ID!) { proposal(id: $id) { status
  timeline { nodes { kind actor { user { id } department { id } apiClient { id name } } } } } }`;
const AUDIT = `query L($action: AuditAction) { auditLog(first: 50, action: $action) {
  nodes { action actor { id } apiClient { id name } target { id } } } }`;

describe('API client scopes and attribution', () => {
  let t: TestApp;
  let boss: TestUser;
  let citizen: TestUser;
  let parksId: string;
  let roadsId: string;

  /** A proposal assigned (by an admin) to the department: UNDER_REVIEW, ready for an answer. */
  const underReview = async (departmentId: string) => {
    const p = await createProposal(t.db, citizen.user.id);
    const res = await t.gql(
      `mutation R($input: AssignProposalInput!) { assignProposal(input: $input) { status } }`,
      {
        input: {
          proposalId: toGlobalId('Proposal', p.id),
          departmentId: toGlobalId('Department', departmentId),
          reason: '담당 부서입니다',
        },
      },
      boss.token,
    );
    expect(res.data.assignProposal.status).toBe('UNDER_REVIEW');
    return p;
  };
  const answer = (proposalId: string, token: string, body = '현장을 확인하고 있습니다.') =>
    t.gql(
      ANSWER,
      { input: { proposalId: toGlobalId('Proposal', proposalId), status: 'ACCEPTED', body } },
      token,
    );
  const statusOf = async (id: string): Promise<string> =>
    (await t.db.query('SELECT status FROM proposal WHERE id = $1', [id]))[0].status;

  beforeAll(async () => {
    t = await startTestApp();
    boss = await admin(t);
    citizen = await createUser(t.db, t.jwt);
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
    roadsId = (await createDepartment(t.db, { name: '도로과' })).id;
  });
  afterAll(() => t.close());

  it('a token without read cannot query anything, not even itself: FORBIDDEN naming read', async () => {
    const client = await registerClient(t, boss.token, {
      scopes: [ApiScope.READ, ApiScope.WEBHOOKS],
    });
    const token = await clientToken(t, client, 'webhooks');
    for (const query of ['{ apiClient { name } }', '{ departments { id } }', '{ me { id } }']) {
      const res = await t.gql(query, {}, token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors![0].extensions).toMatchObject({
        reason: 'MISSING_SCOPE',
        missingScope: 'read',
      });
    }
    const full = await clientToken(t, client);
    expect((await t.gql('{ apiClient { name } }', {}, full)).errors).toBeUndefined();
  });

  it("feedback:write missing: a department's client cannot answer, even for its own department", async () => {
    const client = await registerClient(t, boss.token, {
      scopes: [ApiScope.READ, ApiScope.FEEDBACK_WRITE],
      departmentId: parksId,
    });
    const p = await underReview(parksId);
    const readOnly = await clientToken(t, client, 'read');
    const res = await answer(p.id, readOnly);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].extensions).toMatchObject({ missingScope: 'feedback:write' });
    expect(await statusOf(p.id)).toBe('UNDER_REVIEW');
    // A department's client made without feedback:write fails the same way.
    const plain = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ],
      departmentId: parksId,
    });
    const res2 = await answer(p.id, plain.token);
    expect(res2.errors![0].extensions).toMatchObject({ missingScope: 'feedback:write' });
    expect(await statusOf(p.id)).toBe('UNDER_REVIEW');
  });

  it("a department's client answering another department's proposal is FORBIDDEN, as its staff would be", async () => {
    const client = await registerClient(t, boss.token, {
      scopes: [ApiScope.READ, ApiScope.FEEDBACK_WRITE],
      departmentId: parksId,
    });
    const token = await clientToken(t, client);
    const roads = await underReview(roadsId);
    const parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    for (const who of [token, parksStaff.token]) {
      const res = await answer(roads.id, who);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors![0].extensions?.missingScope).toBeUndefined();
    }
    expect(await statusOf(roads.id)).toBe('UNDER_REVIEW');
    const answers = await t.db.query(
      'SELECT count(*)::int AS n FROM official_answer WHERE proposal_id = $1',
      [roads.id],
    );
    expect(answers[0].n).toBe(0);
  });

  it("people's mutations are not for clients, whatever their scopes: NOT_FOR_API_CLIENTS", async () => {
    const client = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE, ApiScope.FEEDBACK_WRITE, ApiScope.WEBHOOKS],
      departmentId: parksId,
    });
    const p = await underReview(parksId);
    const id = toGlobalId('Proposal', p.id);
    for (const mutation of [
      `mutation { supportProposal(id: "${id}") { id } }`,
      `mutation { createProposal(input: { title: "클라이언트 제안", body: "클라이언트가 직접 쓴 제안" }) { id } }`,
      `mutation { addComment(input: { subjectId: "${id}", body: "댓글입니다" }) { id } }`,
    ]) {
      const res = await t.gql(mutation, {}, client.token);
      expect([mutation.slice(0, 30), codeOf(res)]).toEqual([mutation.slice(0, 30), 'FORBIDDEN']);
      expect(res.errors![0].extensions).toMatchObject({ reason: 'NOT_FOR_API_CLIENTS' });
    }
    const [counts] = await t.db.query(
      `SELECT (SELECT count(*) FROM proposal_support WHERE proposal_id = $1)::int AS supports,
              (SELECT count(*) FROM comment WHERE proposal_id = $1)::int AS comments,
              (SELECT count(*) FROM proposal WHERE author_id = $2)::int AS own`,
      [p.id, client.user.id],
    );
    expect(counts).toEqual({ supports: 0, comments: 0, own: 0 });
  });

  it("a feedback:write client's answer is attributed to it on the timeline and in the audit log", async () => {
    const registered = await registerClient(t, boss.token, {
      scopes: [ApiScope.READ, ApiScope.FEEDBACK_WRITE],
      departmentId: parksId,
      name: '공원 민원 시스템',
    });
    const token = await clientToken(t, registered);
    const [{ user_id: accountId }] = await t.db.query(
      'SELECT user_id FROM api_client WHERE id = $1',
      [registered.dbId],
    );
    const p = await underReview(parksId);
    const res = await answer(p.id, token, '다음 주에 보수하겠습니다.');
    expect(res.errors).toBeUndefined();
    expect(await statusOf(p.id)).toBe('ACCEPTED');

    const timeline = await t.gql(TIMELINE, { id: toGlobalId('Proposal', p.id) }, citizen.token);
    expect(timeline.errors).toBeUndefined();
    const answered = timeline.data.proposal.timeline.nodes.find(
      (e: { kind: string }) => e.kind === 'ANSWERED',
    );
    expect(answered.actor.apiClient).toEqual({ id: registered.id, name: '공원 민원 시스템' });
    expect(answered.actor.user).toEqual({ id: toGlobalId('User', accountId) });
    // The citizen's own SUBMITTED event names no client.
    const submitted = timeline.data.proposal.timeline.nodes.find(
      (e: { kind: string }) => e.kind === 'SUBMITTED',
    );
    expect(submitted.actor.apiClient).toBeNull();

    const log = await t.gql(AUDIT, { action: 'PROPOSAL_ANSWERED' }, boss.token);
    expect(log.errors).toBeUndefined();
    const entry = log.data.auditLog.nodes.find(
      (n: { target: { id: string } | null }) => n.target?.id === toGlobalId('Proposal', p.id),
    );
    expect(entry).toMatchObject({
      actor: { id: toGlobalId('User', accountId) },
      apiClient: { id: registered.id, name: '공원 민원 시스템' },
    });
    // An admin's own entries name no client.
    const created = await t.gql(AUDIT, { action: 'API_CLIENT_CREATED' }, boss.token);
    expect(created.data.auditLog.nodes.length).toBeGreaterThan(0);
    for (const n of created.data.auditLog.nodes) expect(n.apiClient).toBeNull();
  });

  it('resolves the clients of a page of actors in one query, however many there are', async () => {
    const clients = await Promise.all(
      [1, 2, 3].map(() =>
        createApiClientRow(t.db, t.jwt, {
          scopes: [ApiScope.READ, ApiScope.FEEDBACK_WRITE],
          departmentId: parksId,
        }),
      ),
    );
    for (const client of clients) {
      const p = await underReview(parksId);
      expect((await answer(p.id, client.token)).errors).toBeUndefined();
    }
    const page = (first: number) =>
      t.gql(
        `query L($first: Int) { auditLog(first: $first, action: PROPOSAL_ANSWERED) { nodes { apiClient { id } } } }`,
        { first },
        boss.token,
      );
    const one = await countQueries(t.db, () => page(1));
    const three = await countQueries(t.db, () => page(3));
    expect(
      three.result.data.auditLog.nodes
        .map((n: { apiClient: { id: string } }) => n.apiClient.id)
        .sort(),
    ).toEqual(clients.map((c) => toGlobalId('ApiClient', c.client.id)).sort());
    expect(three.queries.filter((q) => q.includes('api_client'))).toHaveLength(
      one.queries.filter((q) => q.includes('api_client')).length,
    );
    expect(three.queries.length).toBe(one.queries.length);
  });
});
