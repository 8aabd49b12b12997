import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  admin,
  clientToken,
  CREATE,
  registerClient,
  REVOKE,
  ROTATE,
  secretHashOf,
} from './support.js';

/**
 * The admins' registry of API clients: what createApiClient makes (an account, a session, a
 * hashed secret, an audit entry), every hostile input, who may call it, the list, node(id),
 * Query.apiClient and what of a client others see.
 */
const LIST = `query List($first: Int, $after: String) {
  apiClients(first: $first, after: $after) { id name cursor revokedAt } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { ... on ApiClient { id name ownerContact } } }`;

describe('the API client registry', () => {
  let t: TestApp;
  let boss: TestUser;
  let parksId: string;

  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM api_client)::int AS clients,
                (SELECT count(*) FROM app_user)::int AS users,
                (SELECT count(*) FROM auth_session)::int AS sessions,
                (SELECT count(*) FROM audit_entry)::int AS audits`,
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    boss = await admin(t);
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
  });
  afterAll(() => t.close());

  it('creates an account, a session and the client in one go; the secret is kept as a hash only; audited', async () => {
    const res = await t.gql(
      CREATE,
      {
        input: {
          name: '  공원 민원 연동  ',
          ownerContact: 'parks-it@seoul.example',
          scopes: ['READ', 'FEEDBACK_WRITE'],
          departmentId: toGlobalId('Department', parksId),
          costLimitPerMinute: 5000,
        },
      },
      boss.token,
    );
    expect(res.errors).toBeUndefined();
    const { client, clientSecret } = res.data.createApiClient;
    expect(client).toMatchObject({
      name: '공원 민원 연동',
      ownerContact: 'parks-it@seoul.example',
      scopes: ['READ', 'FEEDBACK_WRITE'],
      department: { id: toGlobalId('Department', parksId) },
      revokedAt: null,
      usage: { windowSeconds: 60, costUsed: 0, costLimit: 5000 },
    });
    expect(client.clientId).toMatch(/^wtk_[a-z2-7]{16}$/);
    expect(Buffer.from(clientSecret, 'base64url')).toHaveLength(32);
    const [row] = await t.db.query(
      `SELECT c.*, u.role, u.email, u.display_name, u.department_id AS user_department,
              u.password_hash, s.user_id AS session_user
         FROM api_client c JOIN app_user u ON u.id = c.user_id
         JOIN auth_session s ON s.id = c.session_id WHERE c.client_id = $1`,
      [client.clientId],
    );
    expect(row).toMatchObject({
      role: Role.STAFF,
      user_department: parksId,
      display_name: '공원 민원 연동',
      password_hash: '!api-client',
      cost_limit_per_minute: 5000,
      created_by_id: boss.user.id,
      previous_secret_hash: null,
    });
    expect(row.session_user).toBe(row.user_id);
    expect(row.email).toMatch(/^client-[a-z2-7]{16}@clients\.wontak\.invalid$/);
    expect(row.secret_hash).toEqual(secretHashOf(clientSecret));
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    const [audit] = await t.db.query(
      `SELECT * FROM audit_entry WHERE action = 'API_CLIENT_CREATED' AND target_id = $1`,
      [row.id],
    );
    expect(audit).toMatchObject({ actor_id: boss.user.id, target_type: 'ApiClient' });
    // Its account cannot log in: no password matches '!api-client'.
    const logIn = await t.gql(
      `mutation { logIn(input: { email: "${row.email}", password: "!api-client" }) { accessToken } }`,
    );
    expect(codeOf(logIn)).toBe('UNAUTHENTICATED');
  });

  it('a client without a department acts through a CITIZEN account, on the default budget', async () => {
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const [row] = await t.db.query(
      'SELECT u.role, u.department_id FROM api_client c JOIN app_user u ON u.id = c.user_id WHERE c.id = $1',
      [client.dbId],
    );
    expect(row).toEqual({ role: Role.CITIZEN, department_id: null });
    const token = await clientToken(t, client);
    const me = await t.gql('{ apiClient { usage { costLimit } department { id } } }', {}, token);
    expect(me.data.apiClient).toEqual({ usage: { costLimit: 200_000 }, department: null });
  });

  it('refuses every hostile input with BAD_USER_INPUT naming the field, and creates nothing', async () => {
    const valid = {
      name: '데이터 데스크',
      ownerContact: 'desk@news.example',
      scopes: ['READ'],
      departmentId: null,
      costLimitPerMinute: null,
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'a\u0000b' }, 'name'],
      [{ ownerContact: '' }, 'ownerContact'],
      [{ ownerContact: 'x'.repeat(201) }, 'ownerContact'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['READ', 'READ'] }, 'scopes'],
      [{ scopes: ['FEEDBACK_WRITE'] }, 'departmentId'],
      [
        { departmentId: toGlobalId('Department', '00000000-0000-4000-8000-000000000000') },
        'departmentId',
      ],
      [{ departmentId: toGlobalId('Topic', parksId) }, 'departmentId'],
      [{ departmentId: 'junk' }, 'departmentId'],
      [{ costLimitPerMinute: 0 }, 'costLimitPerMinute'],
      [{ costLimitPerMinute: -5 }, 'costLimitPerMinute'],
      [{ costLimitPerMinute: 1_000_001 }, 'costLimitPerMinute'],
    ];
    const before = await counts();
    for (const [change, field] of cases) {
      const res = await t.gql(CREATE, { input: { ...valid, ...change } }, boss.token);
      expect([JSON.stringify(change).slice(0, 60), codeOf(res), badFields(res)]).toEqual([
        JSON.stringify(change).slice(0, 60),
        'BAD_USER_INPUT',
        [field],
      ]);
    }
    // Wrong types and unknown scopes are refused by GraphQL itself.
    for (const change of [{ scopes: ['ADMIN'] }, { costLimitPerMinute: 1.5 }, { name: 5 }]) {
      const res = await t.gql(CREATE, { input: { ...valid, ...change } }, boss.token);
      expect({ status: res.status, code: codeOf(res) }).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      expect(res.data?.createApiClient ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
    // The edges themselves pass.
    const edge = await t.gql(
      CREATE,
      {
        input: {
          ...valid,
          name: 'x'.repeat(100),
          ownerContact: 'y'.repeat(200),
          scopes: ['READ', 'PROPOSALS_WRITE', 'FEEDBACK_WRITE', 'WEBHOOKS'],
          departmentId: toGlobalId('Department', parksId),
          costLimitPerMinute: 1_000_000,
        },
      },
      boss.token,
    );
    expect(edge.errors).toBeUndefined();
    const one = await t.gql(CREATE, { input: { ...valid, costLimitPerMinute: 1 } }, boss.token);
    expect(one.data.createApiClient.client.usage.costLimit).toBe(1);
  });

  it('is for admins only: staff, citizens, anonymous callers and API clients (whatever their scopes) are refused', async () => {
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    const moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    const citizen = await createUser(t.db, t.jwt);
    const everything = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE, ApiScope.FEEDBACK_WRITE, ApiScope.WEBHOOKS],
      departmentId: parksId,
    });
    const target = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const input = { name: 'x', ownerContact: 'y', scopes: ['READ'] };
    const before = await counts();
    for (const token of [staff.token, moderator.token, citizen.token, null]) {
      for (const [query, vars] of [
        [CREATE, { input }],
        [ROTATE, { id: target.id }],
        [REVOKE, { id: target.id }],
        [LIST, {}],
      ] as const) {
        const res = await t.gql(query, vars, token);
        expect(codeOf(res)).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      }
    }
    for (const [query, vars] of [
      [CREATE, { input }],
      [ROTATE, { id: target.id }],
      [REVOKE, { id: target.id }],
    ] as const) {
      const res = await t.gql(query, vars, everything.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    // Reading the list is a query: READ passes the scope check, the role does not.
    expect(codeOf(await t.gql(LIST, {}, everything.token))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    expect(await clientToken(t, target)).toEqual(expect.any(String));
  });

  it('rotate and revoke refuse unknown ids, ids of other types and out-of-range grace periods', async () => {
    const target = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const unknown = toGlobalId('ApiClient', '00000000-0000-4000-8000-000000000000');
    expect(codeOf(await t.gql(ROTATE, { id: unknown }, boss.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REVOKE, { id: unknown }, boss.token))).toBe('NOT_FOUND');
    const wrongType = toGlobalId('User', target.dbId);
    expect(badFields(await t.gql(ROTATE, { id: wrongType }, boss.token))).toEqual(['id']);
    expect(badFields(await t.gql(REVOKE, { id: wrongType }, boss.token))).toEqual(['id']);
    for (const graceSeconds of [-1, 604_801]) {
      const res = await t.gql(ROTATE, { id: target.id, graceSeconds }, boss.token);
      expect(badFields(res)).toEqual(['graceSeconds']);
    }
    const [row] = await t.db.query('SELECT secret_hash FROM api_client WHERE id = $1', [
      target.dbId,
    ]);
    expect(row.secret_hash).toEqual(secretHashOf(target.secret));
    const week = await t.gql(ROTATE, { id: target.id, graceSeconds: 604_800 }, boss.token);
    expect(week.errors).toBeUndefined();
    const [after] = await t.db.query(
      'SELECT previous_secret_hash, previous_secret_expires_at FROM api_client WHERE id = $1',
      [target.dbId],
    );
    expect(after.previous_secret_hash).toEqual(secretHashOf(target.secret));
    const graceMs = after.previous_secret_expires_at.getTime() - Date.now();
    expect(graceMs).toBeGreaterThan(604_790_000);
    expect(graceMs).toBeLessThanOrEqual(604_800_000);
    const audits = await t.db.query(
      `SELECT actor_id, after FROM audit_entry WHERE action = 'API_CLIENT_SECRET_ROTATED' AND target_id = $1`,
      [target.dbId],
    );
    expect(audits).toEqual([
      { actor_id: boss.user.id, after: after.previous_secret_expires_at.toISOString() },
    ]);
  });

  it('two revocations at once: one revocation, one audit entry, the session ended', async () => {
    const target = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const results = await Promise.all([
      t.gql(REVOKE, { id: target.id }, boss.token),
      t.gql(REVOKE, { id: target.id }, boss.token),
    ]);
    for (const res of results) expect(res.errors).toBeUndefined();
    expect(results[0].data.revokeApiClient.revokedAt).toBe(
      results[1].data.revokeApiClient.revokedAt,
    );
    const audits = await t.db.query(
      `SELECT actor_id FROM audit_entry WHERE action = 'API_CLIENT_REVOKED' AND target_id = $1`,
      [target.dbId],
    );
    expect(audits).toEqual([{ actor_id: boss.user.id }]);
    const [session] = await t.db.query(
      'SELECT s.revoked_at, s.revoked_reason FROM auth_session s JOIN api_client c ON c.session_id = s.id WHERE c.id = $1',
      [target.dbId],
    );
    expect(session.revoked_at).not.toBeNull();
    expect(session.revoked_reason).toBe('API_CLIENT_REVOKED');
  });

  it('lists every client oldest first, a page at a time; a junk cursor is BAD_USER_INPUT', async () => {
    const all = (await t.gql(LIST, { first: 100 }, boss.token)).data.apiClients as {
      id: string;
      cursor: string;
    }[];
    expect(all.length).toBeGreaterThanOrEqual(5);
    const page1 = (await t.gql(LIST, { first: 2 }, boss.token)).data.apiClients;
    const page2 = (await t.gql(LIST, { first: 2, after: page1[1].cursor }, boss.token)).data
      .apiClients;
    expect([...page1, ...page2].map((c: { id: string }) => c.id)).toEqual(
      all.slice(0, 4).map((c) => c.id),
    );
    expect((await t.gql(LIST, { first: 0 }, boss.token)).data.apiClients).toEqual([]);
    for (const vars of [
      { after: 'junk!' },
      { after: Buffer.from('["x",1,2]').toString('base64url') },
    ]) {
      expect(badFields(await t.gql(LIST, vars, boss.token))).toEqual(['after']);
    }
    for (const first of [-1, 101]) {
      expect(badFields(await t.gql(LIST, { first }, boss.token))).toEqual(['first']);
    }
  });

  it('node(id) and Query.apiClient: admins and the client itself; nobody else', async () => {
    const a = await registerClient(t, boss.token, { scopes: [ApiScope.READ], name: 'A' });
    const b = await registerClient(t, boss.token, { scopes: [ApiScope.READ], name: 'B' });
    const tokenA = await clientToken(t, a);
    const tokenB = await clientToken(t, b);
    const citizen = await createUser(t.db, t.jwt);
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    expect((await t.gql(NODE, { id: a.id }, boss.token)).data.node).toMatchObject({ name: 'A' });
    expect((await t.gql(NODE, { id: a.id }, tokenA)).data.node).toMatchObject({
      name: 'A',
      ownerContact: 'ops@dasan.example',
    });
    for (const token of [tokenB, citizen.token, staff.token, null]) {
      const res = await t.gql(NODE, { id: a.id }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
    }
    expect((await t.gql('{ apiClient { name } }', {}, tokenB)).data.apiClient).toEqual({
      name: 'B',
    });
    for (const token of [citizen.token, boss.token, null]) {
      const res = await t.gql('{ apiClient { name } }', {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.apiClient).toBeNull();
    }
  });
});
