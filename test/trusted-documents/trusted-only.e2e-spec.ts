import { readFileSync } from 'node:fs';
import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { UserEntity } from '../../src/identity/user.entity.js';
import { withEnv } from '../mail/support.js';
import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';
import { manifestOf, persisted, persistedGet, register, sha256 } from './support.js';

const DEPARTMENTS = 'query Departments { departments { slug name } }';
const RENAME = `mutation Rename($name: String!) {
  updateMe(input: { displayName: $name }) {
    displayName
  }
}`;
const EXPENSIVE = `query Expensive {
  proposals(first: 100) {
    nodes {
      comments(first: 100) {
        nodes {
          body
        }
      }
    }
  }
}`;
/** Not registered: what a scraper or a hand-written client would send. */
const ARBITRARY = 'query Arbitrary { departments { slug } }';

/**
 * TRUSTED_DOCUMENTS_ONLY=true: anonymous and people's requests run registered documents only,
 * by hash or in full; an API client's token keeps arbitrary documents. Refusals come before
 * the document is parsed, with PERSISTED_QUERY_NOT_IN_LIST and HTTP 400.
 */
describe('trusted documents only', () => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await withEnv({ TRUSTED_DOCUMENTS_ONLY: 'true' }, () => startTestApp());
    slug = (await createDepartment(t.db, { name: '공원녹지과' })).slug;
    await register(
      t,
      manifestOf([
        { name: 'Departments', body: DEPARTMENTS },
        { name: 'Rename', body: RENAME, type: 'mutation' },
        { name: 'Expensive', body: EXPENSIVE },
      ]),
    );
  });
  afterAll(() => t.close());

  const expectNotInList = (res: GraphqlResponse) => {
    expect({ status: res.status, code: codeOf(res) }).toEqual({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_IN_LIST',
    });
    expect(res.data).toBeUndefined();
  };

  it('refuses an unregistered document from anonymous, sent in full, with its hash, or over GET', async () => {
    const full = await t.gql(ARBITRARY);
    expectNotInList(full);
    expect(full.errors![0].message).toBe(
      'This server runs registered documents only: send a registered document, or its hash (extensions.persistedQuery).',
    );
    const korean = await t.gql(ARBITRARY, {}, null, { 'Accept-Language': 'ko' });
    expect(korean.errors![0].message).toBe(
      '이 서버는 등록된 문서만 실행합니다. 등록된 문서나 그 해시(extensions.persistedQuery)를 보내 주세요.',
    );
    expectNotInList(await persisted(t, sha256(ARBITRARY), { query: ARBITRARY }));
    // Introspection is a document like any other.
    expectNotInList(await t.gql('{ __schema { types { name } } }'));
    const get = await t
      .http()
      .get('/graphql')
      .query({ query: ARBITRARY })
      .set('apollo-require-preflight', 'true');
    expect({ status: get.status, code: get.body.errors?.[0]?.extensions?.code }).toEqual({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_IN_LIST',
    });
    // `query` twice is refused too, whichever of the two is registered.
    const twice = await t
      .http()
      .get(
        `/graphql?query=${encodeURIComponent(DEPARTMENTS)}&query=${encodeURIComponent(ARBITRARY)}`,
      )
      .set('apollo-require-preflight', 'true');
    expect(twice.status).toBe(400);
    expect(twice.body.data).toBeUndefined();
  });

  it("refuses a citizen's unregistered document, a mutation too, and nothing changes", async () => {
    const { user, token } = await createUser(t.db, t.jwt);
    expectNotInList(await t.gql(ARBITRARY, {}, token));
    const rename = `mutation { updateMe(input: { displayName: "Renamed by hand" }) { displayName } }`;
    expectNotInList(await t.gql(rename, {}, token));
    const after = await t.db.getRepository(UserEntity).findOneByOrFail({ id: user.id });
    expect(after.displayName).toBe(user.displayName);
    // A staff member or an admin is a person too.
    const admin = await createUser(t.db, t.jwt, { role: 'ADMIN' as UserEntity['role'] });
    expectNotInList(await t.gql(ARBITRARY, {}, admin.token));
  });

  it('runs registered documents for anonymous and citizens, by hash or in full, over POST and GET', async () => {
    const anonymous = await persisted(t, sha256(DEPARTMENTS));
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data.departments).toEqual(
      expect.arrayContaining([{ slug, name: '공원녹지과' }]),
    );
    const inFull = await t.gql(DEPARTMENTS);
    expect(inFull.errors).toBeUndefined();
    expect(inFull.data).toEqual(anonymous.data);
    const get = await persistedGet(t, sha256(DEPARTMENTS));
    expect(get.errors).toBeUndefined();
    expect(get.data).toEqual(anonymous.data);

    const { user, token } = await createUser(t.db, t.jwt);
    const renamed = await persisted(t, sha256(RENAME), { variables: { name: '새 이름' }, token });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updateMe.displayName).toBe('새 이름');
    const stored = await t.db.getRepository(UserEntity).findOneByOrFail({ id: user.id });
    expect(stored.displayName).toBe('새 이름');
  });

  it("runs an API client's own documents, as the client's account, within the limits", async () => {
    const client = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const own = await t.gql(
      'query Mine { me { displayName } departments { slug } }',
      {},
      client.token,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.me.displayName).toBe(client.user.displayName);
    expect(own.data.departments).toEqual(expect.arrayContaining([{ slug }]));
    // Its scopes still hold: a people's mutation is not for it.
    const mutation = await t.gql('mutation { markNotificationsRead(ids: []) }', {}, client.token);
    expect(codeOf(mutation)).toBe('FORBIDDEN');
    // And the cost limit, as for everyone.
    const expensive = await t.gql(EXPENSIVE.replace('Expensive', 'Mine'), {}, client.token);
    expect(codeOf(expensive)).toBe('QUERY_TOO_COMPLEX');
    expect(expensive.errors![0].extensions).toMatchObject({ limit: 'cost' });
  });

  it("refuses a revoked client's own documents, and a bad or expired token says why", async () => {
    const revoked = await createApiClientRow(t.db, t.jwt);
    await t.db.query('UPDATE api_client SET revoked_at = now() WHERE id = $1', [revoked.client.id]);
    expectNotInList(await t.gql(ARBITRARY, {}, revoked.token));

    const client = await createApiClientRow(t.db, t.jwt);
    const expired = await t.jwt.signAsync(
      { sub: client.user.id, sid: client.client.sessionId, scope: 'read' },
      { expiresIn: -10 },
    );
    const late = await t.gql(ARBITRARY, {}, expired);
    expect({ status: late.status, code: codeOf(late) }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(late.errors![0].extensions).toMatchObject({ reason: 'TOKEN_EXPIRED' });
    for (const header of [`Bearer ${client.token}x`, `Basic ${client.token}`]) {
      const res = await t
        .http()
        .post('/graphql')
        .set('Authorization', header)
        .send({ query: ARBITRARY });
      expect({ status: res.status, code: res.body.errors?.[0]?.extensions?.code }).toEqual({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(res.body.errors[0].extensions.reason).toBe('TOKEN_INVALID');
      expect(res.body.data).toBeUndefined();
    }
  });

  it('holds a registered document to the cost limit, and refuses a hash that is not its text', async () => {
    const expensive = await persisted(t, sha256(EXPENSIVE));
    expect({ status: expensive.status, code: codeOf(expensive) }).toEqual({
      status: 400,
      code: 'QUERY_TOO_COMPLEX',
    });
    const hijack = await persisted(t, sha256(DEPARTMENTS), { query: ARBITRARY });
    expect({ status: hijack.status, code: codeOf(hijack) }).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
    });
    expect(hijack.data).toBeUndefined();
    expect(codeOf(await persisted(t, sha256(ARBITRARY)))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it("registers the typed-client example's manifest as committed, and runs its operations by hash", async () => {
    const manifest = JSON.parse(
      readFileSync('examples/typed-client/persisted-query-manifest.json', 'utf8'),
    ) as { operations: { id: string; name: string }[] };
    expect(await register(t, manifest, 'typed-client')).toMatch(/^Registered 3 new /);
    const hash = (name: string) => manifest.operations.find((o) => o.name === name)!.id;
    const { user, token } = await createUser(t.db, t.jwt);
    const proposal = await createProposal(t.db, user.id, { title: '벤치를 놓아 주세요' });
    const id = toGlobalId('Proposal', proposal.id);

    const latest = await persisted(t, hash('LatestProposals'), { variables: { first: 10 } });
    expect(latest.errors).toBeUndefined();
    expect(latest.data.proposals.nodes).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, title: '벤치를 놓아 주세요' })]),
    );
    const supporter = await createUser(t.db, t.jwt);
    const supported = await persisted(t, hash('SupportProposal'), {
      variables: { id },
      token: supporter.token,
    });
    expect(supported.errors).toBeUndefined();
    expect(supported.data.supportProposal).toEqual({
      id,
      supportCount: 1,
      viewerHasSupported: true,
    });
    const page = await persisted(t, hash('ProposalPage'), { variables: { id }, token });
    expect(page.errors).toBeUndefined();
    expect(page.data.proposal).toMatchObject({ id, supportCount: 1, viewerHasSupported: false });
  });
});
